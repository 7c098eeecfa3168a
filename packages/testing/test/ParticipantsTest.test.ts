import { assert, describe, it } from "@effect/vitest"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault, ParticipantsTest } from "@effect-twilio/testing"
import { participantsTestWith } from "@effect-twilio/testing/ParticipantsTest"
import { Chunk, Effect, Fiber, Stream, TestClock } from "effect"

const numbers = { from: "+15005550006", to: "+15005550001" }

describe("ParticipantsTest", () => {
  it.effect("provides Participants on the simulator, with the FakeTwilio handle alongside", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const fake = yield* FakeTwilio
      const created = yield* participants.create("standup", { ...numbers, label: "alice" })
      const conferenceSid = created.conferenceSid ?? ""
      assert.strictEqual(created.status, "queued")
      yield* TestClock.adjust("4 seconds")
      const connected = yield* participants.fetch(conferenceSid, "alice")
      assert.strictEqual(connected.status, "connected")
      yield* fake.seedParticipants(conferenceSid, 3)
      const roster = yield* Stream.runCollect(participants.list(conferenceSid))
      assert.strictEqual(Chunk.size(roster), 4)
      const create = (yield* fake.requests)[0]
      assert.deepStrictEqual(create?.form.slice(0, 3), [
        ["From", "+15005550006"],
        ["To", "+15005550001"],
        ["Label", "alice"]
      ])
    }).pipe(Effect.provide(ParticipantsTest))
  )

  it.effect("a truncated body surfaces as UnexpectedResponse in process", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const [call] = yield* fake.seedParticipants(conference.sid, 1)
      yield* fake.injectFault(Fault.truncatedBody)
      const error = yield* Effect.flip(participants.fetch(conference.sid, call ?? ""))
      assert.strictEqual(error._tag, "UnexpectedResponse")
      yield* fake.injectFault(Fault.dropped)
      const dropped = yield* Effect.flip(participants.fetch(conference.sid, call ?? ""))
      assert.strictEqual(dropped._tag, "TransportError")
    }).pipe(Effect.provide(participantsTestWith({ retry: false })))
  )

  it.effect("the SDK's retry waits on the Effect clock for Retry-After", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const [call] = yield* fake.seedParticipants(conference.sid, 1)
      yield* fake.injectFault(Fault.rateLimited("30 seconds"))
      const fiber = yield* Effect.fork(participants.fetch(conference.sid, call ?? ""))
      yield* TestClock.adjust("29 seconds")
      assert.strictEqual((yield* fake.requests).length, 1)
      yield* TestClock.adjust("1 second")
      const fetched = yield* Fiber.join(fiber)
      assert.strictEqual(fetched.callSid, call)
      assert.strictEqual((yield* fake.requests).length, 2)
    }).pipe(Effect.provide(ParticipantsTest))
  )
})
