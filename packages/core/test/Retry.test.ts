import { assert, describe, it } from "@effect/vitest"
import { CallOptions, type RetryPolicy, type TwilioRequest } from "@effect-twilio/core"
import { Duration, Effect, Fiber, Option, Schedule, Schema, TestClock } from "effect"
import { failureOf } from "./fixtures/Exits.js"
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  createParticipant,
  deleteParticipant,
  getParticipant,
  makeClient,
  reply,
  type Step,
  transportFailure,
  twilioError
} from "./fixtures/Transport.js"

const Body = Schema.Struct({ ok: Schema.Boolean })
const ok = reply(200, { ok: true })
const unavailable = twilioError(503, 20503, "Service Unavailable")
const tooMany = (retryAfter?: string) =>
  twilioError(429, 20429, "Too Many Requests", retryAfter === undefined ? {} : { "retry-after": retryAfter })

const withRetry = (retry: RetryPolicy.Setting) => ({
  accountSid: ACCOUNT_SID,
  authToken: AUTH_TOKEN,
  retry
})

/** Starts the call in a fiber so the test can move the clock; returns the log and the fiber. */
const start = (
  steps: ReadonlyArray<Step>,
  request: TwilioRequest = getParticipant,
  options = withRetry({}),
  call: CallOptions.CallOptions = {}
) =>
  Effect.gen(function* () {
    const { client, attempts, log } = yield* makeClient(steps, options)
    const fiber = yield* Effect.fork(
      Effect.exit(client.json(request, Body).pipe(CallOptions.withCallOptions(call)))
    )
    // Let the first attempt happen before the clock moves.
    yield* TestClock.adjust(Duration.zero)
    return { fiber, attempts, log }
  })

/** The gaps between consecutive attempts, in milliseconds. */
const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((t, i) => t - (times[i] ?? 0))

describe("Retry-After", () => {
  it.effect("in seconds: the retry waits exactly that long", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start([tooMany("3"), ok])
      assert.strictEqual(yield* attempts, 1)
      yield* TestClock.adjust(Duration.millis(2_999))
      assert.strictEqual(yield* attempts, 1, "no retry before Retry-After elapsed")
      yield* TestClock.adjust(Duration.millis(1))
      assert.strictEqual(yield* attempts, 2, "retried once Retry-After elapsed")
      const exit = yield* Fiber.join(fiber)
      assert.isTrue(exit._tag === "Success")
    })
  )

  it.effect("as an HTTP date: the retry waits until that instant", () =>
    Effect.gen(function* () {
      const now = Date.UTC(2024, 4, 17, 12, 0, 0)
      yield* TestClock.setTime(now)
      const { fiber, attempts, log } = yield* start([tooMany(new Date(now + 5_000).toUTCString()), ok])
      yield* TestClock.adjust(Duration.millis(4_999))
      assert.strictEqual(yield* attempts, 1, "no retry before the date")
      yield* TestClock.adjust(Duration.millis(1))
      assert.strictEqual(yield* attempts, 2, "retried at the date")
      assert.deepStrictEqual(
        (yield* log).map((sent) => sent.at),
        [now, now + 5_000]
      )
      assert.isTrue((yield* Fiber.join(fiber))._tag === "Success")
    })
  )

  it.effect("a Retry-After beyond maxRetryAfter is not waited for: RateLimited at once", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start(
        [tooMany("120"), ok],
        getParticipant,
        withRetry({ maxRetryAfter: "60 seconds" })
      )
      yield* TestClock.adjust(Duration.millis(1))
      const done = yield* Fiber.poll(fiber)
      assert.isTrue(Option.isSome(done), "gave up without waiting")
      if (Option.isNone(done)) return
      const error = failureOf(done.value._tag === "Success" ? done.value.value : done.value, "RateLimited")
      assert.deepStrictEqual(Option.getOrNull(error.retryAfter), Duration.seconds(120))
      assert.strictEqual(error.attempts, 1)
      assert.strictEqual(yield* attempts, 1)
    })
  )

  it.effect("a 429 without Retry-After falls back to backoff and is retried", () =>
    Effect.gen(function* () {
      const { fiber, log } = yield* start(
        [tooMany(), ok],
        getParticipant,
        withRetry({ baseDelay: "1 second" })
      )
      yield* TestClock.adjust(Duration.seconds(2))
      assert.isTrue((yield* Fiber.join(fiber))._tag === "Success")
      const [gap] = gaps((yield* log).map((sent) => sent.at))
      assert.isTrue(gap !== undefined && gap >= 800 && gap <= 1_200, `gap ${gap}`)
    })
  )
})

