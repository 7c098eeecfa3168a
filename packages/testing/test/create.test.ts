import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect, Option } from "effect"
import { createRaw, field, participantsPath, type Reply, send, stringField } from "./support/wire.js"

const provide = Effect.provide(FakeTwilio.layer)

const expectRefusal = (reply: Reply, status: number, code: number) => {
  assert.strictEqual(reply.status, status, reply.text)
  assert.strictEqual(field(reply, "code"), code, reply.text)
  assert.strictEqual(field(reply, "status"), status)
  assert.strictEqual(field(reply, "more_info"), `https://www.twilio.com/docs/errors/${code}`)
  assert.isString(field(reply, "message"))
}

describe("create by friendly name", () => {
  it.effect(
    "starts an in-progress conference with that name and answers 201 with every participant field",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const reply = yield* createRaw("support room", [["Label", "customer"]])
        assert.strictEqual(reply.status, 201)
        const conferenceSid = stringField(reply, "conference_sid")
        assert.match(conferenceSid, /^CF[0-9a-f]{32}$/)
        assert.match(stringField(reply, "call_sid"), /^CA[0-9a-f]{32}$/)
        assert.deepStrictEqual(Object.keys(reply.body as object).sort(), [
          "account_sid",
          "call_sid",
          "call_sid_to_coach",
          "coaching",
          "conference_sid",
          "date_created",
          "date_updated",
          "end_conference_on_exit",
          "hold",
          "label",
          "muted",
          "queue_time",
          "start_conference_on_enter",
          "status",
          "uri"
        ])
        assert.strictEqual(field(reply, "status"), "queued")
        assert.strictEqual(field(reply, "label"), "customer")
        assert.strictEqual(field(reply, "date_created"), "Thu, 01 Jan 1970 00:00:00 +0000")
        assert.strictEqual(
          field(reply, "uri"),
          `/2010-04-01/Accounts/${fake.accountSid}/Conferences/${conferenceSid}/Participants/${stringField(reply, "call_sid")}.json`
        )
        const conference = yield* fake.conference(conferenceSid)
        assert.strictEqual(Option.getOrThrow(conference).status, "in-progress")
        assert.strictEqual(Option.getOrThrow(conference).friendly_name, "support room")
      }).pipe(provide)
  )

  it.effect("joins the active conference of that name instead of starting another", () =>
    Effect.gen(function* () {
      const first = yield* createRaw("room")
      const second = yield* createRaw("room")
      assert.strictEqual(field(second, "conference_sid"), field(first, "conference_sid"))
    }).pipe(provide)
  )

  it.effect("starts a new conference when the one with that name has completed", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const old = yield* fake.seedConference({ friendlyName: "room", status: "completed" })
      const reply = yield* createRaw("room")
      assert.strictEqual(reply.status, 201)
      assert.notStrictEqual(field(reply, "conference_sid"), old.sid)
    }).pipe(provide)
  )

  it.effect(
    "a first participant with StartConferenceOnEnter=false leaves the conference in init until someone starts it",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const waiting = yield* createRaw("lobby", [["StartConferenceOnEnter", "false"]])
        const sid = stringField(waiting, "conference_sid")
        assert.strictEqual(field(waiting, "start_conference_on_enter"), false)
        assert.strictEqual(Option.getOrThrow(yield* fake.conference(sid)).status, "init")
        yield* createRaw("lobby", [["StartConferenceOnEnter", "false"]])
        assert.strictEqual(Option.getOrThrow(yield* fake.conference(sid)).status, "init")
        yield* createRaw("lobby")
        assert.strictEqual(Option.getOrThrow(yield* fake.conference(sid)).status, "in-progress")
      }).pipe(provide)
  )

  it.effect("the first participant's MaxParticipants wins; later values are ignored", () =>
    Effect.gen(function* () {
      yield* createRaw("small", [["MaxParticipants", "2"]])
      yield* createRaw("small", [["MaxParticipants", "250"]])
      const third = yield* createRaw("small", [["MaxParticipants", "250"]])
      expectRefusal(third, 400, 16020)
    }).pipe(provide)
  )
})

describe("create by conference SID", () => {
  it.effect("joins an in-progress conference", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference({ friendlyName: "seeded" })
      const reply = yield* createRaw(conference.sid)
      assert.strictEqual(reply.status, 201)
      assert.strictEqual(field(reply, "conference_sid"), conference.sid)
    }).pipe(provide)
  )

  it.effect("fails with 400 / 16099 when the conference has completed", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference({ status: "completed" })
      expectRefusal(yield* createRaw(conference.sid), 400, 16099)
      assert.deepStrictEqual(yield* fake.participants(conference.sid), [])
    }).pipe(provide)
  )

  it.effect("answers 404 / 20404 for an unknown conference SID", () =>
    Effect.gen(function* () {
      expectRefusal(yield* createRaw(`CF${"0".repeat(32)}`), 404, 20404)
    }).pipe(provide)
  )

  it.effect("MaxParticipants of a seeded conference is enforced with 16020", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference({ maxParticipants: 3 })
      yield* fake.seedParticipants(conference.sid, 3)
      expectRefusal(yield* createRaw(conference.sid), 400, 16020)
      assert.strictEqual((yield* fake.participants(conference.sid)).length, 3)
    }).pipe(provide)
  )
})

