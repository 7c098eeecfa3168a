import { assert, describe, it } from "@effect/vitest"
import { Duration, Option } from "effect"
import * as fc from "fast-check"
import { parseRetryAfter } from "../src/internal/responses.js"

const NOW = Date.parse("2026-11-29T10:00:00Z")
const seconds = (header: string) =>
  Option.map(parseRetryAfter(header, NOW), Duration.toSeconds).pipe(Option.getOrNull)

describe("Retry-After (reliability #7)", () => {
  it("delta-seconds and HTTP-dates are used as they are", () => {
    assert.strictEqual(seconds("7"), 7)
    assert.strictEqual(seconds(" 0 "), 0)
    assert.strictEqual(seconds("Sun, 29 Nov 2026 10:00:30 GMT"), 30)
    assert.strictEqual(seconds("Sunday, 29-Nov-26 10:00:30 GMT"), 30)
    assert.strictEqual(seconds("Sun Nov 29 10:00:30 2026"), 30)
    assert.strictEqual(seconds("Sun, 29 Nov 2026 09:00:00 GMT"), 0)
  })

  it("signed numbers and other text are no Retry-After", () => {
    for (const header of ["-5", "+5", "5s", "1e3", "soon", "", "0x10", "Sun, 29 Nov 2026", "5, six"]) {
      assert.isNull(seconds(header), header)
    }
  })

  it("a header repeated with one value counts once; differing repeats are none", () => {
    assert.strictEqual(seconds("3, 3"), 3)
    assert.strictEqual(seconds("3,3,3"), 3)
    assert.strictEqual(seconds("Sun, 29 Nov 2026 10:00:30 GMT, Sun, 29 Nov 2026 10:00:30 GMT"), 30)
    assert.isNull(seconds("3, 4"))
    assert.isNull(seconds("3, Sun, 29 Nov 2026 10:00:30 GMT"))
  })

  it("any whole number of seconds reads back as itself, alone or repeated", () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.integer({ min: 1, max: 4 }), (n, times) => {
        assert.strictEqual(seconds(Array(times).fill(String(n)).join(", ")), n)
      })
    )
  })
})
