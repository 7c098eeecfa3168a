/**
 * How one attempt runs: at most `limit` at a time (later ones wait in line), each in a fiber of its
 * own with a deadline. Slots are plain counters freed by the attempt fiber's own exit, and on the
 * live clock the deadline is a timer: `Effect.timeoutFail` (a race of two forked fibers that merges
 * fiber refs back) and a token queue cost several times as much per request.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"

// Every live clock is a `ClockImpl`, whose `sleep` is a plain timer on the global scheduler; any other
// clock (TestClock, a user's own) is asked to sleep through its own `sleep`.
const liveClockPrototype: unknown = Object.getPrototypeOf(Clock.make())
// Longer delays overflow `setTimeout`; the live clock's own scheduler splits them, so they take the slow path.
const MAX_TIMER_MILLIS = 2 ** 31 - 1

/** A fiber waiting for a slot; `handed` once a freed slot was passed to it. */
interface Waiter {
  readonly resume: (effect: Effect.Effect<void>) => void
  handed: boolean
}

/** Runs attempts, a bounded number at once, each with a deadline. */
export class InFlight {
  private free: number
  private readonly line: Array<Waiter> = []

  constructor(limit: number) {
    this.free = limit
  }

  /** Frees a slot: straight to the first fiber in line, if any. Called when an attempt's fiber ends. */
  private readonly release = (): void => {
    const next = this.line.shift()
    if (next === undefined) {
      this.free += 1
      return
    }
    next.handed = true
    next.resume(Effect.void)
  }

  /** Waits in line for a slot. A fiber interrupted after being handed one passes it on. */
  private readonly wait: Effect.Effect<void> = Effect.async<void>((resume) => {
    const waiter: Waiter = { resume, handed: false }
    this.line.push(waiter)
    return Effect.sync(() => {
      if (waiter.handed) {
        this.release()
      } else {
        const at = this.line.indexOf(waiter)
        if (at !== -1) this.line.splice(at, 1)
      }
    })
  })

  /**
   * `effect` in a fiber of its own once a slot is free, or `onTimeout()` once `duration` has passed
   * on the caller's clock, counted once it has its slot; the effect is then
   * interrupted and awaited. Fiber refs the effect sets stay in its fiber.
   */
  run<A, E, E2, R>(
    effect: Effect.Effect<A, E, R>,
    duration: Duration.Duration,
    onTimeout: () => E2
  ): Effect.Effect<A, E | E2, R> {
    return Effect.clockWith((clock) =>
      Effect.uninterruptibleMask((restore) => {
        const millis = Duration.toMillis(duration)
        const live = Object.getPrototypeOf(clock) === liveClockPrototype && millis <= MAX_TIMER_MILLIS
        const start = Effect.flatMap(Effect.fork(restore(effect)), (fiber) => {
          fiber.addObserver(this.release)
          return live
            ? restore(withTimer(fiber, millis, onTimeout))
            : withClock(fiber, duration, onTimeout, restore)
        })
        if (this.free > 0 && this.line.length === 0) {
          this.free -= 1
          return start
        }
        return Effect.zipRight(restore(this.wait), start)
      })
    )
  }
}

/** Waits for `fiber` against a timer. */
const withTimer = <A, E, E2>(
  fiber: Fiber.RuntimeFiber<A, E>,
  millis: number,
  onTimeout: () => E2
): Effect.Effect<A, E | E2> =>
  Effect.async<A, E | E2>((resume) => {
    let settled = false
    const timer = setTimeout(() => {
      if (settled) return
      settled = true
      resume(Effect.zipRight(Fiber.interrupt(fiber), Effect.fail(onTimeout())))
    }, millis)
    fiber.addObserver((exit) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resume(exit)
    })
    // The caller gave up: stop the timer and the effect, and wait for the effect to end.
    return Effect.suspend(() => {
      settled = true
      clearTimeout(timer)
      return Fiber.interrupt(fiber)
    })
  })

/** Waits for `fiber` against the clock's own `sleep`. */
const withClock = <A, E, E2>(
  fiber: Fiber.RuntimeFiber<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E2,
  restore: <X, Y, Z>(effect: Effect.Effect<X, Y, Z>) => Effect.Effect<X, Y, Z>
): Effect.Effect<A, E | E2> =>
  restore(Effect.timeoutFail(Effect.flatten(Fiber.await(fiber)), { duration, onTimeout })).pipe(
    Effect.ensuring(Fiber.interrupt(fiber))
  )
