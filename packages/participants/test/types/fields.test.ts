/**
 * Participant fields are never `undefined` (API.md, "Changes to the first edition"): a field missing
 * from a response decodes to `null`, so each field's type is its value or `null`, nothing else.
 * Checked by the type checker (the root typecheck covers tests) and once at run time.
 */
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import type { CallSid, ConferenceSid } from "@effect-twilio/core"
import { Participant, type ParticipantStatus } from "@effect-twilio/participants/Participant"
import * as Schema from "effect/Schema"

type Fields = Schema.Struct.Type<typeof Participant.fields>
/** The fields whose type admits `undefined`. */
type MaybeUndefined = { [K in keyof Fields]-?: undefined extends Fields[K] ? K : never }[keyof Fields]
/** The fields that may be absent from the object. */
type Optional = { [K in keyof Fields]-?: object extends Pick<Fields, K> ? K : never }[keyof Fields]

describe("Participant fields", () => {
  it("are a value or null, never undefined or absent", () => {
    expectTypeOf<MaybeUndefined>().toEqualTypeOf<never>()
    expectTypeOf<Optional>().toEqualTypeOf<never>()
    expectTypeOf<Participant["label"]>().toEqualTypeOf<string | null>()
    expectTypeOf<Participant["callSid"]>().toEqualTypeOf<CallSid | null>()
    expectTypeOf<Participant["conferenceSid"]>().toEqualTypeOf<ConferenceSid | null>()
    expectTypeOf<Participant["muted"]>().toEqualTypeOf<boolean | null>()
    expectTypeOf<Participant["status"]>().toEqualTypeOf<ParticipantStatus | null>()
  })

  it("an empty response has every field, each null", () => {
    const empty: { readonly [key: string]: unknown } = { ...Schema.decodeUnknownSync(Participant)({}) }
    for (const key of Object.keys(Participant.fields)) {
      assert.isTrue(Object.hasOwn(empty, key), key)
      assert.isNull(empty[key], key)
    }
  })
})
