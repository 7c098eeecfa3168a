import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect, TestClock } from "effect"
import { createRaw, field, participantPath, send, stringField } from "./support/wire.js"

const fetchStatus = (conferenceSid: string, callSid: string) =>
  Effect.flatMap(participantPath(conferenceSid, callSid), (path) =>
    Effect.map(send("GET", path), (reply) => field(reply, "status"))
  )

describe("participant status follows the clock", () => {
  it.effect("queued, connecting, ringing, connected with the default 1 s / 1 s / 2 s steps", () =>
    Effect.gen(function* () {
      const created = yield* createRaw("room")
      const conference = stringField(created, "conference_sid")
      const call = stringField(created, "call_sid")
      assert.strictEqual(field(created, "status"), "queued")
      assert.strictEqual(yield* fetchStatus(conference, call), "queued")
      yield* TestClock.adjust("1 second")
      assert.strictEqual(yield* fetchStatus(conference, call), "connecting")
      yield* TestClock.adjust("1 second")
      assert.strictEqual(yield* fetchStatus(conference, call), "ringing")
      yield* TestClock.adjust("1999 millis")
      assert.strictEqual(yield* fetchStatus(conference, call), "ringing")
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* fetchStatus(conference, call), "connected")
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* fetchStatus(conference, call), "connected")
    }).pipe(Effect.provide(FakeTwilio.layer))
  )

  it.effect("step durations are configurable and queue_time reports the queued step", () =>
    Effect.gen(function* () {
      const created = yield* createRaw("room")
      assert.strictEqual(field(created, "queue_time"), "200")
      const conference = stringField(created, "conference_sid")
      const call = stringField(created, "call_sid")
      yield* TestClock.adjust("200 millis")
      assert.strictEqual(yield* fetchStatus(conference, call), "connecting")
      yield* TestClock.adjust("300 millis")
      assert.strictEqual(yield* fetchStatus(conference, call), "ringing")
      yield* TestClock.adjust("400 millis")
      assert.strictEqual(yield* fetchStatus(conference, call), "connected")
    }).pipe(
      Effect.provide(
        FakeTwilio.layerWith({
          timing: { queued: "200 millis", connecting: "300 millis", ringing: "400 millis" }
        })
      )
    )
  )

  it.effect("queue_time is set on the create answer only", () =>
    Effect.gen(function* () {
      const created = yield* createRaw("room")
      assert.strictEqual(field(created, "queue_time"), "1000")
      const path = yield* participantPath(
        stringField(created, "conference_sid"),
        stringField(created, "call_sid")
      )
      assert.strictEqual(field(yield* send("GET", path), "queue_time"), null)
      assert.strictEqual(field(yield* send("POST", path, { form: [["Muted", "true"]] }), "queue_time"), null)
    }).pipe(Effect.provide(FakeTwilio.layer))
  )

  it.effect("dates follow the clock in RFC 2822 form", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.UTC(2011, 1, 18, 21, 7, 19))
      const created = yield* createRaw("room")
      assert.strictEqual(field(created, "date_created"), "Fri, 18 Feb 2011 21:07:19 +0000")
      assert.strictEqual(field(created, "date_updated"), "Fri, 18 Feb 2011 21:07:19 +0000")
    }).pipe(Effect.provide(FakeTwilio.layer))
  )

  it.effect("a seeded participant keeps its seeded status; status 'live' follows the clock", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const [fixed, live] = yield* fake.seedParticipants(conference.sid, [
        { status: "ringing" },
        { status: "live" }
      ])
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual(yield* fetchStatus(conference.sid, fixed ?? ""), "ringing")
      assert.strictEqual(yield* fetchStatus(conference.sid, live ?? ""), "connected")
    }).pipe(Effect.provide(FakeTwilio.layer))
  )
})