describe("backoff", () => {
  it.effect("exponential with jitter: each gap lies within ±20% of base·2^n", () =>
    Effect.gen(function* () {
      const { fiber, log } = yield* start(
        [unavailable],
        getParticipant,
        withRetry({ maxRetries: 3, baseDelay: "500 millis" })
      )
      yield* TestClock.adjust(Duration.minutes(1))
      const error = failureOf(yield* Fiber.join(fiber), "ServerError")
      assert.strictEqual(error.attempts, 4)
      const observed = gaps((yield* log).map((sent) => sent.at))
      assert.strictEqual(observed.length, 3)
      ;[500, 1_000, 2_000].forEach((nominal, i) => {
        const gap = observed[i] ?? -1
        assert.isTrue(gap >= nominal * 0.8 && gap <= nominal * 1.2, `gap ${i} = ${gap}, nominal ${nominal}`)
      })
    })
  )

  it.effect("jitter: first gaps vary between calls", () =>
    Effect.gen(function* () {
      const firstGaps = new Set<number>()
      for (let i = 0; i < 8; i++) {
        const { fiber, log } = yield* start(
          [unavailable, ok],
          getParticipant,
          withRetry({ baseDelay: "1 second" })
        )
        yield* TestClock.adjust(Duration.seconds(2))
        yield* Fiber.join(fiber)
        const [gap] = gaps((yield* log).map((sent) => sent.at))
        if (gap !== undefined) firstGaps.add(gap)
      }
      assert.isAbove(firstGaps.size, 1, "every call waited exactly the same: no jitter")
    })
  )

  it.effect("each wait is capped at maxDelay", () =>
    Effect.gen(function* () {
      const { fiber, log } = yield* start(
        [unavailable],
        getParticipant,
        withRetry({ maxRetries: 4, baseDelay: "1 second", maxDelay: "1500 millis" })
      )
      yield* TestClock.adjust(Duration.minutes(1))
      failureOf(yield* Fiber.join(fiber), "ServerError")
      const [first, ...rest] = gaps((yield* log).map((sent) => sent.at))
      assert.isTrue(first !== undefined && first >= 800 && first <= 1_200, `first gap ${first}`)
      assert.deepStrictEqual(rest.map(Math.round), [1_500, 1_500, 1_500])
    })
  )

  it.effect("attempts are bounded by maxRetries and the error reports how many were made", () =>
    Effect.gen(function* () {
      for (const [step, tag] of [
        [unavailable, "ServerError"],
        [transportFailure(), "TransportError"],
        [tooMany(), "RateLimited"]
      ] as const) {
        const { fiber, attempts } = yield* start([step], getParticipant, withRetry({ maxRetries: 2 }))
        yield* TestClock.adjust(Duration.minutes(5))
        const error = failureOf(yield* Fiber.join(fiber), tag)
        assert.strictEqual(yield* attempts, 3, tag)
        assert.strictEqual(error.attempts, 3, tag)
      }
    })
  )

  it.effect("the same operation value run twice counts its attempts afresh", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient([unavailable], withRetry({ maxRetries: 1 }))
      const operation = Effect.exit(client.json(getParticipant, Body))
      for (const run of [1, 2]) {
        const fiber = yield* Effect.fork(operation)
        yield* TestClock.adjust(Duration.minutes(1))
        assert.strictEqual(failureOf(yield* Fiber.join(fiber), "ServerError").attempts, 2, `run ${run}`)
      }
      assert.strictEqual(yield* attempts, 4)
    })
  )

  it.effect("the default policy makes 1 + 3 attempts", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient([unavailable])
      const fiber = yield* Effect.fork(Effect.exit(client.json(getParticipant, Body)))
      yield* TestClock.adjust(Duration.minutes(5))
      assert.strictEqual(failureOf(yield* Fiber.join(fiber), "ServerError").attempts, 4)
      assert.strictEqual(yield* attempts, 4)
    })
  )

  it.effect("a timed-out GET is retried", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient([{ _tag: "Hang" }, ok], {
        ...withRetry({ baseDelay: "100 millis" }),
        timeout: "1 second"
      })
      const fiber = yield* Effect.fork(client.json(getParticipant, Body))
      yield* TestClock.adjust(Duration.seconds(5))
      assert.deepStrictEqual(yield* Fiber.join(fiber), { ok: true })
      assert.strictEqual(yield* attempts, 2)
    })
  )
})

