/**
 * `LiveRoster` against the simulator: its own status callbacks (recorded in process) fed to the
 * roster shuffled, repeated and with one lost, on `TestClock`; the result must equal the REST roster.
 */
import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { participantsTestWith } from "@effect-twilio/testing/ParticipantsTest"
import { type ConferenceEvent, LiveRoster } from "@effect-twilio/webhooks"
import { Effect, Fiber, Option, Queue, Stream, SubscriptionRef, TestClock } from "effect"
import { createRaw, participantPath, send, stringField, updateRaw } from "./support/wire.js"

const hook = "https://hooks.example.com/conference"
const everything = "start end join leave mute hold modify announcement"

/** A fixed shuffle (a small LCG), so a failure replays. */
const shuffle = <A>(items: ReadonlyArray<A>, seed: number): Array<A> => {
  const out = items.slice()
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648
    const j = state % (i + 1)
    const a = out[i]
    const b = out[j]
    if (a !== undefined && b !== undefined) {
      out[i] = b
      out[j] = a
    }
  }
  return out
}

const sequenceOf = (event: ConferenceEvent.ConferenceEvent) =>
  event.statusCallbackEvent === "unknown" ? -1 : event.sequenceNumber

/** The REST roster in the roster's terms, sorted by Call SID. */
const restMembers = (conferenceSid: string) =>
  Effect.map(FakeTwilio, (fake) => fake.participants(conferenceSid)).pipe(
    Effect.flatten,
    Effect.map((rows) =>
      rows
        .map(
          (p): LiveRoster.Member => ({
            callSid: p.call_sid,
            label: p.label,
            muted: p.muted,
            hold: p.hold,
            coaching: p.coaching,
            endConferenceOnExit: p.end_conference_on_exit,
            startConferenceOnEnter: p.start_conference_on_enter
          })
        )
        .sort((a, b) => a.callSid.localeCompare(b.callSid))
    )
  )

const sorted = (members: ReadonlyArray<LiveRoster.Member>) =>
  members.slice().sort((a, b) => a.callSid.localeCompare(b.callSid))

/** The roster stream of a conference on a queue of events, its states kept for the test. */
const follow = (conferenceSid: string, feed: Queue.Queue<ConferenceEvent.ConferenceEvent>) =>
  Effect.gen(function* () {
    const latest = yield* SubscriptionRef.make(Option.none<LiveRoster.Roster>())
    const seen: Array<LiveRoster.Roster> = []
    const fiber = yield* LiveRoster.stream(conferenceSid, Stream.fromQueue(feed), {
      gapTimeout: "2 seconds"
    }).pipe(
      Stream.runForEach((roster) =>
        Effect.zipRight(
          Effect.sync(() => seen.push(roster)),
          SubscriptionRef.set(latest, Option.some(roster))
        )
      ),
      Effect.forkScoped
    )
    const until = (predicate: (roster: LiveRoster.Roster) => boolean) =>
      latest.changes.pipe(
        Stream.filterMap((o) => Option.filter(o, predicate)),
        Stream.runHead,
        Effect.flatten,
        Effect.orDie
      )
    return { fiber, seen, until }
  })

/** The conference callbacks recorded since the last call. */
const newEvents = Effect.gen(function* () {
  let taken = 0
  return Effect.gen(function* () {
    const fake = yield* FakeTwilio
    const all = yield* fake.deliveries
    const fresh = all.slice(taken).flatMap((d) => (d.kind === "conference" ? [d.event] : []))
    taken = all.length
    return fresh
  })
})

