import { assert, describe, it } from "@effect/vitest"
import { Rfc2822 } from "@effect-twilio/core"
import { DateTime, Effect, Either, Schema } from "effect"
import * as fc from "fast-check"

describe("Rfc2822", () => {
  it.effect("decodes Twilio's documented date", () =>
    Effect.gen(function* () {
      const dt = yield* Schema.decode(Rfc2822.DateTimeFromRfc2822)("Fri, 18 Feb 2011 21:07:19 +0000")
      assert.strictEqual(DateTime.formatIso(dt), "2011-02-18T21:07:19.000Z")
    })
  )

  it("applies numeric zone offsets", () => {
    assert.strictEqual(Rfc2822.parse("Fri, 18 Feb 2011 23:07:19 +0200"), Date.UTC(2011, 1, 18, 21, 7, 19))
    assert.strictEqual(Rfc2822.parse("18 Feb 2011 16:07 -0500"), Date.UTC(2011, 1, 18, 21, 7, 0))
  })

  it("rejects impossible and malformed dates instead of producing Invalid Date", () => {
    for (const text of [
      "Mon, 31 Feb 2011 21:07:19 +0000",
      "Sat, 18 Feb 2011 21:07:19 +0000",
      "Fri, 18 Feb 2011 25:07:19 +0000",
      "2011-02-18T21:07:19Z",
      "",
      "Fri, 18 Foo 2011 21:07:19 +0000"
    ]) {
      assert.isTrue(Either.isLeft(Schema.decodeEither(Rfc2822.DateTimeFromRfc2822)(text)), text)
    }
  })

  it("round-trips any instant at second precision", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444800 }), (seconds) => {
        const millis = seconds * 1000
        const text = Rfc2822.format(millis)
        assert.match(
          text,
          /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/
        )
        assert.strictEqual(Rfc2822.parse(text), millis)
      })
    )
  })
})
