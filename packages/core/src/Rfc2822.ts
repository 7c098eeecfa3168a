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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

// Three letters packed into one number, so a month or day name is compared without slicing the text.
const code3 = (text: string, at: number): number =>
  (text.charCodeAt(at) << 16) | (text.charCodeAt(at + 1) << 8) | text.charCodeAt(at + 2)
const MONTH_BY_CODE: ReadonlyMap<number, number> = new Map(
  MONTHS.map((name, index) => [code3(name, 0), index])
)
const DAY_CODES: ReadonlyArray<number> = DAYS.map((name) => code3(name, 0))

/** Two ASCII digits at `at` as a number, or -1. */
const twoDigits = (text: string, at: number): number => {
  const a = text.charCodeAt(at) - 48
  const b = text.charCodeAt(at + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1-12), the arithmetic `Date.UTC` does. */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/**
 * Twilio's own fixed-width form, `Ddd, DD Mon YYYY HH:MM:SS ±hhmm`, read by character position with
 * no regex and no `Date`. `undefined` means "not decided here": any other layout, a leap second, a
 * year below 100 (which `Date.UTC` maps to 19xx) or an impossible date goes to the general parser,
 * so both paths always agree.
 */
const parseFixedWidth = (text: string): number | undefined => {
  if (text.length !== 31) return undefined
  if (text.charCodeAt(3) !== 44 || text.charCodeAt(4) !== 32 || text.charCodeAt(7) !== 32) return undefined
  if (text.charCodeAt(11) !== 32 || text.charCodeAt(16) !== 32 || text.charCodeAt(19) !== 58) return undefined
  if (text.charCodeAt(22) !== 58 || text.charCodeAt(25) !== 32) return undefined
  const sign = text.charCodeAt(26)
  if (sign !== 43 && sign !== 45) return undefined
  const month = MONTH_BY_CODE.get(code3(text, 8))
  const day = twoDigits(text, 5)
  const century = twoDigits(text, 12)
  const yy = twoDigits(text, 14)
  const hour = twoDigits(text, 17)
  const minute = twoDigits(text, 20)
  const second = twoDigits(text, 23)
  const offsetHours = twoDigits(text, 27)
  const offsetMinutes = twoDigits(text, 29)
  if (month === undefined || century < 1 || yy < 0 || day < 1 || hour < 0 || hour > 23) return undefined
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || offsetHours < 0) return undefined
  if (offsetMinutes < 0 || offsetMinutes > 59) return undefined
  const year = century * 100 + yy
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  if (day > (month === 1 && leap ? 29 : (DAYS_IN_MONTH[month] ?? 0))) return undefined
  const days = daysFromCivil(year, month + 1, day)
  if (DAY_CODES[(((days + 4) % 7) + 7) % 7] !== code3(text, 0)) return undefined
  const offset = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMinutes)
  return days * 86_400_000 + ((hour * 60 + minute - offset) * 60 + second) * 1000
}

/** Any layout the regex allows (day name, seconds and numeric zone optional, obsolete zone names). */
const parseGeneral = (text: string): number | undefined => {
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

/** Parses an RFC 2822 date to epoch milliseconds; `undefined` when the text is not a real date. */
export const parse = (text: string): number | undefined => parseFixedWidth(text) ?? parseGeneral(text)

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
