/**
 * Twilio writes dates in RFC 2822 form (`Fri, 18 Feb 2011 21:07:19 +0000`).
 */
import * as DateTime from "effect/DateTime"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const

// Day name optional, seconds optional, zone numeric or one of the obsolete names RFC 2822 still allows.
const RFC2822 =
  /^\s*(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4}|UT|GMT|Z)\s*$/

/** Parses an RFC 2822 date to epoch milliseconds; `undefined` when the text is not a real date. */
export const parse = (text: string): number | undefined => {
  const m = RFC2822.exec(text)
  if (m === null) return undefined
  const [, dayName, dd, mon, yyyy, hh, mi, ss, zone] = m
  const day = Number(dd)
  const month = MONTHS.indexOf(mon as (typeof MONTHS)[number])
  const year = Number(yyyy)
  const hour = Number(hh)
  const minute = Number(mi)
  const second = ss === undefined ? 0 : Number(ss)
  if (hour > 23 || minute > 59 || second > 60) return undefined
  const local = Date.UTC(year, month, day, hour, minute, Math.min(second, 59))
  // Date.UTC rolls 31 Feb over into March: reject instead of inventing a date.
  if (new Date(local).getUTCDate() !== day) return undefined
  if (dayName !== undefined && DAYS[new Date(local).getUTCDay()] !== dayName) return undefined
  let offsetMinutes = 0
  if (zone !== undefined && zone.length === 5) {
    const sign = zone[0] === "-" ? -1 : 1
    const oh = Number(zone.slice(1, 3))
    const om = Number(zone.slice(3, 5))
    if (om > 59) return undefined
    offsetMinutes = sign * (oh * 60 + om)
  }
  return local - offsetMinutes * 60_000
}

const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`)

/** Formats epoch milliseconds the way Twilio does: `Fri, 18 Feb 2011 21:07:19 +0000`. */
export const format = (millis: number): string => {
  const d = new Date(millis)
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(
    d.getUTCHours()
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
}

/** An RFC 2822 date string decoded to a `DateTime.Utc`; a malformed or impossible date is a decode failure. */
export const DateTimeFromRfc2822 = Schema.transformOrFail(Schema.String, Schema.DateTimeUtcFromSelf, {
  strict: true,
  decode: (text, _, ast) => {
    const millis = parse(text)
    return millis === undefined
      ? ParseResult.fail(
          new ParseResult.Type(ast, text, `Expected an RFC 2822 date, got ${JSON.stringify(text)}`)
        )
      : ParseResult.succeed(DateTime.unsafeMake(millis))
  },
  encode: (dt) => ParseResult.succeed(format(DateTime.toEpochMillis(dt)))
}).annotations({ identifier: "DateTimeFromRfc2822" })
