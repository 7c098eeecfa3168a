/**
 * The per-attempt deadline: on `TestClock` (the path through the clock's own `sleep`) and on the live
 * clock (the timer path), the effect's outcome or the timeout, the effect interrupted either way, and
 * no fiber ref of the effect's leaking to the caller.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Duration, Effect, Exit, Fiber, FiberRef, Ref, TestClock } from "effect"
import { deadline } from "../src/internal/deadline.js"

const marker = FiberRef.unsafeMake("caller")
const timedOut = () => "timed out" as const

/** An effect that never ends on its own, recording when it is interrupted. */
const hanging = (interrupted: Ref.Ref<boolean>) =>
  Effect.never.pipe(Effect.onInterrupt(() => Ref.set(interrupted, true)))

describe("deadline on TestClock", () => {
  it.effect("an effect that ends in time gives its own outcome", () =>
    Effect.gen(function* () {
      const value = yield* deadline(Effect.succeed(42), Duration.seconds(5), timedOut)
      assert.strictEqual(value, 42)
      const failure = yield* Effect.flip(deadline(Effect.fail("boom"), Duration.seconds(5), timedOut))
      assert.strictEqual(failure, "boom")
    })
  )

  it.effect("fails with onTimeout exactly at the deadline, and interrupts the effect", () =>
    Effect.gen(function* () {
      const interrupted = yield* Ref.make(false)
      const fiber = yield* Effect.fork(
        Effect.flip(deadline(hanging(interrupted), Duration.seconds(5), timedOut))
      )
      yield* TestClock.adjust("4999 millis")
      assert.isTrue((yield* Fiber.poll(fiber))._tag === "None")
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* Fiber.join(fiber), "timed out")
      assert.isTrue(yield* Ref.get(interrupted))
    })
  )

  it.effect("fiber refs the effect sets stay in its own fiber", () =>
    Effect.gen(function* () {
      yield* deadline(FiberRef.set(marker, "effect"), Duration.seconds(5), timedOut)
      assert.strictEqual(yield* FiberRef.get(marker), "caller")
    })
  )
})

describe("deadline on the live clock", () => {
  it.live("an effect that ends in time gives its outcome, and refs stay in its fiber", () =>
    Effect.gen(function* () {
      const value = yield* deadline(
        Effect.as(FiberRef.set(marker, "effect"), "done"),
        Duration.minutes(1),
        timedOut
      )
      assert.strictEqual(value, "done")
      assert.strictEqual(yield* FiberRef.get(marker), "caller")
    })
  )

  // The timer path needs real time to pass; a 1 ms deadline keeps the wait negligible.
  it.live("fails with onTimeout once the timer fires, after the effect is interrupted", () =>
    Effect.gen(function* () {
      const interrupted = yield* Ref.make(false)
      const failure = yield* Effect.flip(deadline(hanging(interrupted), Duration.millis(1), timedOut))
      assert.strictEqual(failure, "timed out")
      assert.isTrue(yield* Ref.get(interrupted))
    })
  )

  it.live("a caller that gives up interrupts the effect and waits for it", () =>
    Effect.gen(function* () {
      const started = yield* Deferred.make<void>()
      const interrupted = yield* Ref.make(false)
      const fiber = yield* Effect.fork(
        deadline(
          Effect.zipRight(Deferred.succeed(started, undefined), hanging(interrupted)),
          Duration.hours(1),
          timedOut
        )
      )
      yield* Deferred.await(started)
      const exit = yield* Fiber.interrupt(fiber)
      assert.isTrue(Exit.isInterrupted(exit))
      assert.isTrue(yield* Ref.get(interrupted))
    })
  )

  it.live("a deadline too long for a timer still works, through the clock's own sleep", () =>
    Effect.gen(function* () {
      const value = yield* deadline(Effect.succeed("ok"), Duration.days(30), timedOut)
      assert.strictEqual(value, "ok")
    })
  )
})
