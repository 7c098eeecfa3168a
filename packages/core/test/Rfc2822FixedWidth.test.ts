import { assert, describe, it } from "@effect/vitest"
import { Rfc2822 } from "@effect-twilio/core"
import * as fc from "fast-check"

// The regex-only parser as it was before the fixed-width fast path: the oracle `parse` must match.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
const RFC2822 =
  /^\s*(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4}|UT|GMT|Z)\s*$/
const reference = (text: string): number | undefined => {
  const m = RFC2822.exec(text)
  if (m === null) return undefined
  const [, dayName, dd, mon, yyyy, hh, mi, ss, zone] = m
  const day = Number(dd)
  const second = ss === undefined ? 0 : Number(ss)
  if (Number(hh) > 23 || Number(mi) > 59 || second > 60) return undefined
  const local = Date.UTC(
    Number(yyyy),
    MONTHS.indexOf(mon ?? ""),
    day,
    Number(hh),
    Number(mi),
    Math.min(second, 59)
  )
  if (new Date(local).getUTCDate() !== day) return undefined
  if (dayName !== undefined && DAYS[new Date(local).getUTCDay()] !== dayName) return undefined
  let offset = 0
  if (zone !== undefined && zone.length === 5) {
    if (Number(zone.slice(3, 5)) > 59) return undefined
    offset = (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)))
  }
  return local - offset * 60_000
}

const two = (n: number) => String(n).padStart(2, "0")

/** Fixed-width strings with every part drawn independently: mostly plausible, often impossible. */
const fixedWidth = fc
  .record({
    dayName: fc.constantFrom(...DAYS),
    day: fc.integer({ min: 0, max: 32 }),
    month: fc.constantFrom(...MONTHS),
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1995, max: 2040 })),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    sign: fc.constantFrom("+", "-"),
    offset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 9999 }))
  })
  .map(
    (p) =>
      `${p.dayName}, ${two(p.day)} ${p.month} ${String(p.year).padStart(4, "0")} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} ${p.sign}${String(p.offset).padStart(4, "0")}`
  )

/** Real instants in Twilio's form, the day name always right (years with four digits, as `format` writes them). */
const valid = fc
  .integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59) })
  .map((ms) => Rfc2822.format(Math.floor(ms / 1000) * 1000))

/** A valid date with a few characters swapped for ones that can break any part of it. */
const mutated = fc
  .tuple(
    valid,
    fc.array(fc.tuple(fc.nat({ max: 34 }), fc.constantFrom(..."0123456789 :+-,\tAZaFebMonxé\n")), {
      minLength: 1,
      maxLength: 3
    })
  )
  .map(([text, edits]) =>
    edits.reduce((acc, [at, char]) => `${acc.slice(0, at)}${char}${acc.slice(at + 1)}`, text)
  )

const agrees = (text: string) =>
  assert.strictEqual(Rfc2822.parse(text), reference(text), JSON.stringify(text))

describe("Rfc2822.parse: the fixed-width fast path agrees with the general parser", () => {
  it("property: Twilio-form dates of real instants parse to the same millis", () => {
    fc.assert(
      fc.property(valid, (text) => {
        agrees(text)
        assert.isDefined(Rfc2822.parse(text))
      }),
      { numRuns: 2000 }
    )
  })

  it("property: fixed-width strings with any parts (wrong day names, 31 Feb, hour 24, offsets)", () => {
    fc.assert(fc.property(fixedWidth, agrees), { numRuns: 5000 })
  })

  it("property: valid dates with characters swapped, inserted layout breaks included", () => {
    fc.assert(fc.property(mutated, agrees), { numRuns: 5000 })
  })

  it("property: arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), agrees), { numRuns: 2000 })
  })

  it("edge cases the fast path hands to the general parser give the general parser's answer", () => {
    const cases = [
      "Fri, 18 Feb 2011 21:07:19 +0000",
      "Fri, 18 Feb 2011 21:07:60 +0000", // leap second: clamped to :59
      "Mon, 29 Feb 2016 00:00:00 +0000", // leap day
      "Tue, 29 Feb 2100 00:00:00 +0000", // not a leap year
      "Tue, 29 Feb 2000 00:00:00 +0000", // a leap year (divisible by 400)
      "Sat, 01 Jan 0050 00:00:00 +0000", // year below 100: Date.UTC reads it as 1950
      "Sun, 01 Jan 0050 00:00:00 +0000",
      "Mon, 01 Jan 0001 00:00:00 +0000",
      "Fri, 00 Feb 2011 21:07:19 +0000",
      "Fri, 18 Feb 2011 21:07:19 +0060",
      "Fri, 18 Feb 2011 21:07:19 -9959",
      "Fri, 18 Feb 2011 21:07:19 GMT",
      " Fri, 18 Feb 2011 21:07:19 +0000",
      "Fri, 18 Feb 2011 21:07:19 +0000 ",
      "Fri,  8 Feb 2011 21:07:19 +0000",
      "Sat, 18 Feb 2011 21:07:19 +0000",
      "Fri, 18 feb 2011 21:07:19 +0000",
      "Fri, 18 Feb 2011 21:07:19 *0000"
    ]
    for (const text of cases) agrees(text)
    assert.strictEqual(Rfc2822.parse("Fri, 18 Feb 2011 21:07:19 +0000"), Date.UTC(2011, 1, 18, 21, 7, 19))
    assert.strictEqual(Rfc2822.parse("Fri, 18 Feb 2011 23:07:19 +0200"), Date.UTC(2011, 1, 18, 21, 7, 19))
    assert.isUndefined(Rfc2822.parse("Tue, 29 Feb 2100 00:00:00 +0000"))
    assert.strictEqual(Rfc2822.parse("Sun, 01 Jan 0050 00:00:00 +0000"), Date.UTC(1950, 0, 1))
  })
})
