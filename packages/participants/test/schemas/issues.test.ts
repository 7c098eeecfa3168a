import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { encodeCreateParticipantParams } from "../../src/CreateParticipantParams.js"
import { describeParseError } from "../../src/internal/issues.js"
import { encodeListParticipantsParams } from "../../src/ListParticipantsParams.js"

const describeFailure = <A>(effect: Effect.Effect<A, Parameters<typeof describeParseError>[0]>) =>
  Effect.flip(effect).pipe(Effect.map(describeParseError))

describe("describeParseError", () => {
  it.effect("a field's own message is kept as is", () =>
    Effect.gen(function* () {
      const text = yield* describeFailure(encodeCreateParticipantParams({ from: "+1", to: "+2", timeout: 3 }))
      assert.strictEqual(text, "timeout must be a whole number of seconds from 5 to 600, got 3")
    })
  )

  it.effect("a generic message gets its path", () =>
    Effect.gen(function* () {
      // @ts-expect-error: a JavaScript caller may forget `to`
      const text = yield* describeFailure(encodeCreateParticipantParams({ from: "+1" }))
      assert.strictEqual(text, "to: is missing")
    })
  )

  it.effect("nested paths are dotted; a struct-level rule names its field", () =>
    Effect.gen(function* () {
      const extra = yield* describeFailure(
        encodeCreateParticipantParams({ from: "+1", to: "+2", extraParameters: { Timeout: 1 } })
      )
      assert.strictEqual(
        extra,
        `extraParameters.Timeout is the typed parameter Timeout: set the field "timeout" instead`
      )
      const coaching = yield* describeFailure(
        encodeCreateParticipantParams({ from: "+1", to: "+2", coaching: true })
      )
      assert.include(coaching, "callSidToCoach is required when coaching is true")
    })
  )

  it.effect("list parameters read the same way", () =>
    Effect.gen(function* () {
      const text = yield* describeFailure(encodeListParticipantsParams({ pageSize: 0, limit: 0 }))
      assert.include(text, "pageSize must be a whole number from 1 to 1000, got 0")
    })
  )
})
