/**
 * Pacing shared by a fleet: the budgets of `TwilioConfig`'s `pacing` options kept in Redis, keyed
 * by account SID, so every process on one Redis and one account draws on one budget. Same
 * algorithm as `Pacing` (`fixed-window`, one slot per budget step) on `@effect/experimental`'s Redis
 * store (`ioredis` 5); the window is kept by Redis's own key expiry, so the processes' clocks do not
 * have to agree.
 *
 * When Redis does not answer within `timeout`, each request either fails with `PacingUnavailable`
 * (`onUnavailable: "fail"`, the default: the fleet never bursts past its budget) or is paced in
 * this process alone with a logged warning (`"memory"`: the fleet may then reach its budget times
 * the number of processes until Redis is back).
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as RedisStore from "@effect/experimental/RateLimiter/Redis"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Pacer from "./Pacer.js"
import * as Pacing from "./Pacing.js"

/** What pacing does while Redis cannot be reached. */
export type OnUnavailable = "fail" | "memory"

/** Options of `PacingRedis.layer`. */
export interface Options {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS; kept redacted. */
  readonly url: string | Redacted.Redacted<string>
  /** `"fail"` (default): `PacingUnavailable`; `"memory"`: pace this process alone and log a warning. */
  readonly onUnavailable?: OnUnavailable
  /** How long one Redis command may take before Redis counts as unreachable (default 500 ms). */
  readonly timeout?: Duration.DurationInput
  /** Prefix of the Redis keys (default `effect-twilio:pacing:`). */
  readonly prefix?: string
}

const URL_VARIABLE = "TWILIO_PACING_REDIS_URL"

const invalid = (path: string, message: string) => ConfigError.InvalidData([path], message)

/** Where Redis is and who we are to it, as `ioredis` takes it. */
interface Connection {
  readonly host: string
  readonly port: number
  readonly db: number
  readonly username?: string
  readonly password?: string
  readonly tls?: Record<string, never>
}

/** Reads a Redis URL into `ioredis` options; nothing of a rejected URL is echoed (it may hold a password). */
const parseUrl = (url: Redacted.Redacted<string>): Either.Either<Connection, ConfigError.ConfigError> => {
  let parsed: URL
  try {
    parsed = new URL(Redacted.value(url))
  } catch {
    return Either.left(
      invalid(URL_VARIABLE, "not a URL such as redis://127.0.0.1:6379 (the value is not shown)")
    )
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    return Either.left(
      invalid(URL_VARIABLE, "must start with redis:// or rediss:// (the value is not shown)")
    )
  }
  const path = parsed.pathname.replace(/^\//, "")
  const db = path === "" ? 0 : Number(path)
  if (!Number.isSafeInteger(db) || db < 0 || parsed.hostname === "") {
    return Either.left(
      invalid(URL_VARIABLE, "must name a host and at most a database number, as redis://host:6379/0")
    )
  }
  return Either.right({
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    db,
    ...(parsed.username === "" ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === "" ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {})
  })
}

/** The words of a store failure, with any spelling of the password taken out. */
const describe = (error: RateLimiter.RateLimitStoreError, password: string | undefined) => {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ""
  const text = `Redis did not answer${cause}`.slice(0, 300)
  return password === undefined || password === ""
    ? text
    : text.split(password).join("<redacted>").split(encodeURIComponent(password)).join("<redacted>")
}

/** A pacer on Redis; the connection closes with the scope. */
export const make = (options: Options): Effect.Effect<Pacer.Pacer, ConfigError.ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const url = Redacted.isRedacted(options.url) ? options.url : Redacted.make(options.url)
    const connection = yield* parseUrl(url)
    const timeout = Duration.decodeUnknown(options.timeout ?? Duration.millis(500))
    if (Option.isNone(timeout) || !Duration.isFinite(timeout.value) || Duration.toMillis(timeout.value) < 1) {
      return yield* Effect.fail(invalid("TWILIO_PACING_REDIS_TIMEOUT", "must be a duration of 1 ms or more"))
    }
    const onUnavailable = options.onUnavailable ?? "fail"
    if (onUnavailable !== "fail" && onUnavailable !== "memory") {
      return yield* Effect.fail(invalid("TWILIO_PACING_REDIS_FALLBACK", 'must be "fail" or "memory"'))
    }
    const store = yield* RedisStore.make({
      ...connection,
      prefix: options.prefix ?? "effect-twilio:pacing:",
      // A command waits at most this long, also while ioredis reconnects, so a Redis outage costs
      // each request a bounded wait rather than a hang.
      commandTimeout: Math.ceil(Duration.toMillis(timeout.value)),
      maxRetriesPerRequest: 1,
      retryStrategy: (times: number) => Math.min(times * 100, 1000)
    })
    const limiter = yield* Effect.provideService(RateLimiter.make, RateLimiter.RateLimiterStore, store)
    const memory = yield* Pacing.makeMemory
    // Set while Redis is down, so an outage is logged once when it starts and once when it ends.
    const degraded = yield* Ref.make(false)
    const recovered = Effect.whenEffect(
      Effect.logInfo("effect-twilio: Redis answers again; pacing is shared by the fleet again"),
      Ref.getAndSet(degraded, false)
    )
    const watched: RateLimiter.RateLimiter = {
      ...limiter,
      consume: (consume) =>
        limiter.consume(consume).pipe(
          Effect.tap(() => recovered),
          Effect.tapError((error) => (error.reason === "Exceeded" ? recovered : Effect.void))
        )
    }
    return Pacing.fromLimiter(watched, (turn, error) => {
      const description = describe(error, connection.password)
      if (onUnavailable === "fail") return Effect.fail({ _tag: "Unavailable", description })
      return Effect.zipRight(
        Effect.unlessEffect(
          Effect.logWarning(
            `effect-twilio: ${description}; pacing this process alone until it is back (the fleet may exceed its budget)`
          ),
          Ref.getAndSet(degraded, true)
        ),
        memory.take(turn)
      )
    })
  })

