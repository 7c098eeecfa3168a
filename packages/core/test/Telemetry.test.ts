/** Metrics and response metadata, read back after scripted runs. */
import { assert, describe, it } from "@effect/vitest"
import { ResponseInfo, TwilioMetrics } from "@effect-twilio/core"
import { Duration, Effect, Fiber, Metric, MetricLabel, Option, Schema, TestClock } from "effect"
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  getParticipant,
  hang,
  makeClient,
  reply,
  twilioError
} from "./fixtures/Transport.js"

const Body = Schema.Struct({ ok: Schema.Boolean })
const options = (extra: object = {}) => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, ...extra })

/** A route of this test alone, so counts from other tests never mix in. */
const routed = (route: string) => ({ ...getParticipant, route })

const count = (metric: Metric.Metric.Counter<number>, tags: Record<string, string>) =>
  Effect.map(Metric.value(Metric.taggedWithLabels(metric, toLabels(tags))), (state) => state.count)

const toLabels = (tags: Record<string, string>) =>
  Object.entries(tags).map(([key, value]) => MetricLabel.make(key, value))

describe("TwilioMetrics", () => {
  it.effect("requests by route, method and status class; retries by reason; 429s; latency", () =>
    Effect.gen(function* () {
      const route = "/test/metrics/{A}"
      const { client } = yield* makeClient(
        [
          twilioError(429, 20429, "slow down", { "retry-after": "1" }),
          twilioError(503, 20503, "down"),
          reply(200, { ok: true })
        ],
        options({ retry: { baseDelay: "1 millis" } })
      )
      const fiber = yield* Effect.fork(client.json(routed(route), Body))
      yield* TestClock.adjust(Duration.seconds(5))
      yield* Fiber.join(fiber)
      const tags = { route, method: "GET" }
      assert.strictEqual(yield* count(TwilioMetrics.requests, { ...tags, status_class: "4xx" }), 1)
      assert.strictEqual(yield* count(TwilioMetrics.requests, { ...tags, status_class: "5xx" }), 1)
      assert.strictEqual(yield* count(TwilioMetrics.requests, { ...tags, status_class: "2xx" }), 1)
      // Retries are counted for the whole SDK (no route tag): at least this test's own.
      assert.isAtLeast(yield* count(TwilioMetrics.retries, { reason: "rate_limited" }), 1)
      assert.isAtLeast(yield* count(TwilioMetrics.retries, { reason: "server_error" }), 1)
      assert.strictEqual(yield* count(TwilioMetrics.rateLimited, { route }), 1)
      const latency = yield* Metric.value(
        Metric.taggedWithLabels(TwilioMetrics.requestDuration, toLabels(tags))
      )
      assert.strictEqual(latency.count, 3)
    })
  )

  it.effect("the in-flight gauge follows attempts holding a slot; waits for a slot are recorded", () =>
    Effect.gen(function* () {
      const route = "/test/metrics/{B}"
      const { client } = yield* makeClient([hang], options({ maxConcurrentRequests: 1, retry: false }))
      const before = (yield* Metric.value(TwilioMetrics.inFlight)).value
      const waitsBefore = (yield* Metric.value(Metric.tagged(TwilioMetrics.waitDuration, "kind", "slot")))
        .count
      const first = yield* Effect.fork(client.json(routed(route), Body))
      const second = yield* Effect.fork(client.json(routed(route), Body))
      yield* TestClock.adjust(Duration.seconds(1))
      assert.strictEqual((yield* Metric.value(TwilioMetrics.inFlight)).value - before, 1)
      yield* Fiber.interrupt(first)
      yield* TestClock.adjust(Duration.millis(10))
      assert.strictEqual((yield* Metric.value(TwilioMetrics.inFlight)).value - before, 1)
      yield* Fiber.interrupt(second)
      assert.strictEqual((yield* Metric.value(TwilioMetrics.inFlight)).value - before, 0)
      const waits = (yield* Metric.value(Metric.tagged(TwilioMetrics.waitDuration, "kind", "slot"))).count
      assert.strictEqual(waits - waitsBefore, 1)
      assert.strictEqual(
        yield* count(TwilioMetrics.requests, { route, method: "GET", status_class: "interrupted" }),
        2
      )
    })
  )
})

describe("ResponseInfo.capture", () => {
  it.effect("answers every Twilio answer of the effect, with its request id and attempts", () =>
    Effect.gen(function* () {
      const { client } = yield* makeClient(
        [twilioError(503, 20503, "down"), reply(200, { ok: true }, { "twilio-request-id": "RQ42" })],
        options({ retry: { baseDelay: "1 millis" } })
      )
      const fiber = yield* Effect.fork(ResponseInfo.capture(client.json(getParticipant, Body)))
      yield* TestClock.adjust(Duration.seconds(1))
      const [value, infos] = yield* Fiber.join(fiber)
      assert.deepStrictEqual(value, { ok: true })
      assert.strictEqual(infos.length, 1)
      const info = infos[0]
      assert.strictEqual(info?.status, 200)
      assert.strictEqual(info?.requestId, "RQ42")
      assert.strictEqual(info?.attempts, 2)
      assert.strictEqual(info?.route, getParticipant.route)
      assert.strictEqual(Option.fromNullable(info?.headers["content-type"]).pipe(Option.isSome), true)
    })
  )

  it.effect("outside capture nothing is collected", () =>
    Effect.gen(function* () {
      const { client } = yield* makeClient([reply(200, { ok: true })], options())
      const sink = yield* ResponseInfo.Sink
      assert.isUndefined(sink)
      yield* client.json(getParticipant, Body)
    })
  )
})
