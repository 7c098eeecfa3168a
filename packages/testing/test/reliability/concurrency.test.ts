/**
 * One client shared by many fibers over real HTTP (undici) against the served simulator: every
 * result right, connections bounded, no unhandled rejection, no socket or fiber left behind.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { NodeHttpClient } from "@effect/platform-node"
import { Agent } from "@effect/platform-node/Undici"
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_AUTH_TOKEN,
  IN_PROCESS_BASE_URL
} from "@effect-twilio/testing/FakeTwilio"
import { Effect, Exit, Fiber, Layer, Supervisor, TestClock } from "effect"
import { countingProxy, type SocketCounter, waitUntil } from "./support/sockets.js"

const CONFERENCES = 50
const PER_CONFERENCE = 10
const IN_FLIGHT = 16

/** What update number `i` asks for, so every participant ends in a state of its own. */
const wanted = (i: number) => ({ muted: i % 2 === 0, hold: i % 3 === 0 })

/**
 * 500 updates across 50 conferences, all started at once through one `Participants` built on
 * `http`, behind a counting proxy. Checks every answer and the simulator's state, that nothing
 * is left running or open after the scope, and that no promise rejection went unhandled.
 */
const fiveHundredUpdates = (http: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.gen(function* () {
    const rejections: Array<unknown> = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on("unhandledRejection", onRejection)
    yield* Effect.addFinalizer(() => Effect.sync(() => process.off("unhandledRejection", onRejection)))

    const served = yield* FakeTwilio.serve()
    const proxy = yield* countingProxy(served.port)
    const targets: Array<{ readonly sid: string; readonly call: string; readonly i: number }> = []
    for (let c = 0; c < CONFERENCES; c++) {
      const conference = yield* served.seedConference()
      for (const call of yield* served.seedParticipants(conference.sid, PER_CONFERENCE)) {
        targets.push({ sid: conference.sid, call, i: targets.length })
      }
    }
    assert.strictEqual(targets.length, 500)

    const live = Participants.layer.pipe(
      Layer.provide(
        TwilioConfig.layer({
          accountSid: served.accountSid,
          authToken: served.authToken,
          baseUrl: proxy.baseUrl,
          maxConcurrentRequests: IN_FLIGHT
        })
      ),
      Layer.provide(http)
    )
    const supervisor = yield* Supervisor.track
    const results = yield* Effect.scoped(
      Effect.forEach(
        targets,
        ({ sid, call, i }) => Effect.flatMap(Participants, (p) => p.update(sid, call, wanted(i))),
        {
          concurrency: "unbounded"
        }
      ).pipe(Effect.provide(live), Effect.supervised(supervisor))
    )

    // Every answer belongs to its own request, and the simulator holds exactly what was asked.
    results.forEach((p, i) => {
      const target = targets[i]
      assert.strictEqual(p.callSid, target?.call)
      assert.strictEqual(p.conferenceSid, target?.sid)
      assert.deepStrictEqual({ muted: p.muted, hold: p.hold }, wanted(i))
    })
    for (const { sid, call, i } of targets) {
      const [state] = (yield* served.participants(sid)).filter((p) => p.call_sid === call)
      assert.deepStrictEqual({ muted: state?.muted, hold: state?.hold }, wanted(i))
    }
    assert.strictEqual((yield* served.requests).length, 500, "one request per update, none repeated")

    assert.isTrue(yield* waitUntil(() => proxy.open() === 0, "1 second"), "sockets closed with the scope")
    const running = (yield* supervisor.value).filter(Fiber.isRuntimeFiber)
    assert.strictEqual(running.length, 0, "no fiber outlives the scope")
    // Let any stray rejection surface before looking.
    yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
    assert.deepStrictEqual(rejections, [])
    return proxy
  })

/** The `Dispatcher` for undici: an `Agent` with options, destroyed with the scope. */
const agent = (options: ConstructorParameters<typeof Agent>[0]) =>
  NodeHttpClient.layerUndiciWithoutDispatcher.pipe(
    Layer.provide(
      Layer.scoped(
        NodeHttpClient.Dispatcher,
        Effect.acquireRelease(
          Effect.sync(() => new Agent(options)),
          (dispatcher) => Effect.promise(() => dispatcher.destroy())
        )
      )
    )
  )

const peakWithin = (proxy: SocketCounter, bound: number) =>
  assert.isTrue(proxy.peak() <= bound, `peak ${proxy.peak()} sockets, bound ${bound}`)

describe("500 concurrent updates through one client", () => {
  it.scopedLive(
    "default undici pool: right results; maxConcurrentRequests keeps sockets far below one per fiber",
    () =>
      Effect.gen(function* () {
        const proxy = yield* fiveHundredUpdates(NodeHttpClient.layerUndici)
        // undici's default pool has no connection limit, so the client's in-flight cap is the bound;
        // undici frees a socket a moment after its answer is read, so a few extra may open.
        peakWithin(proxy, 2 * IN_FLIGHT)
        assert.isTrue(proxy.total() <= 2 * IN_FLIGHT, `${proxy.total()} sockets in all`)
      }),
    30_000
  )

  it.scopedLive(
    "undici Agent with connections = maxConcurrentRequests: right results, never more sockets than that",
    () =>
      Effect.gen(function* () {
        const proxy = yield* fiveHundredUpdates(agent({ connections: IN_FLIGHT }))
        peakWithin(proxy, IN_FLIGHT)
        assert.isTrue(proxy.total() <= IN_FLIGHT, `${proxy.total()} sockets in all`)
      }),
    30_000
  )
})

/** `Participants` on the in-process simulator with at most `slots` requests in flight. */
const withSlots = (slots: number) =>
  Participants.layer.pipe(
    Layer.provide(
      TwilioConfig.layer({
        accountSid: DEFAULT_ACCOUNT_SID,
        authToken: DEFAULT_AUTH_TOKEN,
        baseUrl: IN_PROCESS_BASE_URL,
        maxConcurrentRequests: slots,
        retry: false
      })
    ),
    Layer.provideMerge(FakeTwilio.layer)
  )

describe("the in-flight cap", () => {
  it.effect("a request waits for a free slot; a waiting caller can be interrupted; no slot is lost", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      yield* fake.seedParticipants(conference.sid, [{ label: "agent" }])
      yield* fake.injectFault(Fault.delayed("10 seconds"))
      const slow = yield* Effect.fork(participants.fetch(conference.sid, "agent"))
      yield* TestClock.adjust("1 second")
      const waiting = yield* Effect.fork(participants.fetch(conference.sid, "agent"))
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* fake.requests).length, 1, "the second request waits for the slot")
      assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(waiting)))
      yield* TestClock.adjust("8 seconds")
      assert.strictEqual((yield* Fiber.join(slow)).label, "agent")
      // The slot came back, and the interrupted caller did not take it with it.
      const after = yield* participants.fetch(conference.sid, "agent")
      assert.strictEqual(after.label, "agent")
      assert.strictEqual((yield* fake.requests).length, 2)
    }).pipe(Effect.provide(withSlots(1)))
  )

  it.effect("failures give their slot back: 20 failed requests through one slot, then a success", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      yield* fake.seedParticipants(conference.sid, [{ label: "agent" }])
      yield* fake.injectFault(Fault.internalError, { times: 10 })
      yield* fake.injectFault(Fault.dropped, { times: 10 })
      const exits = yield* Effect.forEach(
        Array.from({ length: 20 }, () => participants.fetch(conference.sid, "agent")),
        Effect.exit,
        { concurrency: "unbounded" }
      )
      assert.isTrue(exits.every(Exit.isFailure))
      // Were a slot lost, this would wait forever (the test would time out).
      const agent = yield* participants.fetch(conference.sid, "agent")
      assert.strictEqual(agent.label, "agent")
    }).pipe(Effect.provide(withSlots(1)))
  )
})
