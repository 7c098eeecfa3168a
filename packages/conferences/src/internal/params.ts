/**
 * The value schemas conference parameters use (URLs, methods, days, ranges); each field is declared
 * with core's `RequestParams`.
 */
import * as Schema from "effect/Schema"

/** True for an absolute `http:` or `https:` URL with a host (Twilio fetches TwiML or audio there). */
const isHttpUrl = (text: string): boolean => /^https?:\/\/[^/?#\s]/i.test(text) && URL.canParse(text)

/** An absolute http(s) URL. */
export const HttpUrl = Schema.String.pipe(Schema.filter(isHttpUrl))

/** `GET` or `POST`: how Twilio calls back into an application. */
export const CallbackMethod = Schema.Literal("GET", "POST")

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar date written `YYYY-MM-DD` (so `2024-02-30` is refused). */
const isDay = (text: string): boolean => {
  const m = DAY.exec(text)
  if (m === null) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** A UTC calendar day as Twilio's date filters take it: `YYYY-MM-DD`. */
export const Day = Schema.String.pipe(Schema.filter(isDay))

/** The whole-number range of a page size. */
export const intBetween = (min: number, max: number) => Schema.Int.pipe(Schema.between(min, max))
