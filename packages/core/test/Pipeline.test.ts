/**
 * The request pipeline's own rules: slots, timeouts that count the wait for a slot, scoped call
 * options, one span per operation, server text made safe to keep.
 */

import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { CallOptions, InvalidParameters } from "@effect-twilio/core"
import { Cause, Duration, Effect, Exit, Fiber, Option, Schema, Stream, TestClock } from "effect"
import { failureOf } from "./fixtures/Exits.js"
import { collectingTracer } from "./fixtures/Tracing.js"
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  getParticipant,
  hang,
  makeClient,
  reply,
  transportFailure,
  twilioError
} from "./fixtures/Transport.js"

const Body = Schema.Struct({ ok: Schema.Boolean })
const ok = reply(200, { ok: true })
const options = (extra: object = {}) => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, ...extra })

describe("slots", () => {
  it.effect("never more requests in flight than maxConcurrentRequests; the rest wait", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient(
        [hang],
        options({ maxConcurrentRequests: 2, retry: false })
      )
      const [first, ...rest] = yield* Effect.forEach([1, 2, 3, 4], () =>
        Effect.fork(client.json(getParticipant, Body))
      )
      yield* TestClock.adjust(Duration.seconds(1))
      assert.strictEqual(yield* attempts, 2)
      // A caller that gives up frees its slot for the next one in line.
      if (first !== undefined) yield* Fiber.interrupt(first)
      yield* TestClock.adjust(Duration.zero)
      assert.strictEqual(yield* attempts, 3)
      yield* Fiber.interruptAll(rest)
    })
  )

  it.effect("a failed attempt frees its slot", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient(
        [transportFailure(), ok],
        options({ maxConcurrentRequests: 1, retry: false })
      )
      const first = yield* Effect.exit(client.json(getParticipant, Body))
      assert.isTrue(Exit.isFailure(first))
      assert.isTrue(Exit.isSuccess(yield* Effect.exit(client.json(getParticipant, Body))))
      assert.strictEqual(yield* attempts, 2)
    })
  )

  it.effect("an attempt's timeout counts the wait for a slot (reliability #13)", () =>
    Effect.gen(function* () {
      const { client } = yield* makeClient([hang], options({ maxConcurrentRequests: 2, retry: false }))
      const hung = yield* Effect.forEach([1, 2], () => Effect.fork(client.json(getParticipant, Body)))
      const queued = yield* Effect.fork(
        Effect.exit(
          client.json(getParticipant, Body).pipe(CallOptions.withCallOptions({ timeout: "200 millis" }))
        )
      )
      yield* TestClock.adjust(Duration.millis(199))
      assert.isTrue(Option.isNone(yield* Fiber.poll(queued)))
      yield* TestClock.adjust(Duration.millis(1))
      const error = failureOf(yield* Fiber.join(queued), "TransportError")
      assert.strictEqual(error.reason, "Timeout")
      yield* Fiber.interruptAll(hung)
    })
  )
})

describe("CallOptions", () => {
  it.effect("withCallOptions sets timeout and retry for every request inside it", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient([twilioError(503, 20503, "down")], options())
      const both = Effect.all([client.json(getParticipant, Body), client.json(getParticipant, Body)], {
        mode: "either"
      })
      yield* both.pipe(CallOptions.withCallOptions({ retry: false }))
      assert.strictEqual(yield* attempts, 2)
    })
  )

  it.effect("the innermost setting wins, field by field", () =>
    Effect.gen(function* () {
      const { client } = yield* makeClient([hang], options({ retry: false }))
      const fiber = yield* Effect.fork(
        Effect.exit(
          client
            .json(getParticipant, Body)
            .pipe(
              CallOptions.withCallOptions({ timeout: "2 seconds" }),
              CallOptions.withCallOptions({ timeout: "9 seconds", retry: { maxRetries: 0 } })
            )
        )
      )
      yield* TestClock.adjust(Duration.seconds(2))
      assert.strictEqual(failureOf(yield* Fiber.join(fiber), "TransportError").reason, "Timeout")
    })
  )

  it.effect("a stream's requests see the options of withCallOptionsStream", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient([twilioError(503, 20503, "down")], options())
      const pages = Stream.fromEffect(client.json(getParticipant, Body))
      const exit = yield* Stream.runDrain(
        pages.pipe(CallOptions.withCallOptionsStream({ retry: false }))
      ).pipe(Effect.exit)
      assert.isTrue(Exit.isFailure(exit))
      assert.strictEqual(yield* attempts, 1)
    })
  )

  it.effect("bad settings from untyped code fail with InvalidParameters before any request", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient([ok], options())
      // What untyped JavaScript can hand over: JSON.parse's result is unchecked, like any caller's value.
      const hostile = new Proxy<CallOptions.CallOptions>(
        {},
        {
          get: () => {
            throw new Error("boom")
          }
        }
      )
      for (const bad of [
        ...['{"timeout":-1}', '{"timeout":"soon"}', '{"retry":7}', '{"retry":{"maxRetries":-1}}', "42"].map(
          (json): CallOptions.CallOptions => JSON.parse(json)
        ),
        hostile
      ]) {
        const exit = yield* Effect.exit(
          client.json(getParticipant, Body).pipe(CallOptions.withCallOptions(bad))
        )
        assert.instanceOf(failureOf(exit, "InvalidParameters"), InvalidParameters)
      }
      assert.strictEqual(yield* attempts, 0)
    })
  )
})

