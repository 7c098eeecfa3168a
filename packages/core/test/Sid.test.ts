import { assert, describe, it } from "@effect/vitest"
import { AccountSid, ApiKeySid, ByocTrunkSid, CallSid, ConferenceSid } from "@effect-twilio/core"
import * as Sid from "@effect-twilio/core/Sid"
import { Either, ParseResult, Schema } from "effect"
import * as fc from "fast-check"

const kinds: ReadonlyArray<readonly [prefix: string, name: string, schema: Schema.Schema.AnyNoContext]> = [
  ["AC", "AccountSid", AccountSid],
  ["CF", "ConferenceSid", ConferenceSid],
  ["CA", "CallSid", CallSid],
  ["BY", "ByocTrunkSid", ByocTrunkSid],
  ["SK", "ApiKeySid", ApiKeySid]
]

const hex32 = fc.stringMatching(/^[0-9a-fA-F]{32}$/)

describe("Sid schemas", () => {
  for (const [prefix, name, schema] of kinds) {
    describe(name, () => {
      it(`accepts "${prefix}" + 32 hex digits and brands the value`, () => {
        fc.assert(
          fc.property(hex32, (digits) => {
            const value = `${prefix}${digits}`
            const decoded = Schema.decodeUnknownEither(schema)(value)
            assert.isTrue(Either.isRight(decoded), value)
            assert.isTrue(Schema.is(schema)(value))
          })
        )
      })

      it("refuses other prefixes, lengths and characters, naming the SID kind", () => {
        const others = kinds.filter(([p]) => p !== prefix).map(([p]) => `${p}${"0".repeat(32)}`)
        for (const value of [
          ...others,
          `${prefix}${"0".repeat(31)}`,
          `${prefix}${"0".repeat(33)}`,
          `${prefix}${"g".repeat(32)}`,
          `${prefix.toLowerCase()}${"0".repeat(32)}`,
          ` ${prefix}${"0".repeat(32)}`,
          "",
          prefix
        ]) {
          const decoded = Schema.decodeUnknownEither(schema)(value)
          assert.isTrue(Either.isLeft(decoded), value)
          if (Either.isLeft(decoded)) {
            const message = ParseResult.TreeFormatter.formatErrorSync(decoded.left)
            assert.include(message, name)
            assert.include(message, `"${prefix}"`)
          }
        }
        assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(schema)(42)))
      })
    })
  }

  it("the guards agree with the schemas", () => {
    const cf = `CF${"a".repeat(32)}`
    const ca = `CA${"a".repeat(32)}`
    assert.isTrue(Sid.isConferenceSid(cf))
    assert.isFalse(Sid.isConferenceSid(ca))
    assert.isTrue(Sid.isCallSid(ca))
    assert.isFalse(Sid.isCallSid(cf))
    assert.isFalse(Sid.isCallSid(undefined))
  })

  it("brands are distinct at the type level", () => {
    const call: CallSid = CallSid.make(`CA${"0".repeat(32)}`)
    // @ts-expect-error a CallSid is not a ConferenceSid
    const conference: ConferenceSid = call
    assert.strictEqual<string>(conference, call)
    assert.throws(() => CallSid.make("CA123"))
  })
})
