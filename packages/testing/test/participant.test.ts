import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect, Option, TestClock } from "effect"
import { accountPath, createRaw, field, participantPath, send, stringField } from "./support/wire.js"

const provide = Effect.provide(FakeTwilio.layer)

describe("fetch", () => {
  it.effect("by Call SID and by label answer the same participant", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const [call] = yield* fake.seedParticipants(conference.sid, [{ label: "customer", muted: true }])
      const bySid = yield* send("GET", yield* participantPath(conference.sid, call ?? ""))
      const byLabel = yield* send("GET", yield* participantPath(conference.sid, "customer"))
      assert.strictEqual(bySid.status, 200)
      assert.deepStrictEqual(byLabel.body, bySid.body)
      assert.strictEqual(field(bySid, "muted"), true)
      assert.strictEqual(field(bySid, "status"), "connected")
    }).pipe(provide)
  )

  for (const label of ["two words", "a/b", "100%", "#1", "naïve ☎", "a+b", "x.json"]) {
    it.effect(`a percent-encoded label ${JSON.stringify(label)} is decoded`, () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const conference = yield* fake.seedConference()
        yield* fake.seedParticipants(conference.sid, [{ label }])
        const reply = yield* send("GET", yield* participantPath(conference.sid, label))
        assert.strictEqual(reply.status, 200, reply.text)
        assert.strictEqual(field(reply, "label"), label)
      }).pipe(provide)
    )
  }

  it.effect("an unknown participant is 404 / 20404 with Twilio's error body", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const reply = yield* send("GET", yield* participantPath(conference.sid, "nobody"))
      assert.strictEqual(reply.status, 404)
      assert.strictEqual(field(reply, "code"), 20404)
      assert.strictEqual(field(reply, "more_info"), "https://www.twilio.com/docs/errors/20404")
      assert.strictEqual(field(reply, "status"), 404)
    }).pipe(provide)
  )

  it.effect("a malformed or unknown conference SID in the path is 404", () =>
    Effect.gen(function* () {
      const base = yield* accountPath
      assert.strictEqual((yield* send("GET", `${base}/Conferences/CFnope/Participants/x.json`)).status, 404)
      assert.strictEqual(
        (yield* send("GET", `${base}/Conferences/CF${"1".repeat(32)}/Participants/x.json`)).status,
        404
      )
      assert.strictEqual((yield* send("GET", `${base}/Nothing.json`)).status, 404)
    }).pipe(provide)
  )

  it.effect("an unsupported method is 405 / 20004", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const [call] = yield* fake.seedParticipants(conference.sid, 1)
      const reply = yield* send("PUT", yield* participantPath(conference.sid, call ?? ""))
      assert.strictEqual(reply.status, 405)
      assert.strictEqual(field(reply, "code"), 20004)
    }).pipe(provide)
  )
})

