import { assert, describe, it } from "@effect/vitest"
import { CallSid } from "@effect-twilio/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import {
  encodeUpdateParticipantParams,
  isRepeatableUpdate,
  type UpdateParticipantParams,
  UpdateParticipantParams as UpdateSchema
} from "../../src/UpdateParticipantParams.js"
import * as Seeds from "./fixtures/seeds.js"
import * as Slice from "./fixtures/slice.js"
import { assertFailsWith, examplePairs, itEncodesLikeSchema, pairsOf, run, sorted } from "./support.js"

const encode = (params: UpdateParticipantParams) => pairsOf(encodeUpdateParticipantParams(params))

const expectPairs = (params: UpdateParticipantParams, body: ReadonlyArray<readonly [string, string]>) =>
  Effect.gen(function* () {
    assert.deepStrictEqual(sorted(yield* encode(params)), sorted(body))
  })

const SLICE_PARAMETERS = [
  "Muted",
  "Hold",
  "HoldUrl",
  "HoldMethod",
  "AnnounceUrl",
  "AnnounceMethod",
  "WaitUrl",
  "WaitMethod",
  "BeepOnExit",
  "EndConferenceOnExit",
  "Coaching",
  "CallSidToCoach"
]

describe("UpdateParticipantParams: the slice's and seeds' example requests", () => {
  const r = Slice.updateRequests
  it.effect("muteParticipant / muteParticipantByLabel", () =>
    Effect.gen(function* () {
      yield* expectPairs({ muted: true }, examplePairs(r.muteParticipant))
      yield* expectPairs({ muted: true }, examplePairs(r.muteParticipantByLabel))
      yield* expectPairs({ muted: true }, Seeds.seedRequests.mute)
    })
  )

  it.effect("holdParticipantWithMusic", () =>
    Effect.gen(function* () {
      yield* expectPairs(
        { hold: true, holdUrl: "http://www.myapp.com/hold" },
        examplePairs(r.holdParticipantWithMusic)
      )
      yield* expectPairs({ hold: true, holdUrl: "http://www.myapp.com/hold_music" }, Seeds.seedRequests.hold)
    })
  )

  it.effect("announceToParticipant", () =>
    Effect.gen(function* () {
      yield* expectPairs(
        { announceUrl: "http://www.myapp.com/announce" },
        examplePairs(r.announceToParticipant)
      )
      yield* expectPairs({ announceUrl: "http://www.myapp.com/announce" }, Seeds.seedRequests.announce)
    })
  )

  it.effect("modifyParticipant: coach by SID, with a plain string or a branded CallSid", () =>
    Effect.gen(function* () {
      yield* expectPairs(
        { coaching: true, callSidToCoach: "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
        examplePairs(r.modifyParticipant)
      )
      yield* expectPairs(
        { coaching: true, callSidToCoach: CallSid.make("CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb") },
        examplePairs(r.modifyParticipantByLabel)
      )
    })
  )

  it.effect("all 12 parameters reach the form", () =>
    Effect.gen(function* () {
      const pairs = yield* encode({
        muted: false,
        hold: true,
        holdUrl: "https://myapp.com/hold",
        holdMethod: "GET",
        announceUrl: "https://myapp.com/announce",
        announceMethod: "POST",
        waitUrl: "",
        waitMethod: "GET",
        beepOnExit: false,
        endConferenceOnExit: true,
        coaching: false,
        callSidToCoach: "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
      })
      assert.strictEqual(SLICE_PARAMETERS.length, 12)
      assert.deepStrictEqual(pairs.map(([k]) => k).sort(), [...SLICE_PARAMETERS].sort())
      assert.deepStrictEqual(
        pairs.find(([k]) => k === "BeepOnExit"),
        ["BeepOnExit", "false"]
      )
    })
  )

  it.effect("an empty update encodes to an empty form", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* encode({}), [])
    })
  )
})

