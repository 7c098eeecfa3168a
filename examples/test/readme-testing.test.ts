/**
 * The README's "swap the live layer out" snippet, run as a test.
 */
// #region swap
import { assert, it } from "@effect/vitest"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, ParticipantsTest } from "@effect-twilio/testing"
import { Effect, TestClock } from "effect"

it.effect("the agent ends up connected", () =>
  Effect.gen(function* () {
    const participants = yield* Participants
    const fake = yield* FakeTwilio
    const agent = yield* participants.create("support-42", {
      from: "+15005550006",
      to: "+15005550001",
      label: "agent"
    })
    yield* TestClock.adjust("4 seconds") // queued -> connecting -> ringing -> connected
    const now = yield* participants.fetch(agent.conferenceSid ?? "", "agent")
    assert.strictEqual(now.status, "connected")
    assert.strictEqual((yield* fake.requests).length, 2)
  }).pipe(Effect.provide(ParticipantsTest))
)
// #endregion