describe("update", () => {
  it.effect(
    "applies Muted, Hold and EndConferenceOnExit, keeps the URL settings and bumps date_updated",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const conference = yield* fake.seedConference()
        const [call] = yield* fake.seedParticipants(conference.sid, [{ label: "agent" }])
        yield* TestClock.adjust("90 seconds")
        const reply = yield* send("POST", yield* participantPath(conference.sid, "agent"), {
          form: [
            ["Muted", "true"],
            ["Hold", "true"],
            ["HoldUrl", "https://example.com/hold"],
            ["HoldMethod", "GET"],
            ["AnnounceUrl", "https://example.com/announce"],
            ["AnnounceMethod", "POST"],
            ["WaitUrl", "https://example.com/wait"],
            ["WaitMethod", "GET"],
            ["BeepOnExit", "false"],
            ["EndConferenceOnExit", "true"]
          ]
        })
        assert.strictEqual(reply.status, 200, reply.text)
        assert.strictEqual(field(reply, "muted"), true)
        assert.strictEqual(field(reply, "hold"), true)
        assert.strictEqual(field(reply, "end_conference_on_exit"), true)
        assert.strictEqual(field(reply, "call_sid"), call)
        assert.strictEqual(field(reply, "date_created"), "Thu, 01 Jan 1970 00:00:00 +0000")
        assert.strictEqual(field(reply, "date_updated"), "Thu, 01 Jan 1970 00:01:30 +0000")
        const settings = Option.getOrThrow(yield* fake.participantSettings(conference.sid, "agent"))
        assert.strictEqual(settings.get("HoldUrl"), "https://example.com/hold")
        assert.strictEqual(settings.get("AnnounceMethod"), "POST")
        const stored = Option.getOrThrow(yield* fake.participant(conference.sid, call ?? ""))
        assert.strictEqual(stored.muted, true)
      }).pipe(provide)
  )

  it.effect("fields not sent are left alone", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const [call] = yield* fake.seedParticipants(conference.sid, [{ muted: true, hold: true }])
      const reply = yield* send("POST", yield* participantPath(conference.sid, call ?? ""), {
        form: [["Hold", "false"]]
      })
      assert.strictEqual(field(reply, "muted"), true)
      assert.strictEqual(field(reply, "hold"), false)
    }).pipe(provide)
  )

  it.effect("bad values are 400 and change nothing", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const [call] = yield* fake.seedParticipants(conference.sid, 1)
      const path = yield* participantPath(conference.sid, call ?? "")
      for (const form of [
        [["Muted", "maybe"]],
        [["HoldMethod", "PATCH"]],
        [["HoldUrl", "nope"]],
        [["CallSidToCoach", "CAshort"]],
        [
          ["Muted", "true"],
          ["Coaching", "true"]
        ]
      ] as const) {
        const reply = yield* send("POST", path, { form })
        assert.strictEqual(reply.status, 400, JSON.stringify(form))
      }
      assert.strictEqual(Option.getOrThrow(yield* fake.participant(conference.sid, call ?? "")).muted, false)
    }).pipe(provide)
  )

  it.effect(
    "coaching: a connected target of the same conference is required (16028); Coaching=false clears it",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const conference = yield* fake.seedConference()
        const [coach, target, ringing] = yield* fake.seedParticipants(conference.sid, [
          {},
          {},
          { status: "ringing" }
        ])
        const path = yield* participantPath(conference.sid, coach ?? "")
        const absent = yield* send("POST", path, { form: [["CallSidToCoach", ringing ?? ""]] })
        assert.strictEqual(field(absent, "code"), 16028)
        const self = yield* send("POST", path, { form: [["CallSidToCoach", coach ?? ""]] })
        assert.strictEqual(field(self, "code"), 16028)
        const ok = yield* send("POST", path, {
          form: [
            ["Coaching", "true"],
            ["CallSidToCoach", target ?? ""]
          ]
        })
        assert.strictEqual(field(ok, "coaching"), true)
        assert.strictEqual(field(ok, "call_sid_to_coach"), target)
        const off = yield* send("POST", path, { form: [["Coaching", "false"]] })
        assert.strictEqual(field(off, "coaching"), false)
        assert.strictEqual(field(off, "call_sid_to_coach"), null)
      }).pipe(provide)
  )
})

