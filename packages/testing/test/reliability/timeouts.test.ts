/**
 * Timeouts and interruption. On the simulator with `TestClock`: the configured timeout, the
 * per-call override, a timed-out GET retried. On a real loopback socket (undici): a timed-out or
 * interrupted request closes its connection, seen from the server side through a counting proxy.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig, type TwilioConfigOptions } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { participantsTestWith } from "@effect-twilio/testing/ParticipantsTest"
import { Effect, Exit, Fiber, Layer, TestClock } from "effect"
import { conferenceWithAgent } from "../support/observe.js"
import { failureOf } from "./support/exits.js"
import { countingProxy, type SocketCounter, waitUntil, waitUntilEffect } from "./support/sockets.js"

describe("timeouts on the Effect clock", () => {
  it.effect("the configured timeout ends an attempt with TransportError(Timeout)", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* conferenceWithAgent
      yield* fake.injectFault(Fault.delayed("1 minute"))
      const fiber = yield* Effect.fork(Effect.exit(participants.fetch(sid, "agent")))
      yield* TestClock.adjust("4999 millis")
      assert.isTrue((yield* Fiber.poll(fiber))._tag === "None", "not before 5 s")
      yield* TestClock.adjust("1 millis")
      const error = failureOf(yield* Fiber.join(fiber), "TransportError")
      assert.strictEqual(error.reason, "Timeout")
      assert.strictEqual(error.attempts, 1)
    }).pipe(Effect.provide(participantsTestWith({ timeout: "5 seconds", retry: false })))
  )

  it.effect("a per-call timeout replaces the configured one, shorter or longer", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* conferenceWithAgent
      yield* fake.injectFault(Fault.delayed("10 seconds"), { times: 2 })
      const short = yield* Effect.fork(Effect.exit(participants.fetch(sid, "agent", { timeout: "1 second" })))
      yield* TestClock.adjust("1 second")
      assert.strictEqual(failureOf(yield* Fiber.join(short), "TransportError").reason, "Timeout")
      const long = yield* Effect.fork(
        Effect.exit(participants.fetch(sid, "agent", { timeout: "20 seconds" }))
      )
      yield* TestClock.adjust("10 seconds")
      assert.isTrue(Exit.isSuccess(yield* Fiber.join(long)))
    }).pipe(Effect.provide(participantsTestWith({ timeout: "5 seconds", retry: false })))
  )

  it.effect("the timeout applies per attempt: a timed-out GET is retried and succeeds", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* conferenceWithAgent
      yield* fake.injectFault(Fault.delayed("1 minute"))
      const fiber = yield* Effect.fork(participants.fetch(sid, "agent"))
      yield* TestClock.adjust("5 seconds")
      yield* TestClock.adjust("1 second")
      const agent = yield* Fiber.join(fiber)
      assert.strictEqual(agent.label, "agent")
      assert.strictEqual((yield* fake.requests).length, 2)
    }).pipe(Effect.provide(participantsTestWith({ timeout: "5 seconds" })))
  )

  it.effect("a timed-out create is not repeated: Twilio may be dialling already", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* conferenceWithAgent
      yield* fake.injectFault(Fault.delayed("1 minute"))
      const fiber = yield* Effect.fork(
        Effect.exit(participants.create(sid, { from: "+15005550006", to: "+15005550001" }))
      )
      yield* TestClock.adjust("2 minutes")
      assert.strictEqual(failureOf(yield* Fiber.join(fiber), "TransportError").reason, "Timeout")
      assert.strictEqual((yield* fake.requests).length, 1)
    }).pipe(Effect.provide(participantsTestWith({ timeout: "5 seconds" })))
  )
})

/** `Participants` over undici, talking to `served` through a proxy that counts connections. */
const throughProxy = (
  served: FakeTwilio.Served,
  proxy: SocketCounter,
  options: Partial<TwilioConfigOptions> = {}
) =>
  Participants.layer.pipe(
    Layer.provide(
      TwilioConfig.layer({
        accountSid: served.accountSid,
        authToken: served.authToken,
        baseUrl: proxy.baseUrl,
        retry: false,
        ...options
      })
    ),
    Layer.provide(NodeHttpClient.layerUndici)
  )