describe("LiveRoster", () => {
  it.scoped(
    "equals the REST roster after deliveries shuffled, repeated and one lost (the reconcile path)",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const host = yield* createRaw("town-hall", [
          ["Label", "host"],
          ["ConferenceStatusCallback", hook],
          ["ConferenceStatusCallbackEvent", everything]
        ])
        const conferenceSid = stringField(host, "conference_sid")
        const feed = yield* Queue.unbounded<ConferenceEvent.ConferenceEvent>()
        const take = yield* newEvents
        const roster = yield* follow(conferenceSid, feed)
        const seed = yield* roster.until(() => true)
        assert.deepStrictEqual(
          [seed.cause, seed.sequenceNumber, seed.members.map((m) => m.label)],
          ["seed", 0, ["host"]]
        )

        // The host connects: conference-start (1) and its join (2), in order.
        yield* TestClock.adjust("4 seconds")
        yield* Queue.offerAll(feed, yield* take)
        assert.strictEqual((yield* roster.until((r) => r.sequenceNumber === 2)).cause, "event")

        // Three more join (3-5), delivered backwards and twice.
        for (const label of ["alice", "bob", "carol"]) yield* createRaw(conferenceSid, [["Label", label]])
        yield* TestClock.adjust("4 seconds")
        const joins = yield* take
        yield* Queue.offerAll(feed, [...shuffle(joins, 7), ...joins])
        const joined = yield* roster.until((r) => r.sequenceNumber === 5)
        assert.sameMembers(
          joined.members.map((m) => m.label),
          ["host", "alice", "bob", "carol"]
        )
        // The repeats left no gap behind: time passes without a reconcile.
        yield* TestClock.adjust("3 seconds")
        assert.strictEqual((yield* roster.until(() => true)).cause, "event")

        // Mute (6, lost), hold (7), coach (8: modify), a removal (9): a gap that never fills.
        yield* updateRaw(conferenceSid, "alice", [["Muted", "true"]])
        yield* updateRaw(conferenceSid, "bob", [["Hold", "true"]])
        yield* updateRaw(conferenceSid, "carol", [
          ["Coaching", "true"],
          ["CallSidToCoach", stringField(host, "call_sid")]
        ])
        yield* Effect.flatMap(participantPath(conferenceSid, "bob"), (path) => send("DELETE", path))
        const changes = yield* take
        assert.deepStrictEqual(changes.map(sequenceOf), [6, 7, 8, 9])
        const lost = changes.filter((e) => sequenceOf(e) !== 6)
        yield* Queue.offerAll(feed, [...shuffle(lost, 3), ...shuffle(lost, 11)])
        yield* TestClock.adjust("1 second")
        assert.strictEqual((yield* roster.until(() => true)).sequenceNumber, 5)
        yield* TestClock.adjust("1 second")
        const reconciled = yield* roster.until((r) => r.cause === "reconcile")
        assert.strictEqual(reconciled.sequenceNumber, 9)
        assert.deepStrictEqual(sorted(reconciled.members), yield* restMembers(conferenceSid))

        // After the reconcile: the lost event and an old one arrive late and change nothing; 10 applies.
        yield* updateRaw(conferenceSid, "carol", [["Muted", "true"]])
        const late = yield* take
        yield* Queue.offerAll(feed, [...changes.filter((e) => sequenceOf(e) === 6), ...joins, ...late])
        const last = yield* roster.until((r) => r.sequenceNumber === 10)
        assert.deepStrictEqual(sorted(last.members), yield* restMembers(conferenceSid))
        assert.isTrue(last.members.some((m) => m.label === "alice" && m.muted))
        assert.isTrue(last.members.some((m) => m.label === "carol" && m.muted && m.coaching))
        assert.isFalse(last.members.some((m) => m.label === "bob"))

        // The conference ends: the stream's last state is empty and ended.
        yield* fake.endConference(conferenceSid)
        yield* Queue.offerAll(feed, shuffle(yield* take, 5))
        yield* Fiber.join(roster.fiber)
        const final = roster.seen[roster.seen.length - 1]
        assert.deepStrictEqual([final?.ended, final?.members.length], [true, 0])
        assert.strictEqual(roster.seen.filter((r) => r.cause === "reconcile").length, 1)
      }).pipe(Effect.provide(participantsTestWith()))
  )

  it.scoped(
    "events arriving while the seed is read wait and apply after it; a later start is reconciled",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const host = yield* createRaw("early", [
          ["ConferenceStatusCallback", hook],
          ["ConferenceStatusCallbackEvent", everything]
        ])
        const conferenceSid = stringField(host, "conference_sid")
        const take = yield* newEvents
        yield* TestClock.adjust("4 seconds")
        const early = yield* take
        assert.deepStrictEqual(early.map(sequenceOf), [1, 2])

        // The seed's list is slow; start and join arrive (twice) while it is in flight.
        yield* fake.injectFault(Fault.delayed("1 second"), { method: "GET", path: "/Participants.json" })
        const feed = yield* Queue.unbounded<ConferenceEvent.ConferenceEvent>()
        const roster = yield* follow(conferenceSid, feed)
        yield* TestClock.adjust("10 millis")
        yield* Queue.offerAll(feed, [...early.slice().reverse(), ...early])
        yield* TestClock.adjust("1 second")
        const applied = yield* roster.until((r) => r.sequenceNumber === 2)
        assert.strictEqual(applied.cause, "event")
        yield* updateRaw(conferenceSid, stringField(host, "call_sid"), [["Muted", "true"]])
        yield* Queue.offerAll(feed, yield* take)
        const after = yield* roster.until((r) => r.sequenceNumber === 3)
        assert.deepStrictEqual([after.cause, after.members[0]?.muted], ["event", true])
        assert.deepStrictEqual(
          roster.seen.map((r) => r.sequenceNumber),
          [0, 2, 3]
        )

        // A roster that starts hearing at 4 cannot know what 1-3 did after its seed: it lists again
        // once 1-3 have had their time to arrive.
        const other = yield* Queue.unbounded<ConferenceEvent.ConferenceEvent>()
        const late = yield* follow(conferenceSid, other)
        yield* late.until(() => true)
        yield* updateRaw(conferenceSid, stringField(host, "call_sid"), [["Hold", "true"]])
        yield* Queue.offerAll(other, yield* take)
        yield* TestClock.adjust("1 second")
        assert.strictEqual((yield* late.until(() => true)).sequenceNumber, 0)
        yield* TestClock.adjust("1 second")
        const reconciled = yield* late.until((r) => r.sequenceNumber === 4)
        assert.deepStrictEqual([reconciled.cause, reconciled.members[0]?.hold], ["reconcile", true])
      }).pipe(Effect.provide(participantsTestWith()))
  )

  it.scoped("ends when the events end with no gap open, and fails when they fail", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference({ friendlyName: "finite" })
      yield* fake.seedParticipants(conference.sid, 2)
      const states = yield* LiveRoster.stream(conference.sid, Stream.empty).pipe(Stream.runCollect)
      assert.strictEqual(states.length, 1)
      const failed = yield* LiveRoster.stream(conference.sid, Stream.fail("socket closed")).pipe(
        Stream.runCollect,
        Effect.flip
      )
      assert.strictEqual(failed, "socket closed")
    }).pipe(Effect.provide(participantsTestWith()))
  )
})
