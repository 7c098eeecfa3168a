/**
 * Pacing on the in-memory store, on the `TestClock`: when paced requests reach the transport, the
 * bounded wait, what an interrupted wait keeps, and what pacing shows (span attribute, metrics).
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import {
  TwilioClient,
  type TwilioClientService,
  TwilioConfig,
  type TwilioConfigOptions,
  TwilioMetrics
} from "@effect-twilio/core"
import * as Pacing from "@effect-twilio/core/Pacing"
import {
  ConfigProvider,
  Duration,
  Effect,
  Either,
  Exit,
  Fiber,
  Layer,
  Logger,
  Metric,
  MetricState,
  Option,
  Schema,
  TestClock
} from "effect"
import { failureOf } from "./fixtures/Exits.js"
import { collectingTracer } from "./fixtures/Tracing.js"
import {
  ACCOUNT_SID,
  createParticipant,
  getParticipant,
  makeTransport,
  reply,
  type Step,
  tokenOptions,
  twilioError
} from "./fixtures/Transport.js"

const Body = Schema.Struct({ ok: Schema.Boolean })
const ok = reply(200, { ok: true })

/** A client over the scripted transport, with `Pacing.layer` provided beside the configuration. */
const pacedClient = (steps: ReadonlyArray<Step>, options: Partial<TwilioConfigOptions>, paced = true) =>
  Effect.gen(function* () {
    const transport = yield* makeTransport(steps)
    const config = TwilioConfig.layer({ ...tokenOptions, ...options } as TwilioConfigOptions)
    const layer = TwilioClient.layer.pipe(
      Layer.provide(paced ? Layer.merge(config, Pacing.layer) : config),
      Layer.provide(Layer.succeed(HttpClient.HttpClient, transport.client))
    )
    const client: TwilioClientService = yield* Effect.orDie(Effect.provide(TwilioClient, layer))
    const times = Effect.map(transport.log, (log) => log.map((sent) => sent.at))
    return { ...transport, client, times }
  })

const create = (client: TwilioClientService) => client.json(createParticipant, Body)

