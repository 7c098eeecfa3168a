/**
 * Retries end to end: `Participants` on the simulator, faults staged per request, time driven by
 * `TestClock`. What is repeated, how long the SDK waits, and what it reports when it gives up.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { participantsTestWith } from "@effect-twilio/testing/ParticipantsTest"
import { Clock, Duration, Effect, Exit, Fiber, Layer, Option, Schedule, TestClock } from "effect"
import { failureOf } from "./support/exits.js"

const numbers = { from: "+15005550006", to: "+15005550001" }

/** A conference with one connected participant labelled "agent". */
const seeded = Effect.gen(function* () {
  const fake = yield* FakeTwilio
  const conference = yield* fake.seedConference()
  const [call] = yield* fake.seedParticipants(conference.sid, [{ label: "agent" }])
  return { fake, sid: conference.sid, call: call ?? "" }
})

/** Runs `effect` in a fiber, moves the clock by `by`, and answers its exit. */
const after = <A, E, R>(effect: Effect.Effect<A, E, R>, by: Duration.DurationInput) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(Effect.exit(effect))
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

/** The gaps between consecutive request arrivals, in ms of the Effect clock. */
const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((t, i) => t - (times[i] ?? 0))

const withFake = (options: FakeTwilio.LayerOptions = {}) => Effect.provide(participantsTestWith(options))

describe("429: always retried, honouring Retry-After", () => {
  it.effect("Retry-After in seconds: the retry arrives exactly that long after", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.rateLimited("7 seconds"))
      const fiber = yield* Effect.fork(participants.update(sid, "agent", { muted: true }))
      yield* TestClock.adjust("6999 millis")
      assert.strictEqual((yield* fake.requests).length, 1, "still waiting")
      yield* TestClock.adjust("1 millis")
      const updated = yield* Fiber.join(fiber)
      assert.isTrue(updated.muted)
      const log = yield* fake.requests
      assert.deepStrictEqual(gaps(log.map((r) => r.receivedAt)), [7000])
    }).pipe(withFake())
  )

  it.effect("Retry-After as an HTTP date: the retry waits until that instant", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.rateLimited("1 second"))
      const exit = yield* after(participants.fetch(sid, "agent"), "9 seconds")
      assert.isTrue(Exit.isSuccess(exit))
      assert.deepStrictEqual(gaps((yield* fake.requests).map((r) => r.receivedAt)), [9000])
    }).pipe(
      // Between the simulator and the SDK: a 429's Retry-After becomes the HTTP date 9 s from now.
      Effect.provide(
        Participants.layer.pipe(
          Layer.provide(
            Layer.effect(
              HttpClient.HttpClient,
              Effect.map(HttpClient.HttpClient, (client) =>
                HttpClient.transformResponse(client, (response) =>
                  Effect.flatMap(response, (r) =>
                    r.status !== 429
                      ? Effect.succeed(r)
                      : Effect.zipWith(r.text, Clock.currentTimeMillis, (text, now) =>
                          HttpClientResponse.fromWeb(
                            r.request,
                            new Response(text, {
                              status: 429,
                              headers: { ...r.headers, "retry-after": new Date(now + 9000).toUTCString() }
                            })
                          )
                        )
                  )
                )
              )
            )
          ),
          Layer.provideMerge(FakeTwilio.layer)
        )
      )
    )
  )

  it.effect("without Retry-After: exponential backoff with jitter (±20% of 0.5 s, 1 s, 2 s)", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.rateLimited(), { times: 3 })
      const exit = yield* after(participants.fetch(sid, "agent"), "5 seconds")
      assert.isTrue(Exit.isSuccess(exit))
      const waits = gaps((yield* fake.requests).map((r) => r.receivedAt))
      assert.strictEqual(waits.length, 3)
      ;[500, 1000, 2000].forEach((base, i) => {
        const wait = waits[i] ?? 0
        assert.isTrue(wait >= base * 0.8 && wait <= base * 1.2, `wait ${i} was ${wait} ms`)
      })
    }).pipe(withFake())
  )

  it.effect("a create refused with 429 is sent again (Twilio did not act) and exists once", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.rateLimited("2 seconds"), { method: "POST" })
      const exit = yield* after(participants.create(sid, { ...numbers, label: "caller" }), "2 seconds")
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual((yield* fake.requests).filter((r) => r.method === "POST").length, 2)
      const roster = yield* fake.participants(sid)
      assert.strictEqual(roster.filter((p) => p.label === "caller").length, 1)
    }).pipe(withFake())
  )

  it.effect("every wait is bounded: a Retry-After over 60 s is not waited for", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.rateLimited("61 seconds"))
      const exit = yield* after(participants.fetch(sid, "agent"), "0 millis")
      const error = failureOf(exit, "RateLimited")
      assert.strictEqual(error.attempts, 1)
      assert.deepStrictEqual(Option.getOrNull(error.retryAfter), Duration.seconds(61))
      assert.strictEqual((yield* fake.requests).length, 1)
    }).pipe(withFake())
  )

  it.effect("attempts and total wait are bounded: 1 + 3 attempts, 3 × 60 s, then RateLimited", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.rateLimited("60 seconds"), { times: 100 })
      const fiber = yield* Effect.fork(Effect.exit(participants.fetch(sid, "agent")))
      yield* TestClock.adjust("179 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "still waiting before 180 s")
      yield* TestClock.adjust("1 second")
      const error = failureOf(yield* Fiber.join(fiber), "RateLimited")
      assert.strictEqual(error.attempts, 4)
      assert.strictEqual((yield* fake.requests).length, 4)
    }).pipe(withFake())
  )
})