describe("UpdateParticipantParams: checks before any I/O", () => {
  const fails = (params: UpdateParticipantParams, ...fragments: Array<string>) =>
    assertFailsWith(encodeUpdateParticipantParams(params), ...fragments)

  it("coaching: true requires callSidToCoach", () => {
    fails({ coaching: true }, `["callSidToCoach"]`, "callSidToCoach is required when coaching is true")
    assert.isTrue(Either.isRight(run(encodeUpdateParticipantParams({ coaching: false }))))
  })

  it("URLs, methods and SIDs", () => {
    fails({ holdUrl: "hold.mp3" }, "holdUrl must be an absolute http(s) URL")
    fails({ announceUrl: "" }, "announceUrl")
    fails({ waitUrl: "file:///music.mp3" }, "waitUrl")
    // @ts-expect-error: not GET or POST
    fails({ holdMethod: "DELETE" }, 'holdMethod must be "GET" or "POST"')
    // @ts-expect-error: not GET or POST
    fails({ announceMethod: "post" }, "announceMethod")
    fails({ callSidToCoach: "customer" }, "callSidToCoach", `"CA" followed by 32 hexadecimal digits`)
  })

  it("loosely typed input from JavaScript fails with a ParseError, never a throw", () => {
    // @ts-expect-error: a JavaScript caller may pass anything
    fails({ muted: "true" }, "muted must be true or false", `got "true"`)
    // @ts-expect-error: a JavaScript caller may pass anything
    assertFailsWith(encodeUpdateParticipantParams(undefined), "UpdateParticipantParams")
  })

  it("extraParameters: appended, but never in place of a typed parameter", () => {
    const ok = run(encodeUpdateParticipantParams({ extraParameters: { NewToggle: true } }))
    assert.deepStrictEqual(
      Either.map(ok, (p) => p.map(([k, v]) => `${k}=${v}`)),
      Either.right(["NewToggle=true"])
    )
    fails({ extraParameters: { Muted: true } }, `set the field "muted" instead`)
  })
})

describe("isRepeatableUpdate", () => {
  it("state-only updates are repeatable; an announcement or unmodelled parameters are not", () => {
    assert.isTrue(isRepeatableUpdate({}))
    assert.isTrue(isRepeatableUpdate({ muted: true }))
    assert.isTrue(isRepeatableUpdate({ hold: true, holdUrl: "https://myapp.com/hold" }))
    assert.isTrue(
      isRepeatableUpdate({ coaching: true, callSidToCoach: "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" })
    )
    assert.isTrue(isRepeatableUpdate({ announceMethod: "GET" }))
    assert.isFalse(isRepeatableUpdate({ announceUrl: "https://myapp.com/announce" }))
    assert.isFalse(isRepeatableUpdate({ muted: true, announceUrl: "https://myapp.com/announce" }))
    assert.isFalse(isRepeatableUpdate({ extraParameters: { NewThing: 1 } }))
  })
})

describe("UpdateParticipantParams: properties", () => {
  const url = fc.webUrl({ validSchemes: ["http", "https"] })
  const method = fc.constantFrom("GET" as const, "POST" as const)
  const valid = fc
    .record(
      {
        muted: fc.boolean(),
        hold: fc.boolean(),
        holdUrl: url,
        holdMethod: method,
        announceUrl: url,
        announceMethod: method,
        waitUrl: fc.oneof(url, fc.constant("")),
        waitMethod: method,
        beepOnExit: fc.boolean(),
        endConferenceOnExit: fc.boolean(),
        coaching: fc.boolean(),
        callSidToCoach: fc.stringMatching(/^[0-9a-f]{32}$/).map((h) => `CA${h}`)
      },
      { requiredKeys: [] }
    )
    .map(
      (p): UpdateParticipantParams =>
        p.coaching === true && p.callSidToCoach === undefined ? { ...p, coaching: false } : p
    )

  const encoder = { encode: encodeUpdateParticipantParams }

  itEncodesLikeSchema(encoder, UpdateSchema, valid)

  it("valid params encode to slice keys, round-trip through URLSearchParams, and decode back", () => {
    fc.assert(
      fc.property(valid, (params) => {
        const result = run(encodeUpdateParticipantParams(params))
        if (Either.isLeft(result)) return assert.fail(result.left)
        const pairs = result.right.map(([k, v]): [string, string] => [k, v])
        for (const [key, value] of pairs) {
          assert.include(SLICE_PARAMETERS, key)
          if (["Muted", "Hold", "BeepOnExit", "EndConferenceOnExit", "Coaching"].includes(key)) {
            assert.oneOf(value, ["true", "false"])
          }
        }
        assert.deepStrictEqual([...new URLSearchParams(new URLSearchParams(pairs).toString())], pairs)
        const back = Schema.decodeSync(UpdateSchema)(Schema.encodeSync(UpdateSchema)(params))
        assert.deepStrictEqual({ ...back }, params)
      })
    )
  })

  it("any non-URL callback fails naming its field", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("holdUrl" as const, "announceUrl" as const),
        fc.string().filter((s) => !/^https?:\/\/[^/]/.test(s)),
        (field, value) => {
          assertFailsWith(encodeUpdateParticipantParams({ [field]: value }), field)
        }
      )
    )
  })
})
