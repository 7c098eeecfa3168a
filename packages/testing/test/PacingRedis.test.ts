/**
 * Pacing shared through a real `redis-server` (started here on a free loopback port, no
 * persistence): two runtimes and two Node processes on one budget, measured on the simulator's
 * request log, and Redis stopped mid-run. Without `redis-server` these tests are skipped, except
 * under `CI=true`, where that is a failure.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig } from "@effect-twilio/core"
import * as PacingRedis from "@effect-twilio/core/PacingRedis"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio } from "@effect-twilio/testing"
import {
  ConfigProvider,
  Duration,
  Effect,
  Either,
  Exit,
  Layer,
  Logger,
  ManagedRuntime,
  Redacted,
  Schedule
} from "effect"
import { fleetLoop } from "./support/fleet.js"
import { hasRedisServer, redisServer, SKIP_REASON } from "./support/redisServer.js"

const numbers = { from: "+15005550006", to: "+15005550001" }
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))
const worker = fileURLToPath(new URL("./support/pacedWorker.ts", import.meta.url))

/** Participants on the served simulator, paced by `pacing` at `k` creates a second. */
const pacedParticipants = (
  served: FakeTwilio.Served,
  pacing: ReturnType<typeof PacingRedis.layer>,
  name: string,
  k: number
) =>
  Participants.layer.pipe(
    Layer.provide(
      Layer.merge(
        TwilioConfig.layer({
          accountSid: served.accountSid,
          authToken: served.authToken,
          baseUrl: served.baseUrl,
          userAgent: name,
          pacing: { createsPerSecond: k }
        }),
        pacing
      )
    ),
    Layer.provide(NodeHttpClient.layerUndici)
  )

/** A Node process running `pacedWorker.ts`: started, then told when to run, then awaited (exit 0). */
const startWorker = (env: Record<string, string>) =>
  Effect.gen(function* () {
    const child = yield* Effect.acquireRelease(
      Effect.sync(() =>
        spawn(process.execPath, ["--conditions=@effect-twilio/source", "--import", "tsx", worker], {
          cwd: repoRoot,
          env: { PATH: process.env.PATH ?? "", ...env },
          stdio: ["pipe", "pipe", "pipe"]
        })
      ),
      (child) => Effect.sync(() => child.kill("SIGKILL"))
    )
    let stderr = ""
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000)
    })
    const exited = Effect.async<void, Error>((resume) => {
      if (child.exitCode !== null) {
        resume(
          child.exitCode === 0
            ? Effect.void
            : Effect.fail(new Error(`worker exited with ${child.exitCode}: ${stderr}`))
        )
        return
      }
      child.once("exit", (code) =>
        resume(code === 0 ? Effect.void : Effect.fail(new Error(`worker exited with ${code}: ${stderr}`)))
      )
    })
    // Its client is built (tsx has compiled the sources) once it says so.
    yield* Effect.async<void, Error>((resume) => {
      child.stdout.once("data", () => resume(Effect.void))
      child.once("exit", (code) => resume(Effect.fail(new Error(`worker exited with ${code}: ${stderr}`))))
    }).pipe(
      Effect.timeoutFail({
        duration: "30 seconds",
        onTimeout: () => new Error(`worker not ready: ${stderr}`)
      })
    )
    const run = (startAt: number, endAt: number) =>
      Effect.zipRight(
        Effect.sync(() => child.stdin.write(`${startAt} ${endAt}\n`)),
        exited
      )
    return { run }
  })

const creates = (served: FakeTwilio.Served) =>
  Effect.map(served.requests, (log) => log.filter((request) => request.method === "POST"))

const available = hasRedisServer()

if (!available && process.env.CI === "true") {
  describe("Redis", () => {
    it("redis-server is installed (required under CI)", () => {
      assert.fail(SKIP_REASON)
    })
  })
}