describe("create validation", () => {
  it.effect("From missing is 400 / 21213 and To missing is 400 / 21201", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const path = yield* participantsPath("room")
      expectRefusal(yield* send("POST", path, { form: [["To", "+15005550001"]] }), 400, 21213)
      expectRefusal(yield* send("POST", path, { form: [["From", "+15005550006"]] }), 400, 21201)
      // Nothing was started by the refused requests.
      assert.deepStrictEqual(yield* fake.conferences, [])
    }).pipe(provide)
  )

  for (const [name, value] of [
    ["Timeout", "4"],
    ["Timeout", "601"],
    ["Timeout", "ten"],
    ["MaxParticipants", "1"],
    ["MaxParticipants", "251"],
    ["MachineDetectionSpeechThreshold", "999"],
    ["Muted", "yes"],
    ["Beep", "loud"],
    ["StatusCallbackMethod", "PUT"],
    ["Region", "mars1"],
    ["ConferenceTrim", "trim"],
    ["RecordingChannels", "stereo"],
    ["StatusCallbackEvent", "initiated exploded"],
    ["CallSidToCoach", "CA123"],
    ["Byoc", "BYnothex"]
  ] as const) {
    it.effect(`${name}=${value} is refused with 400 / 20001`, () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        expectRefusal(yield* createRaw("room", [[name, value]]), 400, 20001)
        assert.deepStrictEqual(yield* fake.conferences, [])
      }).pipe(provide)
    )
  }

  it.effect("boundary values, lower-case methods and enums, and repeated event keys are accepted", () =>
    Effect.gen(function* () {
      const reply = yield* createRaw("room", [
        ["Timeout", "5"],
        ["MaxParticipants", "250"],
        ["StatusCallbackMethod", "post"],
        ["MachineDetection", "enable"],
        ["StatusCallbackEvent", "initiated"],
        ["StatusCallbackEvent", "ringing answered"],
        ["Beep", "onEnter"]
      ])
      assert.strictEqual(reply.status, 201)
    }).pipe(provide)
  )

  it.effect("a non-URL StatusCallback is 400 / 21205; an empty WaitUrl is allowed", () =>
    Effect.gen(function* () {
      expectRefusal(yield* createRaw("room", [["StatusCallback", "not a url"]]), 400, 21205)
      assert.strictEqual((yield* createRaw("room", [["WaitUrl", ""]])).status, 201)
    }).pipe(provide)
  )

  it.effect("unknown parameters are accepted and kept on the participant", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const reply = yield* createRaw("room", [["SomethingNew", "42"]])
      assert.strictEqual(reply.status, 201)
      const settings = yield* fake.participantSettings(
        stringField(reply, "conference_sid"),
        stringField(reply, "call_sid")
      )
      assert.strictEqual(Option.getOrThrow(settings).get("SomethingNew"), "42")
    }).pipe(provide)
  )
})

describe("labels", () => {
  it.effect("a label already used in the conference is 400 / 16025", () =>
    Effect.gen(function* () {
      const first = yield* createRaw("room", [["Label", "agent"]])
      assert.strictEqual(first.status, 201)
      expectRefusal(yield* createRaw("room", [["Label", "agent"]]), 400, 16025)
      // The same label in another conference is fine.
      assert.strictEqual((yield* createRaw("other room", [["Label", "agent"]])).status, 201)
    }).pipe(provide)
  )

  for (const [why, label] of [
    ["longer than 128 characters", "x".repeat(129)],
    ["shaped like a Call SID", `CA${"1".repeat(32)}`],
    ["holding a slash", "a/b"]
  ] as const) {
    it.effect(`a label ${why} is 400 / 16023`, () =>
      Effect.gen(function* () {
        expectRefusal(yield* createRaw("room", [["Label", label]]), 400, 16023)
      }).pipe(provide)
    )
  }

  it.effect("labels with spaces, percent signs, hashes and unicode are accepted as sent", () =>
    Effect.gen(function* () {
      const label = "100% #1 agent ☎ é"
      const reply = yield* createRaw("room", [["Label", label]])
      assert.strictEqual(reply.status, 201)
      assert.strictEqual(field(reply, "label"), label)
    }).pipe(provide)
  )
})

describe("coaching on create", () => {
  it.effect("coaching a connected participant of the same conference works and implies Coaching=true", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const [target] = yield* fake.seedParticipants(conference.sid, 1)
      const reply = yield* createRaw(conference.sid, [["CallSidToCoach", target ?? ""]])
      assert.strictEqual(reply.status, 201)
      assert.strictEqual(field(reply, "coaching"), true)
      assert.strictEqual(field(reply, "call_sid_to_coach"), target)
    }).pipe(provide)
  )

  it.effect("coaching a participant that is not connected, or not in the conference, is 400 / 16028", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const [ringing] = yield* fake.seedParticipants(conference.sid, [{ status: "ringing" }])
      expectRefusal(yield* createRaw(conference.sid, [["CallSidToCoach", ringing ?? ""]]), 400, 16028)
      expectRefusal(yield* createRaw(conference.sid, [["CallSidToCoach", `CA${"9".repeat(32)}`]]), 400, 16028)
      const elsewhere = yield* fake.seedConference()
      const [other] = yield* fake.seedParticipants(elsewhere.sid, 1)
      expectRefusal(yield* createRaw(conference.sid, [["CallSidToCoach", other ?? ""]]), 400, 16028)
    }).pipe(provide)
  )

  it.effect("Coaching=true without CallSidToCoach is 400 / 20001", () =>
    Effect.gen(function* () {
      expectRefusal(yield* createRaw("room", [["Coaching", "true"]]), 400, 20001)
    }).pipe(provide)
  )
})