describe("retry settings", () => {
  it.effect("retry: false in the config means one attempt", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start([unavailable, ok], getParticipant, withRetry(false))
      yield* TestClock.adjust(Duration.minutes(1))
      assert.strictEqual(failureOf(yield* Fiber.join(fiber), "ServerError").attempts, 1)
      assert.strictEqual(yield* attempts, 1)
    })
  )

  it.effect("retry: false on one call means one attempt", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start([tooMany("1"), ok], getParticipant, withRetry({}), {
        retry: false
      })
      yield* TestClock.adjust(Duration.minutes(1))
      failureOf(yield* Fiber.join(fiber), "RateLimited")
      assert.strictEqual(yield* attempts, 1)
    })
  )

  it.effect("a custom Schedule decides when and how often", () =>
    Effect.gen(function* () {
      const custom = Schedule.addDelay(Schedule.recurs(2), () => Duration.seconds(7))
      const { fiber, log } = yield* start([unavailable], getParticipant, withRetry(custom))
      yield* TestClock.adjust(Duration.minutes(1))
      assert.strictEqual(failureOf(yield* Fiber.join(fiber), "ServerError").attempts, 3)
      assert.deepStrictEqual(
        (yield* log).map((sent) => sent.at),
        [0, 7_000, 14_000]
      )
    })
  )

  it.effect("a per-call schedule replaces the configured one", () =>
    Effect.gen(function* () {
      const { fiber, log } = yield* start([unavailable, ok], getParticipant, withRetry(false), {
        retry: Schedule.addDelay(Schedule.recurs(1), () => Duration.seconds(3))
      })
      yield* TestClock.adjust(Duration.minutes(1))
      assert.isTrue((yield* Fiber.join(fiber))._tag === "Success")
      assert.deepStrictEqual(
        (yield* log).map((sent) => sent.at),
        [0, 3_000]
      )
    })
  )

  it.effect("a custom Schedule never repeats a create after an ambiguous failure", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start(
        [unavailable, ok],
        createParticipant,
        withRetry(Schedule.recurs(5))
      )
      yield* TestClock.adjust(Duration.minutes(1))
      failureOf(yield* Fiber.join(fiber), "ServerError")
      assert.strictEqual(yield* attempts, 1)
    })
  )
})

describe("what is safe to repeat", () => {
  it.effect("a create after a 503 is sent exactly once", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start([unavailable, ok], createParticipant)
      yield* TestClock.adjust(Duration.minutes(1))
      assert.strictEqual(failureOf(yield* Fiber.join(fiber), "ServerError").attempts, 1)
      assert.strictEqual(yield* attempts, 1)
    })
  )

  it.effect("a create after a transport failure is sent exactly once", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start([transportFailure(), ok], createParticipant)
      yield* TestClock.adjust(Duration.minutes(1))
      failureOf(yield* Fiber.join(fiber), "TransportError")
      assert.strictEqual(yield* attempts, 1)
    })
  )

  it.effect("a create after a 429 is retried: Twilio did not process it", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start([tooMany("1"), ok], createParticipant)
      yield* TestClock.adjust(Duration.seconds(1))
      assert.isTrue((yield* Fiber.join(fiber))._tag === "Success")
      assert.strictEqual(yield* attempts, 2)
    })
  )

  it.effect("a create after a 4xx is not retried", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start([twilioError(400, 21217, "bad number"), ok], createParticipant)
      yield* TestClock.adjust(Duration.minutes(1))
      failureOf(yield* Fiber.join(fiber), "InvalidRequest")
      assert.strictEqual(yield* attempts, 1)
    })
  )

  it.effect("a GET after a 503 is retried", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start([unavailable, ok])
      yield* TestClock.adjust(Duration.minutes(1))
      assert.isTrue((yield* Fiber.join(fiber))._tag === "Success")
      assert.strictEqual(yield* attempts, 2)
    })
  )

  it.effect("a GET answered 404 is not retried", () =>
    Effect.gen(function* () {
      const { fiber, attempts } = yield* start([twilioError(404, 20404, "gone"), ok])
      yield* TestClock.adjust(Duration.minutes(1))
      failureOf(yield* Fiber.join(fiber), "NotFound")
      assert.strictEqual(yield* attempts, 1)
    })
  )
})

describe("DELETE after an ambiguous failure", () => {
  const remove = (steps: ReadonlyArray<Step>) =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient(steps)
      const fiber = yield* Effect.fork(Effect.exit(client.empty(deleteParticipant)))
      yield* TestClock.adjust(Duration.minutes(1))
      return { exit: yield* Fiber.join(fiber), attempts: yield* attempts }
    })

  it.effect("a 503 then 404 counts as removed", () =>
    Effect.gen(function* () {
      const { exit, attempts } = yield* remove([unavailable, twilioError(404, 20404, "gone")])
      assert.isTrue(exit._tag === "Success")
      assert.strictEqual(attempts, 2)
    })
  )

  it.effect("a transport failure then 404 counts as removed", () =>
    Effect.gen(function* () {
      const { exit, attempts } = yield* remove([transportFailure(), twilioError(404, 20404, "gone")])
      assert.isTrue(exit._tag === "Success")
      assert.strictEqual(attempts, 2)
    })
  )

  it.effect("a 404 as the only answer is NotFound", () =>
    Effect.gen(function* () {
      const { exit, attempts } = yield* remove([twilioError(404, 20404, "gone")])
      failureOf(exit, "NotFound")
      assert.strictEqual(attempts, 1)
    })
  )

  it.effect("a 429 then 404 is NotFound: the 429 was not processed", () =>
    Effect.gen(function* () {
      const { exit, attempts } = yield* remove([tooMany("1"), twilioError(404, 20404, "gone")])
      failureOf(exit, "NotFound")
      assert.strictEqual(attempts, 2)
    })
  )

  it.effect("a GET after a 503 that answers 404 stays NotFound", () =>
    Effect.gen(function* () {
      const { fiber } = yield* start([unavailable, twilioError(404, 20404, "gone")])
      yield* TestClock.adjust(Duration.minutes(1))
      failureOf(yield* Fiber.join(fiber), "NotFound")
    })
  )
})
