/**
 * The README's snippets on the simulator's webhooks and the live roster, run as tests.
 */
import { HttpRouter } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio } from "@effect-twilio/testing"
import { participantsTestWith } from "@effect-twilio/testing/ParticipantsTest"
import { type ConferenceEvent, ConferenceWebhook, LiveRoster } from "@effect-twilio/webhooks"
import { Effect, Fiber, Queue, Stream, TestClock } from "effect"

describe("README: webhooks from the simulator", () => {
  // #region offline
  it.scoped("the simulator reports a join and a mute to the conference callback", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const participants = yield* Participants
      const host = yield* participants.create("standup", {
        from: "+15017122661",
        to: "+15558675310",
        label: "host",
        conferenceStatusCallback: "https://hooks.example.com/twilio/conference",
        conferenceStatusCallbackEvent: ["join", "mute"]
      })
      yield* TestClock.adjust("4 seconds") // queued, connecting, ringing: now it joins
      yield* participants.update(host.conferenceSid ?? "", "host", { muted: true })

      const deliveries = yield* fake.awaitDeliveries(2)
      assert.deepStrictEqual(
        deliveries.map((d) => (d.kind === "conference" ? d.event.statusCallbackEvent : d.kind)),
        ["participant-join", "participant-mute"]
      )
      // Not a loopback URL, so only recorded; `d.request` is the signed form Twilio would send.
      assert.isTrue(deliveries.every((d) => d.outcome === "recorded" && d.request.signature !== ""))
    }).pipe(Effect.provide(participantsTestWith()))
  )
  // #endregion
})

// #region live-roster
// Your endpoint feeds a queue; the roster reads it (any framework: `ConferenceWebhook.parse`).
const followConference = (conferenceSid: string) =>
  Effect.gen(function* () {
    const events = yield* Queue.bounded<ConferenceEvent.ConferenceEvent>(1000)
    const router = HttpRouter.empty.pipe(
      HttpRouter.post(
        "/twilio/conference",
        ConferenceWebhook.handler((event) => Queue.offer(events, event))
      )
    )
    const roster = LiveRoster.stream(conferenceSid, Stream.fromQueue(events), { gapTimeout: "2 seconds" })
    // Seed first, then one state per change; it ends when the conference ends.
    const printing = roster.pipe(
      Stream.runForEach((state) =>
        Effect.log(`#${state.sequenceNumber} ${state.cause}: ${state.members.map((m) => m.label).join(", ")}`)
      )
    )
    return { router, events, printing }
  })
// #endregion

describe("README: the live roster", () => {
  it.scoped("the snippet follows a conference to its end", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const participants = yield* Participants
      const host = yield* participants.create("standup", {
        from: "+15017122661",
        to: "+15558675310",
        label: "host",
        conferenceStatusCallback: "https://hooks.example.com/twilio/conference",
        conferenceStatusCallbackEvent: ["start", "end", "join", "leave"]
      })
      const conferenceSid = host.conferenceSid ?? ""
      const { events, printing } = yield* followConference(conferenceSid)
      const fiber = yield* Effect.fork(printing)
      yield* TestClock.adjust("4 seconds")
      yield* fake.endConference(conferenceSid)
      for (const d of yield* fake.awaitDeliveries(4))
        if (d.kind === "conference") yield* Queue.offer(events, d.event)
      yield* Fiber.join(fiber)
    }).pipe(Effect.provide(participantsTestWith()))
  )
})
