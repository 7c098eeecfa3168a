/**
 * The README's `Conferences` service snippets (`examples/readme/conferences.ts`), run on the
 * simulator: find the live conference by name, announce to it, end it for everyone.
 */
import { assert, it } from "@effect/vitest"
import { ConferencesTest, FakeTwilio } from "@effect-twilio/testing"
import { Effect, Option } from "effect"
import { wrapUp } from "../readme/conferences.js"

it.effect("the wrap-up example announces to the live conference, then ends it for everyone", () =>
  Effect.gen(function* () {
    const fake = yield* FakeTwilio
    yield* fake.seedConference({ friendlyName: "standup", status: "completed" })
    const room = yield* fake.seedConference({ friendlyName: "standup" })
    yield* fake.seedParticipants(room.sid, 2)
    yield* wrapUp("standup")
    assert.deepStrictEqual(
      (yield* fake.announcements(room.sid)).map((a) => [a.url, a.method]),
      [["https://example.com/twiml/closing-in-one-minute.xml", "GET"]]
    )
    const ended = Option.getOrThrow(yield* fake.conference(room.sid))
    assert.strictEqual(ended.status, "completed")
    assert.strictEqual(ended.reason_conference_ended, "conference-ended-via-api")
    assert.deepStrictEqual(yield* fake.participants(room.sid), [])
    // Nobody live under that name any more: the example says so and sends nothing else.
    yield* fake.clearRequests
    yield* wrapUp("standup")
    assert.lengthOf(yield* fake.requests, 1)
  }).pipe(Effect.provide(ConferencesTest))
)
