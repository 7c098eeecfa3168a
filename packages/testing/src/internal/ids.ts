/**
 * SIDs, request ids and dates as Twilio prints them. A small seeded generator keeps SIDs
 * reproducible from one run to the next and cheap enough to seed 100,000 participants.
 */

/** A Call SID: `CA` + 32 hex digits. */
export const CALL_SID = /^CA[0-9a-fA-F]{32}$/
/** A Conference SID: `CF` + 32 hex digits. */
export const CONFERENCE_SID = /^CF[0-9a-fA-F]{32}$/
/** An Account SID: `AC` + 32 hex digits. */
export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/
/** An API key SID: `SK` + 32 hex digits. */
export const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/
/** A BYOC trunk SID: `BY` + 32 hex digits. */
export const BYOC_SID = /^BY[0-9a-fA-F]{32}$/

/** A deterministic generator of 32-hex-digit identifiers with a two-letter prefix. */
export interface SidGenerator {
  readonly next: (prefix: string) => string
}

/** xorshift32: fast, seedable, good enough to make SIDs look random and never collide in practice. */
export const makeSidGenerator = (seed: number): SidGenerator => {
  // Scramble the seed so small seeds (1, 2 …) do not start on low-entropy words.
  let state = Math.imul((seed ^ 0x9e3779b9) >>> 0, 0x85ebca6b) >>> 0 || 0x9e3779b9
  let counter = 0
  const word = () => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state.toString(16).padStart(8, "0")
  }
  for (let i = 0; i < 8; i++) word()
  return {
    next: (prefix) => {
      // Three random words and a counter: unique by construction, random-looking by the words.
      counter += 1
      return `${prefix}${word()}${word()}${word()}${counter.toString(16).padStart(8, "0")}`
    }
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
const two = (n: number) => (n < 10 ? `0${n}` : String(n))

/** Epoch milliseconds as Twilio writes dates: `Fri, 18 Feb 2011 21:07:19 +0000`. */
export const rfc2822 = (millis: number): string => {
  const d = new Date(millis)
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(
    d.getUTCHours()
  )}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
}