/** A served simulator with one participant, and a counting proxy in front of it. */
const servedWithProxy = Effect.gen(function* () {
  const served = yield* FakeTwilio.serve()
  const conference = yield* served.seedConference()
  yield* served.seedParticipants(conference.sid, [{ label: "agent" }])
  const proxy = yield* countingProxy(served.port)
  return { served, proxy, sid: conference.sid }
})

describe("on a real socket", () => {
  it.scopedLive("interrupting the caller aborts the request: the server sees the socket close", () =>
    Effect.gen(function* () {
      const { served, proxy, sid } = yield* servedWithProxy
      // The simulator holds the answer back for 3 s of real time; the caller gives up long before.
      yield* served.injectFault(Fault.delayed("3 seconds"))
      const started = Date.now()
      yield* Effect.gen(function* () {
        const participants = yield* Participants
        const fiber = yield* Effect.fork(participants.fetch(sid, "agent"))
        assert.isTrue(yield* waitUntil(() => proxy.open() === 1), "the request is on the wire")
        assert.isTrue(
          yield* waitUntilEffect(Effect.map(served.requests, (log) => log.length === 1)),
          "the server has the request"
        )
        const exit = yield* Fiber.interrupt(fiber)
        assert.isTrue(Exit.isInterrupted(exit))
        assert.isTrue(yield* waitUntil(() => proxy.open() === 0, "1 second"), "socket closed")
        assert.isTrue(Date.now() - started < 2000, "closed well before the server would have answered")
        // The client keeps working on a fresh connection.
        const agent = yield* participants.fetch(sid, "agent")
        assert.strictEqual(agent.label, "agent")
      }).pipe(Effect.provide(throughProxy(served, proxy)))
    })
  )

  it.scopedLive("a timed-out request frees its connection; the next request still works", () =>
    Effect.gen(function* () {
      const { served, proxy, sid } = yield* servedWithProxy
      yield* served.injectFault(Fault.delayed("3 seconds"))
      yield* Effect.gen(function* () {
        const participants = yield* Participants
        const exit = yield* Effect.exit(participants.fetch(sid, "agent"))
        const error = failureOf(exit, "TransportError")
        assert.strictEqual(error.reason, "Timeout")
        assert.isTrue(
          yield* waitUntil(() => proxy.open() === 0, "1 second"),
          "socket closed after the timeout"
        )
        const agent = yield* participants.fetch(sid, "agent")
        assert.strictEqual(agent.label, "agent")
      }).pipe(Effect.provide(throughProxy(served, proxy, { timeout: "150 millis" })))
    })
  )

  it.scopedLive("a per-call timeout interrupts the request on the wire too", () =>
    Effect.gen(function* () {
      const { served, proxy, sid } = yield* servedWithProxy
      yield* served.injectFault(Fault.delayed("3 seconds"))
      yield* Effect.gen(function* () {
        const participants = yield* Participants
        const exit = yield* Effect.exit(participants.fetch(sid, "agent", { timeout: "100 millis" }))
        assert.strictEqual(failureOf(exit, "TransportError").reason, "Timeout")
        assert.isTrue(yield* waitUntil(() => proxy.open() === 0, "1 second"), "socket closed")
      }).pipe(Effect.provide(throughProxy(served, proxy)))
    })
  )

  it.scopedLive("closing the layer's scope closes every pooled connection", () =>
    Effect.gen(function* () {
      const { served, proxy, sid } = yield* servedWithProxy
      yield* Effect.scoped(
        Effect.gen(function* () {
          const participants = yield* Participants
          yield* Effect.all(
            Array.from({ length: 8 }, () => participants.fetch(sid, "agent")),
            { concurrency: "unbounded" }
          )
          assert.isTrue(proxy.open() > 0, "keep-alive connections stay open while the client lives")
        }).pipe(Effect.provide(throughProxy(served, proxy)))
      )
      assert.isTrue(yield* waitUntil(() => proxy.open() === 0, "1 second"), "all closed with the scope")
    })
  )
})