describe("remove", () => {
  it.effect(
    "answers 204 with no body; the participant is gone (404 / 20404) and its label is free again",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const conference = yield* fake.seedConference()
        yield* fake.seedParticipants(conference.sid, [{ label: "agent" }, {}])
        const path = yield* participantPath(conference.sid, "agent")
        const removed = yield* send("DELETE", path)
        assert.strictEqual(removed.status, 204)
        assert.strictEqual(removed.text, "")
        const again = yield* send("GET", path)
        assert.strictEqual(again.status, 404)
        assert.strictEqual(field(again, "code"), 20404)
        assert.strictEqual((yield* send("DELETE", path)).status, 404)
        assert.strictEqual((yield* createRaw(conference.sid, [["Label", "agent"]])).status, 201)
      }).pipe(provide)
  )

  it.effect(
    "removing a participant with EndConferenceOnExit completes the conference and drops everyone",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const host = yield* createRaw("meeting", [["EndConferenceOnExit", "true"]])
        const conferenceSid = stringField(host, "conference_sid")
        yield* createRaw("meeting")
        yield* createRaw("meeting")
        assert.strictEqual((yield* fake.participants(conferenceSid)).length, 3)
        yield* send("DELETE", yield* participantPath(conferenceSid, stringField(host, "call_sid")))
        const conference = Option.getOrThrow(yield* fake.conference(conferenceSid))
        assert.strictEqual(conference.status, "completed")
        assert.strictEqual(
          conference.reason_conference_ended,
          "participant-with-end-conference-on-exit-kicked"
        )
        assert.strictEqual(conference.call_sid_ending_conference, field(host, "call_sid"))
        assert.deepStrictEqual(yield* fake.participants(conferenceSid), [])
        // A create against the completed conference's SID is refused as inactive.
        assert.strictEqual(field(yield* createRaw(conferenceSid), "code"), 16099)
      }).pipe(provide)
  )

  it.effect("removing the last participant completes the conference", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const only = yield* createRaw("solo")
      const conferenceSid = stringField(only, "conference_sid")
      yield* send("DELETE", yield* participantPath(conferenceSid, stringField(only, "call_sid")))
      assert.strictEqual(Option.getOrThrow(yield* fake.conference(conferenceSid)).status, "completed")
    }).pipe(provide)
  )
})

describe("conference resource", () => {
  it.effect("GET Conferences/{Sid}.json answers the conference; POST Status=completed ends it", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const base = yield* accountPath
      const conference = yield* fake.seedConference({ friendlyName: "daily", sid: `CF${"ab".repeat(16)}` })
      yield* fake.seedParticipants(conference.sid, 2)
      const fetched = yield* send("GET", `${base}/Conferences/${conference.sid}.json`)
      assert.strictEqual(field(fetched, "friendly_name"), "daily")
      assert.strictEqual(field(fetched, "status"), "in-progress")
      assert.strictEqual(field(fetched, "sid"), `CF${"ab".repeat(16)}`)
      const ended = yield* send("POST", `${base}/Conferences/${conference.sid}.json`, {
        form: [["Status", "completed"]]
      })
      assert.strictEqual(field(ended, "status"), "completed")
      assert.strictEqual(field(ended, "reason_conference_ended"), "conference-ended-via-api")
      assert.deepStrictEqual(yield* fake.participants(conference.sid), [])
    }).pipe(provide)
  )

  it.effect("seeding rejects a duplicate label or an unknown conference", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const duplicate = yield* Effect.flip(
        fake.seedParticipants(conference.sid, [{ label: "a" }, { label: "a" }])
      )
      assert.strictEqual(duplicate._tag, "SeedError")
      assert.deepStrictEqual(yield* fake.participants(conference.sid), [])
      const unknown = yield* Effect.flip(fake.seedParticipants(`CF${"0".repeat(32)}`, 1))
      assert.strictEqual(unknown._tag, "SeedError")
    }).pipe(provide)
  )

  it.effect("seeding beyond Twilio's 250 per conference needs { stress: true }", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      assert.strictEqual((yield* fake.seedParticipants(conference.sid, 249)).length, 249)
      const over = yield* Effect.flip(fake.seedParticipants(conference.sid, 2))
      assert.strictEqual(over._tag, "SeedError")
      assert.include(over.message, "at most 250")
      assert.include(over.message, "stress: true")
      assert.strictEqual((yield* fake.participants(conference.sid)).length, 249, "a refused seed adds no one")
      assert.strictEqual((yield* fake.seedParticipants(conference.sid, 1)).length, 1)
      const stress = yield* fake.seedParticipants(conference.sid, 1_000, { stress: true })
      assert.strictEqual(stress.length, 1_000)
      assert.strictEqual((yield* fake.participants(conference.sid)).length, 1_250)
    }).pipe(provide)
  )
})
