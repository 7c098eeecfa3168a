/**
 * The roster-stream example against the simulator in process: filters, `limit`, bounded
 * concurrency, and snapshots driven by `TestClock`.
 */
import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio, ParticipantsTest } from "@effect-twilio/testing"
import { Chunk, Effect, Fiber, Stream, TestClock } from "effect"
import { firstFew, mutedAndOnHold, releaseEveryoneOnHold, snapshots } from "../roster-stream.js"

describe("roster-stream example", () => {
  it.effect("filters are applied by Twilio, and limit stops paging early", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      yield* fake.seedParticipants(
        conference.sid,
        Array.from({ length: 120 }, (_, i) => ({ label: `p${i}`, muted: i % 2 === 0, hold: i % 3 === 0 }))
      )
      const both = yield* mutedAndOnHold(conference.sid)
      assert.deepStrictEqual(
        both,
        Array.from({ length: 120 }, (_, i) => i)
          .filter((i) => i % 6 === 0)
          .map((i) => `p${i}`)
      )
      yield* fake.clearRequests
      const few = yield* firstFew(conference.sid, 5)
      assert.deepStrictEqual(
        few.map((p) => p.label),
        ["p0", "p1", "p2", "p3", "p4"]
      )
      assert.lengthOf(yield* fake.requests, 1)
    }).pipe(Effect.provide(ParticipantsTest))
  )

  it.effect("releases everyone on hold with bounded concurrency", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      yield* fake.seedParticipants(
        conference.sid,
        Array.from({ length: 30 }, (_, i) => ({ hold: i % 2 === 0 }))
      )
      assert.strictEqual(yield* releaseEveryoneOnHold(conference.sid, 4), 15)
      const roster = yield* fake.participants(conference.sid)
      assert.isTrue(roster.every((p) => !p.hold))
    }).pipe(Effect.provide(ParticipantsTest))
  )

  it.effect("snapshots follow the calls as they connect", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      // "live" participants start queued and move on with the (test) clock: connected after 4 s.
      yield* fake.seedParticipants(conference.sid, [{ status: "live" }, { status: "live" }, {}])
      const fiber = yield* snapshots(conference.sid, "5 seconds").pipe(
        Stream.take(2),
        Stream.runCollect,
        Effect.fork
      )
      yield* TestClock.adjust("5 seconds")
      const [before, after] = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
      assert.deepStrictEqual(before, { total: 3, byStatus: { queued: 2, connected: 1 } })
      assert.deepStrictEqual(after, { total: 3, byStatus: { connected: 3 } })
    }).pipe(Effect.provide(ParticipantsTest))
  )
})