describe("Pacing on the TestClock", () => {
  it.effect("6 creates at 3 a second reach Twilio one step (334 ms) apart, the first at once", () =>
    Effect.gen(function* () {
      const { client, times } = yield* pacedClient([ok], { pacing: { createsPerSecond: 3 } })
      const fiber = yield* Effect.fork(
        Effect.all(
          Array.from({ length: 6 }, () => create(client)),
          { concurrency: "unbounded" }
        )
      )
      yield* TestClock.adjust(Duration.zero)
      assert.deepStrictEqual(yield* times, [0])
      yield* TestClock.adjust(Duration.seconds(2))
      yield* Fiber.join(fiber)
      assert.deepStrictEqual(yield* times, [0, 334, 668, 1002, 1336, 1670])
    })
  )

  it.effect("N creates at k a second: the i-th starts at i steps, for several k", () =>
    Effect.gen(function* () {
      for (const k of [1, 2, 5, 10]) {
        const { client, times } = yield* pacedClient([ok], { pacing: { createsPerSecond: k } })
        const n = 2 * k + 1
        const fiber = yield* Effect.fork(
          Effect.all(
            Array.from({ length: n }, () => create(client)),
            { concurrency: "unbounded" }
          )
        )
        const start = yield* TestClock.currentTimeMillis
        yield* TestClock.adjust(Duration.seconds(3))
        yield* Fiber.join(fiber)
        const step = Math.ceil(1000 / k)
        assert.deepStrictEqual(
          (yield* times).map((t) => t - start),
          Array.from({ length: n }, (_, i) => i * step)
        )
      }
    })
  )

  it.effect("only creates take the creates budget: reads are not paced without a requests budget", () =>
    Effect.gen(function* () {
      const { client, times } = yield* pacedClient([ok], { pacing: { createsPerSecond: 1 } })
      yield* create(client)
      yield* Effect.all(
        [1, 2, 3].map(() => client.json(getParticipant, Body)),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(yield* times, [0, 0, 0, 0])
    })
  )

  it.effect("the requests budget paces every attempt, retries included", () =>
    Effect.gen(function* () {
      const { client, times } = yield* pacedClient([twilioError(429, 20429, "Too many requests"), ok], {
        pacing: { requestsPerSecond: 4 },
        retry: { baseDelay: "1 millis" }
      })
      const fiber = yield* Effect.fork(
        Effect.all([client.json(getParticipant, Body), client.json(getParticipant, Body)], {
          concurrency: "unbounded"
        })
      )
      yield* TestClock.adjust(Duration.seconds(2))
      yield* Fiber.join(fiber)
      // Two first attempts and the retry of the one refused with 429, each a step of 250 ms apart.
      assert.deepStrictEqual(yield* times, [0, 250, 500])
    })
  )

  it.effect("a wait longer than maxWait fails with PacingTimeout before any request, and takes no slot", () =>
    Effect.gen(function* () {
      const { client, times } = yield* pacedClient([ok], {
        pacing: { createsPerSecond: 1, maxWait: "2 seconds" }
      })
      const queued = yield* Effect.fork(
        Effect.all([create(client), create(client), create(client)], { concurrency: "unbounded" })
      )
      yield* TestClock.adjust(Duration.zero)
      const error = failureOf(yield* Effect.exit(create(client)), "PacingTimeout")
      assert.strictEqual(error.budget, "creates")
      assert.strictEqual(Duration.toMillis(error.wait), 3000)
      assert.match(error.message, /more than maxWait \(2s\)/)
      assert.lengthOf(yield* times, 1)
      yield* TestClock.adjust(Duration.seconds(3))
      yield* Fiber.join(queued)
      // The refused create took no slot: the next one goes as soon as the three queued ones are done.
      yield* create(client)
      assert.deepStrictEqual(yield* times, [0, 1000, 2000, 3000])
    })
  )

  it.effect("an interrupted wait keeps its slot: the fleet's next request comes after it", () =>
    Effect.gen(function* () {
      const { client, times } = yield* pacedClient([ok], { pacing: { createsPerSecond: 1 } })
      yield* create(client)
      const waiting = yield* Effect.fork(create(client))
      yield* TestClock.adjust(Duration.millis(100))
      yield* Fiber.interrupt(waiting)
      const next = yield* Effect.fork(create(client))
      yield* TestClock.adjust(Duration.seconds(3))
      yield* Fiber.join(next)
      assert.deepStrictEqual(yield* times, [0, 2000])
    })
  )

  it.effect(
    "the wait is on the operation's span (twilio.pacing.wait_ms) and in twilio_wait_duration_ms{kind=pacing}",
    () =>
      Effect.gen(function* () {
        const { tracer, spans } = yield* collectingTracer
        const histogram = TwilioMetrics.waitDuration.pipe(Metric.tagged("kind", "pacing"))
        const before = (yield* Metric.value(histogram)).count
        const { client } = yield* pacedClient([ok], { pacing: { createsPerSecond: 2 } })
        const fiber = yield* Effect.fork(
          Effect.all(
            [1, 2].map((i) => create(client).pipe(Effect.withSpan(`create ${i}`))),
            { concurrency: "unbounded" }
          ).pipe(Effect.withTracer(tracer))
        )
        yield* TestClock.adjust(Duration.seconds(1))
        yield* Fiber.join(fiber)
        const waits = ["create 1", "create 2"].map((name) =>
          spans.find((span) => span.name === name)?.attributes.get("twilio.pacing.wait_ms")
        )
        assert.deepStrictEqual(waits, [0, 500])
        const after = yield* Metric.value(histogram)
        assert.strictEqual(after.count - before, 2)
        assert.isTrue(MetricState.isHistogramState(after))
      })
  )

  it.effect("without a pacing layer nothing waits and no pacing attribute is set", () =>
    Effect.gen(function* () {
      const { tracer, spans } = yield* collectingTracer
      const { client, times } = yield* pacedClient([ok], {}, false)
      yield* Effect.all(
        [1, 2, 3].map(() => create(client).pipe(Effect.withSpan("create"))),
        {
          concurrency: "unbounded"
        }
      ).pipe(Effect.withTracer(tracer))
      assert.deepStrictEqual(yield* times, [0, 0, 0])
      assert.isTrue(spans.every((span) => !span.attributes.has("twilio.pacing.wait_ms")))
    })
  )

  it.effect("budgets configured without a pacing layer log a warning when the client is built", () =>
    Effect.gen(function* () {
      const messages: Array<unknown> = []
      const logger = Logger.make(({ message }) => {
        messages.push(message)
      })
      yield* pacedClient([ok], { pacing: { createsPerSecond: 2 } }, false).pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, logger))
      )
      assert.match(String(messages.flat()), /no pacing layer is provided/)
    })
  )

  it.effect("a 429 is counted in twilio_rate_limited_total for its route, before retries", () =>
    Effect.gen(function* () {
      const counter = TwilioMetrics.rateLimited.pipe(Metric.tagged("route", createParticipant.route))
      const before = (yield* Metric.value(counter)).count
      const { client } = yield* pacedClient(
        [twilioError(429, 20429, "Too many requests"), ok],
        {
          retry: { baseDelay: "1 millis" }
        },
        false
      )
      const fiber = yield* Effect.fork(create(client))
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      assert.strictEqual((yield* Metric.value(counter)).count - before, 1)
    })
  )
})

