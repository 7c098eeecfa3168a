/**
 * Where the seed documents and the OpenAPI slice disagree, the slice wins; each case is one test,
 * named after the disagreement, that pins the slice's side.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { encodeCreateParticipantParams } from "../../src/CreateParticipantParams.js"
import { encodeListParticipantsParams } from "../../src/ListParticipantsParams.js"
import { Participant } from "../../src/Participant.js"
import * as Seeds from "./fixtures/seeds.js"
import * as Slice from "./fixtures/slice.js"
import { pairsOf, run } from "./support.js"

const base = { from: "+15017122661", to: "+15558675310" } as const

describe("seed vs slice disagreements (the slice wins)", () => {
  it.effect("older seeds omit CallerDisplayName and ClientNotificationUrl: both are typed and sent", () =>
    Effect.gen(function* () {
      const pairs = yield* pairsOf(
        encodeCreateParticipantParams({
          ...base,
          callerDisplayName: "John Doe",
          clientNotificationUrl: "https://clientnotification.com"
        })
      )
      assert.deepStrictEqual(pairs.slice(2), [
        ["ClientNotificationUrl", "https://clientnotification.com"],
        ["CallerDisplayName", "John Doe"]
      ])
    })
  )

  it.effect("older seeds list regions without us2: us2 is a known region", () =>
    Effect.gen(function* () {
      const pairs = yield* pairsOf(encodeCreateParticipantParams({ ...base, region: "us2" }))
      assert.deepStrictEqual(pairs.slice(2), [["Region", "us2"]])
    })
  )

  it.effect(
    "a seed lists only the Muted/Hold/Coaching filters: PageSize, Page and PageToken are typed too",
    () =>
      Effect.gen(function* () {
        const { query } = yield* encodeListParticipantsParams({ pageSize: 2, page: 1, pageToken: "PACPbbbb" })
        assert.deepStrictEqual(
          query.map(([k]) => k),
          ["PageSize", "Page", "PageToken"]
        )
      })
  )

  it("seed responses use placeholder SIDs (CallSid, customer, ACXXXX…): the slice's SID patterns reject them", () => {
    for (const body of [Seeds.seedFetch, Seeds.seedFetchByLabel, Seeds.seedCreate, Seeds.seedMute]) {
      assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Participant)(body)))
    }
    assert.isTrue(Either.isRight(Schema.decodeUnknownEither(Participant)(Slice.fetchResponses.fetch)))
  })
})

describe("disagreements inside the slice (decisions)", () => {
  it.effect(
    "MachineDetection documents Enable but the createWithSid example sends enable: both are sendable",
    () =>
      Effect.gen(function* () {
        assert.strictEqual(Slice.createRequests.createWithSid.MachineDetection, "enable")
        const lower = yield* pairsOf(encodeCreateParticipantParams({ ...base, machineDetection: "enable" }))
        const documented = yield* pairsOf(
          encodeCreateParticipantParams({ ...base, machineDetection: "Enable" })
        )
        assert.deepStrictEqual(lower.slice(2), [["MachineDetection", "enable"]])
        assert.deepStrictEqual(documented.slice(2), [["MachineDetection", "Enable"]])
      })
  )

  it("the createWithSid example sends six parameters the slice does not list: only extraParameters carries them", () => {
    const listed = new Set(Object.keys(Slice.createRequests.createWithFriendlyName))
    const unlisted = Object.keys(Slice.createRequests.createWithSid).filter(
      (k) => !listed.has(k) && k !== "Label"
    )
    assert.deepStrictEqual(unlisted, [
      "MachineDetectionEngine",
      "MachineDetectionMinWordLength",
      "MachineDetectionMaxWordLength",
      "MachineDetectionWordsSilence",
      "MachineDetectionMaxNumOfWords",
      "MachineDetectionSilenceThreshold"
    ])
    const extraParameters = Object.fromEntries(unlisted.map((k) => [k, 1]))
    assert.isTrue(Either.isRight(run(encodeCreateParticipantParams({ ...base, extraParameters }))))
  })

  it.effect(
    "event lists are described as space-separated, but are sent as repeated keys (one value each)",
    () =>
      Effect.gen(function* () {
        const pairs = yield* pairsOf(
          encodeCreateParticipantParams({ ...base, statusCallbackEvent: ["ringing", "answered"] })
        )
        assert.deepStrictEqual(pairs.slice(2), [
          ["StatusCallbackEvent", "ringing"],
          ["StatusCallbackEvent", "answered"]
        ])
      })
  )

  it("status is not nullable in the slice, yet a missing or null status decodes (tolerance policy)", () => {
    const { status: _status, ...withoutStatus } = Slice.fetchResponses.fetch
    assert.isNull(Schema.decodeUnknownSync(Participant)(withoutStatus).status)
    assert.isNull(Schema.decodeUnknownSync(Participant)({ ...withoutStatus, status: null }).status)
  })
})