describe("5xx and transport failures: retried only when a repeat is harmless", () => {
  it.effect("a fetch is retried through 503, 500 and a dropped connection", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.unavailable)
      yield* fake.injectFault(Fault.internalError)
      yield* fake.injectFault(Fault.dropped)
      const exit = yield* after(participants.fetch(sid, "agent"), "10 seconds")
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual((yield* fake.requests).length, 4)
    }).pipe(withFake())
  )

  it.effect("the last error is reported, with the number of attempts", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.unavailable)
      yield* fake.injectFault(Fault.unavailable)
      yield* fake.injectFault(Fault.internalError)
      yield* fake.injectFault(Fault.badGateway)
      const error = failureOf(yield* after(participants.fetch(sid, "agent"), "10 seconds"), "ServerError")
      assert.strictEqual(error.status, 502)
      assert.strictEqual(error.attempts, 4)
      assert.include(error.excerpt, "502 Bad Gateway")
      const waited = gaps((yield* fake.requests).map((r) => r.receivedAt)).reduce((a, b) => a + b, 0)
      assert.isTrue(waited <= 1.2 * (500 + 1000 + 2000), `waited ${waited} ms in all`)
    }).pipe(withFake())
  )

  it.effect("a state-only update (mute, hold) is retried after an ambiguous 500 and applied", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.appliedThen(Fault.internalError), { method: "POST" })
      const exit = yield* after(participants.update(sid, "agent", { muted: true, hold: true }), "2 seconds")
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual((yield* fake.requests).length, 2)
      const agent = Option.getOrThrow(yield* fake.participant(sid, "agent"))
      assert.isTrue(agent.muted && agent.hold)
    }).pipe(withFake())
  )

  for (const [name, fault, tag] of [
    ["a 500", Fault.internalError, "ServerError"],
    ["an HTML 502", Fault.badGateway, "ServerError"],
    ["a dropped connection", Fault.dropped, "TransportError"],
    ["a body cut in half", Fault.truncatedBody, "UnexpectedResponse"]
  ] as const) {
    it.effect(
      `a create applied and then answered with ${name} is sent once: the participant exists once`,
      () =>
        Effect.gen(function* () {
          const participants = yield* Participants
          const { fake, sid } = yield* seeded
          yield* fake.injectFault(Fault.appliedThen(fault), { method: "POST" })
          const exit = yield* after(participants.create(sid, { ...numbers, label: "caller" }), "1 minute")
          const error = failureOf(exit, tag)
          if (error._tag === "ServerError" || error._tag === "TransportError")
            assert.strictEqual(error.attempts, 1)
          const posts = (yield* fake.requests).filter((r) => r.method === "POST")
          assert.strictEqual(posts.length, 1)
          const roster = yield* fake.participants(sid)
          assert.strictEqual(roster.filter((p) => p.label === "caller").length, 1)
        }).pipe(withFake())
    )
  }

  it.effect("an update with announceUrl applied and then answered 500 is sent once", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.appliedThen(Fault.internalError), { method: "POST" })
      const exit = yield* after(
        participants.update(sid, "agent", { announceUrl: "https://example.com/announce.xml" }),
        "1 minute"
      )
      assert.strictEqual(failureOf(exit, "ServerError").attempts, 1)
      assert.strictEqual((yield* fake.requests).length, 1)
      const settings = Option.getOrThrow(yield* fake.participantSettings(sid, "agent"))
      assert.strictEqual(settings.get("AnnounceUrl"), "https://example.com/announce.xml")
    }).pipe(withFake())
  )

  it.effect("a custom schedule changes the timing, never the rule: a create is still sent once", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.appliedThen(Fault.unavailable), { method: "POST" })
      const exit = yield* after(
        participants.create(sid, numbers, { retry: Schedule.spaced("1 second") }),
        "1 minute"
      )
      failureOf(exit, "ServerError")
      assert.strictEqual((yield* fake.requests).length, 1)
    }).pipe(withFake())
  )
})

describe("remove after an ambiguous failure", () => {
  it.effect("a DELETE applied then answered 500 is retried; the 404 that follows counts as removed", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.appliedThen(Fault.internalError), { method: "DELETE" })
      const exit = yield* after(participants.remove(sid, "agent"), "2 seconds")
      assert.isTrue(Exit.isSuccess(exit), String(exit))
      const deletes = (yield* fake.requests).filter((r) => r.method === "DELETE")
      assert.strictEqual(deletes.length, 2)
      assert.isTrue(Option.isNone(yield* fake.participant(sid, "agent")))
    }).pipe(withFake())
  )

  it.effect("a DELETE of a participant that never existed is NotFound after one request", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      const error = failureOf(yield* after(participants.remove(sid, "nobody"), "0 millis"), "NotFound")
      assert.strictEqual(error.code, 20404)
      assert.strictEqual((yield* fake.requests).length, 1)
    }).pipe(withFake())
  )
})

describe("retry settings per call", () => {
  it.effect("{ retry: false } on one call: one attempt, whatever the configuration says", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.unavailable, { times: 5 })
      const exit = yield* after(participants.fetch(sid, "agent", { retry: false }), "1 minute")
      assert.strictEqual(failureOf(exit, "ServerError").attempts, 1)
    }).pipe(withFake())
  )

  it.effect("{ retry: { maxRetries: 1 } } on one call: two attempts", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* seeded
      yield* fake.injectFault(Fault.unavailable, { times: 5 })
      const exit = yield* after(participants.fetch(sid, "agent", { retry: { maxRetries: 1 } }), "1 minute")
      assert.strictEqual(failureOf(exit, "ServerError").attempts, 2)
      assert.strictEqual((yield* fake.requests).length, 2)
    }).pipe(withFake({ retry: false }))
  )
})
