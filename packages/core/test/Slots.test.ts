/** The in-flight cap's slots: arrival order, interruption while waiting, and no slot ever lost. */
import { assert, describe, it } from "@effect/vitest"
import { Array as Arr, Deferred, Effect, FastCheck, Fiber, Ref } from "effect"
import * as Slots from "../src/internal/slots.js"

/** How many of `capacity + 1` holders get a slot at once: `capacity` when no slot was lost. */
const holdersAtOnce = (slots: Slots.Slots, capacity: number) =>
  Effect.gen(function* () {
    const holding = yield* Ref.make(0)
    const fibers = yield* Effect.forEach(Array.from({ length: capacity + 1 }), () =>
      Effect.fork(
        slots.withSlot(
          Effect.zipRight(
            Ref.update(holding, (n) => n + 1),
            Effect.never
          )
        )
      )
    )
    for (let i = 0; i < 20; i++) yield* Effect.yieldNow()
    const held = yield* Ref.get(holding)
    yield* Fiber.interruptAll(fibers)
    return held
  })

describe("Slots", () => {
  it.effect("serves waiters in arrival order", () =>
    Effect.gen(function* () {
      const slots = Slots.make(1)
      const gate = yield* Deferred.make<void>()
      const order = yield* Ref.make<ReadonlyArray<number>>([])
      const holder = yield* Effect.fork(slots.withSlot(Deferred.await(gate)))
      yield* Effect.yieldNow()
      const waiters = yield* Effect.forEach([1, 2, 3, 4], (i) =>
        Effect.zipLeft(
          Effect.fork(slots.withSlot(Ref.update(order, (seen) => [...seen, i]))),
          Effect.yieldNow()
        )
      )
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(holder)
      yield* Fiber.joinAll(waiters)
      assert.deepStrictEqual(yield* Ref.get(order), [1, 2, 3, 4])
      assert.strictEqual(yield* holdersAtOnce(slots, 1), 1)
    })
  )

  it.effect(
    "a waiter interrupted in line holds nothing; one interrupted after a slot was handed to it passes it on",
    () =>
      Effect.gen(function* () {
        const slots = Slots.make(1)
        const gate = yield* Deferred.make<void>()
        const holder = yield* Effect.fork(slots.withSlot(Deferred.await(gate)))
        yield* Effect.yieldNow()
        const inLine = yield* Effect.fork(slots.withSlot(Effect.never))
        const handed = yield* Effect.fork(slots.withSlot(Effect.never))
        yield* Effect.yieldNow()
        yield* Fiber.interrupt(inLine)
        // The holder frees its slot and `handed` is interrupted before it can run with it.
        yield* Effect.zipRight(Deferred.succeed(gate, undefined), Fiber.interruptFork(handed))
        yield* Fiber.join(holder)
        yield* Fiber.await(handed)
        assert.strictEqual(yield* holdersAtOnce(slots, 1), 1)
      })
  )

  it.effect("never more holders than slots, and none lost, whatever is interrupted when", () =>
    Effect.gen(function* () {
      const runs = FastCheck.sample(
        FastCheck.record({
          capacity: FastCheck.integer({ min: 1, max: 4 }),
          plan: FastCheck.array(
            FastCheck.record({ work: FastCheck.nat(3), interruptAfter: FastCheck.option(FastCheck.nat(4)) }),
            { minLength: 1, maxLength: 25 }
          )
        }),
        60
      )
      for (const { capacity, plan } of runs) {
        const slots = Slots.make(capacity)
        const holding = yield* Ref.make(0)
        const most = yield* Ref.make(0)
        const hold = (work: number) =>
          Effect.acquireUseRelease(
            Effect.flatMap(
              Ref.updateAndGet(holding, (n) => n + 1),
              (n) => Ref.update(most, (m) => Math.max(m, n))
            ),
            () => Effect.repeatN(Effect.yieldNow(), work),
            () => Ref.update(holding, (n) => n - 1)
          )
        const fibers = yield* Effect.forEach(plan, ({ work }) => Effect.fork(slots.withSlot(hold(work))))
        yield* Effect.forEach(
          Arr.zip(plan, fibers),
          ([{ interruptAfter }, fiber]) =>
            interruptAfter === null
              ? Effect.void
              : Effect.zipRight(Effect.repeatN(Effect.yieldNow(), interruptAfter), Fiber.interrupt(fiber)),
          { concurrency: "unbounded", discard: true }
        )
        yield* Effect.forEach(fibers, Fiber.await, { discard: true })
        assert.isAtMost(yield* Ref.get(most), capacity)
        assert.strictEqual(yield* holdersAtOnce(slots, capacity), capacity)
      }
    })
  )
})