describe("spans", () => {
  it.effect("one span per operation: the request annotates it, retries are its events", () =>
    Effect.gen(function* () {
      const { tracer, spans } = yield* collectingTracer
      const { client } = yield* makeClient(
        [twilioError(503, 20503, "down"), reply(200, { ok: true }, { "twilio-request-id": "RQ1" })],
        options({ retry: { baseDelay: "1 millis" } })
      )
      const fiber = yield* Effect.fork(
        client
          .json(getParticipant, Body)
          .pipe(Effect.withSpan("Participants.fetch"), Effect.withTracer(tracer))
      )
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      assert.deepStrictEqual(
        spans.map((span) => span.name),
        ["Participants.fetch"]
      )
      const attributes = spans[0]?.attributes ?? new Map()
      assert.strictEqual(attributes.get("twilio.attempts"), 2)
      assert.strictEqual(attributes.get("http.response.status_code"), 200)
      assert.strictEqual(attributes.get("twilio.request_id"), "RQ1")
      assert.strictEqual(attributes.get("url.template"), getParticipant.route)
    })
  )
})

describe("text from the server", () => {
  const echo = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`

  it.effect("control characters are escaped in every message (reliability #8)", () =>
    Effect.gen(function* () {
      const { client } = yield* makeClient(
        [twilioError(400, 21201, "bad\u001b[31m red\r\nforged: line\u0007\u0000")],
        options({ retry: false })
      )
      const error = failureOf(yield* Effect.exit(client.json(getParticipant, Body)), "InvalidRequest")
      assert.isFalse(
        [...error.message].some((c) => c.charCodeAt(0) < 0x20),
        "no control character left"
      )
      assert.include(error.message, "\\u001b[31m")
    })
  )

  it.effect("an echoed Authorization header or token is cut from every rendering (reliability #9)", () =>
    Effect.gen(function* () {
      for (const step of [
        twilioError(400, 21201, `you sent ${echo} and ${AUTH_TOKEN}`),
        reply(502, `<html>proxy saw Authorization: ${echo}</html>`),
        reply(200, `{"ok": "${AUTH_TOKEN}"}`),
        reply(418, `teapot ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`)
      ]) {
        const { client } = yield* makeClient([step], options({ retry: false }))
        const exit = yield* Effect.exit(client.json(getParticipant, Body))
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isSuccess(exit)) continue
        const error = Cause.squash(exit.cause)
        for (const rendering of [
          String(error),
          JSON.stringify(error),
          inspect(error, { depth: 10 }),
          Cause.pretty(exit.cause),
          error instanceof Error ? error.message : ""
        ]) {
          assert.notInclude(rendering, AUTH_TOKEN)
          assert.notInclude(rendering, echo.slice(6))
        }
      }
    })
  )
})

describe("retries", () => {
  it.effect("a refused connection carried nothing, so even a create is retried (reliability #12)", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient(
        [transportFailure("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED"), ok],
        options({ retry: { baseDelay: "1 millis" } })
      )
      const fiber = yield* Effect.fork(
        client.json({ ...getParticipant, method: "POST", repeatable: false }, Body)
      )
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      assert.strictEqual(yield* attempts, 2)
    })
  )

  it.effect("a reset connection may have carried the create: never repeated, cause named", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient(
        [transportFailure("read ECONNRESET", "ECONNRESET"), ok],
        options({ retry: { baseDelay: "1 millis" } })
      )
      const fiber = yield* Effect.fork(
        Effect.exit(client.json({ ...getParticipant, method: "POST", repeatable: false }, Body))
      )
      yield* TestClock.adjust(Duration.seconds(1))
      const error = failureOf(yield* Fiber.join(fiber), "TransportError")
      assert.strictEqual(error.errorCode, "ECONNRESET")
      assert.include(error.message, "connection reset (ECONNRESET)")
      assert.notStrictEqual(error.unsent, true)
      assert.strictEqual(yield* attempts, 1)
    })
  )
})
