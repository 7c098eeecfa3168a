/**
 * How attempts run. The deadline on `TestClock` (the path through the clock's own `sleep`) and on the
 * live clock (the timer path): the effect's outcome or the timeout, the effect interrupted either way,
 * and no fiber ref of the effect's leaking to the caller. The slots: never more than the limit at once,
 * a line served in order, and no slot lost to a failure, a timeout or an interrupted waiter.
 */
import { assert, describe, it } from "@effect/vitest"
import { Array as Arr, Deferred, Duration, Effect, Exit, Fiber, FiberRef, Ref, TestClock } from "effect"
import { InFlight } from "../src/internal/inFlight.js"

const marker = FiberRef.unsafeMake("caller")
const timedOut = () => "timed out" as const

/** The deadline alone: one runner with room for everything. */
const deadline = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => "timed out"
) => new InFlight(1000).run(effect, duration, onTimeout)

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

describe("slots", () => {
  /** Runs `count` attempts on `runner`, each holding its slot until `gate` opens; records the peak. */
  const crowd = (runner: InFlight, count: number) =>
    Effect.gen(function* () {
      const gate = yield* Deferred.make<void>()
      const running = yield* Ref.make(0)
      const peak = yield* Ref.make(0)
      const order = yield* Ref.make<ReadonlyArray<number>>([])
      const attempt = (i: number) =>
        runner.run(
          Effect.gen(function* () {
            const now = yield* Ref.updateAndGet(running, (n) => n + 1)
            yield* Ref.update(peak, (p) => Math.max(p, now))
            yield* Ref.update(order, (o) => [...o, i])
            yield* Deferred.await(gate)
            yield* Ref.update(running, (n) => n - 1)
          }),
          Duration.hours(1),
          timedOut
        )
      const fibers = yield* Effect.forEach(Arr.range(1, count), (i) => Effect.fork(attempt(i)))
      return { gate, running, peak, order, fibers }
    })

  it.effect("never more than the limit at once; the line is served in order", () =>
    Effect.gen(function* () {
      const runner = new InFlight(3)
      const { gate, running, peak, order, fibers } = yield* crowd(runner, 10)
      yield* Effect.yieldNow({ priority: 1 })
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* Ref.get(running), 3)
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.joinAll(fibers)
      assert.strictEqual(yield* Ref.get(peak), 3)
      assert.deepStrictEqual(yield* Ref.get(order), Arr.range(1, 10))
    })
  )

  it.effect("a waiter that gives up leaves the line, and no slot is lost", () =>
    Effect.gen(function* () {
      const runner = new InFlight(1)
      const { gate, fibers } = yield* crowd(runner, 3)
      yield* TestClock.adjust("1 millis")
      // The second attempt is in line behind the first; it gives up.
      const second = fibers[1]
      if (second === undefined) return assert.fail("three fibers")
      yield* Fiber.interrupt(second)
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(fibers[0] ?? second)
      yield* Fiber.join(fibers[2] ?? second)
      // Both slots' worth of work went through, and the one slot is free again.
      assert.strictEqual(yield* runner.run(Effect.succeed("free"), Duration.seconds(1), timedOut), "free")
    })
  )

  it.effect("a failed or timed-out attempt frees its slot for the next", () =>
    Effect.gen(function* () {
      const runner = new InFlight(1)
      const failed = yield* Effect.flip(runner.run(Effect.fail("boom"), Duration.seconds(5), timedOut))
      assert.strictEqual(failed, "boom")
      const slow = yield* Effect.fork(Effect.flip(runner.run(Effect.never, Duration.seconds(5), timedOut)))
      yield* TestClock.adjust("5 seconds")
      assert.strictEqual(yield* Fiber.join(slow), "timed out")
      assert.strictEqual(yield* runner.run(Effect.succeed("next"), Duration.seconds(5), timedOut), "next")
    })
  )

  it.effect("the deadline counts from taking a slot, not from joining the line", () =>
    Effect.gen(function* () {
      const runner = new InFlight(1)
      const first = yield* Effect.fork(runner.run(Effect.sleep("4 seconds"), Duration.seconds(5), timedOut))
      const second = yield* Effect.fork(runner.run(Effect.sleep("4 seconds"), Duration.seconds(5), timedOut))
      yield* TestClock.adjust("4 seconds")
      yield* Fiber.join(first)
      // Eight seconds after it joined the line, but four after it got its slot: still in time.
      yield* TestClock.adjust("4 seconds")
      yield* Fiber.join(second)
    })
  )
})
