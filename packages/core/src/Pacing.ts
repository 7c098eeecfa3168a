/**
 * Pacing in this process: participant creates (and, optionally, every request) spread to the
 * budgets of `TwilioConfig`'s `pacing` options, through `@effect/experimental`'s `RateLimiter` and
 * its in-memory store. Provide `Pacing.layer` beside `TwilioConfig` and every client built from
 * that configuration is paced. For a fleet, `PacingRedis` shares the budgets through Redis.
 *
 * The algorithm is the limiter's `fixed-window` with a limit of 1 and a window of one budget step
 * (`1000 / perSecond` ms, rounded up to a whole millisecond): slots come strictly one step apart,
 * so the only burst is the first request of an idle budget, and any span of `t` seconds holds at
 * most `floor(t * perSecond) + 1` requests.
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Pacer from "./Pacer.js"

/** The window of one slot for a budget of `perSecond`: whole milliseconds, rounded up so the rate never exceeds it. */
export const windowFor = (perSecond: number): Duration.Duration =>
  Duration.millis(Math.max(1, Math.ceil(1000 / perSecond)))

/** What a store failure becomes: the pacer's answer for this turn instead (a refusal or a fallback). */
export type OnStoreError = (
  turn: Pacer.Turn,
  error: RateLimiter.RateLimitStoreError
) => Effect.Effect<Duration.Duration, Pacer.Refusal>

const isExceeded = (error: RateLimiter.RateLimiterError): error is RateLimiter.RateLimitExceeded =>
  error.reason === "Exceeded"

/**
 * A pacer over a `RateLimiter`. It first asks for a free slot without queueing (`onExceeded:
 * "fail"`), which answers how long the queue is; a wait over `maxWait` is refused there, before any
 * slot is taken. Otherwise it queues (`onExceeded: "delay"`), which reserves the slot, and sleeps.
 */
export const fromLimiter = (limiter: RateLimiter.RateLimiter, onStoreError: OnStoreError): Pacer.Pacer => ({
  take: (turn) => {
    const slot = {
      algorithm: "fixed-window",
      window: windowFor(turn.perSecond),
      limit: 1,
      key: turn.key
    } as const
    const tooLong = (wait: Duration.Duration) => Effect.fail<Pacer.Refusal>({ _tag: "TooLong", wait })
    const queue = Effect.flatMap(limiter.consume({ ...slot, onExceeded: "delay" }), ({ delay }) =>
      // Another process may have queued in between: the slot is taken, but the wait is still bounded.
      Duration.greaterThan(delay, turn.maxWait) ? tooLong(delay) : Effect.as(Effect.sleep(delay), delay)
    )
    return limiter.consume({ ...slot, onExceeded: "fail" }).pipe(
      Effect.as(Duration.zero),
      Effect.catchIf(isExceeded, (exceeded) =>
        Duration.greaterThan(exceeded.retryAfter, turn.maxWait) ? tooLong(exceeded.retryAfter) : queue
      ),
      Effect.catchTag("RateLimiterError", (error) =>
        isExceeded(error) ? tooLong(error.retryAfter) : onStoreError(turn, error)
      )
    )
  }
})

/** A pacer on the in-memory store (this process only). */
export const makeMemory: Effect.Effect<Pacer.Pacer> = Effect.map(
  Effect.provide(RateLimiter.make, RateLimiter.layerStoreMemory),
  (limiter) =>
    fromLimiter(limiter, (_, error) => Effect.fail({ _tag: "Unavailable", description: error.message }))
)

/** Paces this process's Twilio clients to `TwilioConfig`'s budgets, in memory. */
export const layer: Layer.Layer<Pacer.Current> = Layer.effect(
  Pacer.Current,
  Effect.map(makeMemory, Option.some)
)