/** Paces this process's Twilio clients to `TwilioConfig`'s budgets, shared with every process on the same Redis. */
export const layer = (options: Options): Layer.Layer<Pacer.Current, ConfigError.ConfigError> =>
  Layer.scoped(
    Pacer.Current,
    Effect.map(make(options), (pacer) => Option.some(pacer))
  )

/** `Config` values that replace what `layerConfig` reads from the environment. */
export interface ConfigOverrides {
  readonly url?: Config.Config<Redacted.Redacted<string>>
  readonly onUnavailable?: Config.Config<OnUnavailable>
  readonly timeout?: Config.Config<Duration.Duration>
  /** Not read from the environment. */
  readonly prefix?: string
}

/**
 * `layer` read through `Config`: `TWILIO_PACING_REDIS_URL` (redacted), `TWILIO_PACING_REDIS_FALLBACK`
 * (`fail` or `memory`, default `fail`) and `TWILIO_PACING_REDIS_TIMEOUT` (default 500 ms).
 */
export const layerConfig = (
  overrides: ConfigOverrides = {}
): Layer.Layer<Pacer.Current, ConfigError.ConfigError> =>
  Layer.scoped(
    Pacer.Current,
    Effect.gen(function* () {
      const url = yield* overrides.url ?? Config.redacted(URL_VARIABLE)
      const onUnavailable = yield* overrides.onUnavailable ??
        Config.literal(
          "fail",
          "memory"
        )("TWILIO_PACING_REDIS_FALLBACK").pipe(Config.withDefault("fail" as const))
      const timeout = yield* Config.option(
        overrides.timeout ?? Config.duration("TWILIO_PACING_REDIS_TIMEOUT")
      )
      const pacer = yield* make({
        url,
        onUnavailable,
        ...Option.match(timeout, { onNone: () => ({}), onSome: (value) => ({ timeout: value }) }),
        ...(overrides.prefix === undefined ? {} : { prefix: overrides.prefix })
      })
      return Option.some(pacer)
    })
  )