describe("Pacing configuration", () => {
  const fromEnv = (env: Record<string, string>) =>
    Effect.provide(TwilioConfig, TwilioConfig.layerConfig()).pipe(
      Effect.withConfigProvider(
        ConfigProvider.fromMap(
          new Map(Object.entries({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: "tok", ...env }))
        )
      ),
      Effect.either
    )

  it.effect("TWILIO_PACING_* are read through Config", () =>
    Effect.gen(function* () {
      const config = yield* fromEnv({
        TWILIO_PACING_CREATES_PER_SECOND: "3",
        TWILIO_PACING_REQUESTS_PER_SECOND: "50",
        TWILIO_PACING_MAX_WAIT: "10 seconds"
      })
      assert.isTrue(Either.isRight(config))
      if (Either.isRight(config)) {
        assert.deepStrictEqual(
          config.right.pacing,
          Option.some({
            createsPerSecond: 3,
            requestsPerSecond: 50,
            maxWait: Duration.seconds(10)
          })
        )
      }
      const unset = yield* fromEnv({})
      assert.isTrue(Either.isRight(unset) && Option.isNone(unset.right.pacing))
    })
  )

  it.effect("bad values are ConfigErrors naming the variable", () =>
    Effect.gen(function* () {
      for (const [name, value] of [
        ["TWILIO_PACING_CREATES_PER_SECOND", "three"],
        ["TWILIO_PACING_CREATES_PER_SECOND", "0"],
        ["TWILIO_PACING_CREATES_PER_SECOND", "1001"],
        ["TWILIO_PACING_REQUESTS_PER_SECOND", "-1"],
        ["TWILIO_PACING_MAX_WAIT", "soon"]
      ] as const) {
        const result = yield* fromEnv({ [name]: value })
        assert.isTrue(Either.isLeft(result), `${name}=${value}`)
        if (Either.isLeft(result)) assert.include(String(result.left), name)
      }
    })
  )

  it.effect("layer options are checked the same way", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        TwilioConfig.make({ ...tokenOptions, pacing: { createsPerSecond: Number.NaN } })
      )
      assert.isTrue(Exit.isFailure(exit))
      assert.include(String(exit), "TWILIO_PACING_CREATES_PER_SECOND")
      const infinite = yield* Effect.exit(
        TwilioConfig.make({ ...tokenOptions, pacing: { maxWait: Duration.infinity } })
      )
      assert.include(String(infinite), "TWILIO_PACING_MAX_WAIT")
    })
  )
})