describe.skipIf(!available)(available ? "PacingRedis on a real redis-server" : SKIP_REASON, () => {
  it.scopedLive(
    "Redis: two runtimes and two Node processes share one budget of 5 creates a second over a 10 s run",
    () =>
      Effect.gen(function* () {
        const redis = yield* redisServer
        const served = yield* FakeTwilio.serve()
        const conference = yield* served.seedConference()
        const k = 5
        const env = (name: string) => ({
          TWILIO_ACCOUNT_SID: served.accountSid,
          TWILIO_AUTH_TOKEN: served.authToken,
          TWILIO_BASE_URL: served.baseUrl,
          TWILIO_USER_AGENT: name,
          TWILIO_PACING_CREATES_PER_SECOND: String(k),
          TWILIO_PACING_REDIS_URL: redis.url,
          CONFERENCE_SID: conference.sid
        })
        const runtime = (name: string) =>
          Effect.acquireRelease(
            Effect.sync(() =>
              ManagedRuntime.make(pacedParticipants(served, PacingRedis.layer({ url: redis.url }), name, k))
            ),
            (runtime) => Effect.promise(() => runtime.dispose())
          )
        const runtimes = [yield* runtime("runtime-1"), yield* runtime("runtime-2")]
        const workers = yield* Effect.all([startWorker(env("process-1")), startWorker(env("process-2"))], {
          concurrency: "unbounded"
        })
        const startAt = Date.now() + 300
        const endAt = startAt + 10_000
        yield* Effect.all(
          [
            ...workers.map((worker) => worker.run(startAt, endAt)),
            ...runtimes.map((runtime) =>
              Effect.promise(() =>
                runtime.runPromise(
                  Effect.zipRight(
                    Effect.sleep(Duration.millis(Math.max(0, startAt - Date.now()))),
                    fleetLoop(conference.sid, endAt)
                  )
                )
              )
            )
          ],
          { concurrency: "unbounded" }
        )
        const log = yield* creates(served)
        const sources = ["runtime-1", "runtime-2", "process-1", "process-2"]
        for (const source of sources) {
          assert.isTrue(
            log.some((request) => request.headers["user-agent"]?.endsWith(source)),
            `${source} created nobody`
          )
        }
        // A request reaches the simulator after its slot, and no slot comes before startAt, so the
        // requests received in these 10 s are at most the slots in them: one every 200 ms, 10k + 1
        // with the first one of an idle budget. The lower bound only shows the budget is in use (a
        // loaded machine may not keep up with it).
        const inRun = log.filter(
          (request) => request.receivedAt >= startAt && request.receivedAt < startAt + 10_000
        ).length
        assert.isAtMost(inRun, 10 * k + 1)
        assert.isAtLeast(inRun, 5 * k)
      }),
    60_000
  )

  it.scopedLive(
    "Redis stopped mid-run, failing closed: PacingUnavailable before any request, and pacing resumes when it is back",
    () =>
      Effect.gen(function* () {
        const redis = yield* redisServer
        const served = yield* FakeTwilio.serve()
        const conference = yield* served.seedConference()
        const layer = pacedParticipants(
          served,
          PacingRedis.layer({ url: redis.url, timeout: "200 millis" }),
          "fail-closed",
          5
        )
        yield* Effect.gen(function* () {
          const participants = yield* Participants
          yield* participants.create(conference.sid, numbers)
          yield* redis.stop
          const exit = yield* Effect.exit(participants.create(conference.sid, numbers))
          assert.isTrue(Exit.isFailure(exit))
          if (Exit.isFailure(exit)) {
            const error = exit.cause._tag === "Fail" ? exit.cause.error : undefined
            assert.strictEqual(error?._tag, "PacingUnavailable", String(exit.cause))
            assert.match(String(error?.message), /pacing store is unavailable \(Redis did not answer/)
          }
          assert.lengthOf(yield* creates(served), 1)
          yield* redis.start
          // ioredis reconnects on its own schedule (at most a second apart).
          yield* participants.create(conference.sid, numbers).pipe(
            Effect.retry({
              while: (error) => error._tag === "PacingUnavailable",
              schedule: Schedule.spaced("200 millis").pipe(Schedule.upTo("5 seconds"))
            })
          )
          assert.lengthOf(yield* creates(served), 2)
        }).pipe(Effect.provide(layer))
      }),
    20_000
  )

  it.scopedLive(
    "Redis stopped mid-run, falling back to memory: creates stay paced in this process, with one warning",
    () =>
      Effect.gen(function* () {
        const redis = yield* redisServer
        const served = yield* FakeTwilio.serve()
        const conference = yield* served.seedConference()
        const warnings: Array<string> = []
        const logger = Logger.make(({ logLevel, message }) => {
          if (logLevel._tag === "Warning") warnings.push(String(message))
        })
        const layer = pacedParticipants(
          served,
          PacingRedis.layer({ url: redis.url, timeout: "200 millis", onUnavailable: "memory" }),
          "memory",
          5
        )
        yield* Effect.gen(function* () {
          const participants = yield* Participants
          yield* participants.create(conference.sid, numbers)
          yield* redis.stop
          const stoppedAt = Date.now()
          yield* Effect.all(
            Array.from({ length: 5 }, () => participants.create(conference.sid, numbers)),
            { concurrency: "unbounded" }
          )
          const times = (yield* creates(served))
            .slice(1)
            .map((request) => request.receivedAt)
            .sort((a, b) => a - b)
          // Five creates in this process alone, held one 200 ms step apart: never a burst. (Each
          // arrives after its slot, however late a loaded machine makes it.)
          assert.lengthOf(times, 5)
          times.forEach((time, i) => {
            assert.isAtLeast(time - stoppedAt, i * 200 - 2, `create ${i + 1} of ${JSON.stringify(times)}`)
          })
          assert.lengthOf(warnings, 1, JSON.stringify(warnings))
          assert.match(warnings[0] ?? "", /Redis did not answer.*pacing this process alone/)
        }).pipe(Effect.provide(layer), Effect.provide(Logger.replace(Logger.defaultLogger, logger)))
      }),
    20_000
  )
})

describe("PacingRedis configuration", () => {
  const secret = "hunter2-SECRET"
  const build = (layer: ReturnType<typeof PacingRedis.layer>) =>
    Effect.scoped(Effect.either(Layer.build(layer)))

  it.effect("a bad TWILIO_PACING_REDIS_URL is a ConfigError naming it, never showing the value", () =>
    Effect.gen(function* () {
      for (const url of [
        `redis//:${secret}@host`,
        `http://:${secret}@host:6379`,
        `redis://:${secret}@host/db`
      ]) {
        const result = yield* build(PacingRedis.layerConfig()).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["TWILIO_PACING_REDIS_URL", url]])))
        )
        assert.isTrue(Either.isLeft(result), url)
        if (Either.isLeft(result)) {
          assert.include(String(result.left), "TWILIO_PACING_REDIS_URL")
          assert.notInclude(String(result.left), secret)
        }
      }
    })
  )

  it.effect("a missing URL, a bad fallback or a bad timeout is a ConfigError naming its variable", () =>
    Effect.gen(function* () {
      const missing = yield* build(PacingRedis.layerConfig()).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
      )
      assert.isTrue(Either.isLeft(missing) && String(missing.left).includes("TWILIO_PACING_REDIS_URL"))
      const fallback = yield* build(PacingRedis.layerConfig()).pipe(
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([
              ["TWILIO_PACING_REDIS_URL", "redis://127.0.0.1:1"],
              ["TWILIO_PACING_REDIS_FALLBACK", "burst"]
            ])
          )
        )
      )
      assert.isTrue(Either.isLeft(fallback) && String(fallback.left).includes("TWILIO_PACING_REDIS_FALLBACK"))
      const timeout = yield* build(
        PacingRedis.layer({ url: Redacted.make(`redis://:${secret}@127.0.0.1:1`), timeout: "0 millis" })
      )
      assert.isTrue(Either.isLeft(timeout) && String(timeout.left).includes("TWILIO_PACING_REDIS_TIMEOUT"))
      assert.isTrue(Either.isLeft(timeout) && !String(timeout.left).includes(secret))
    })
  )
})
