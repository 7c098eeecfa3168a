/**
 * The in-flight cap: a fixed number of slots, each freed slot handed straight to the longest
 * waiter. Effect's `Semaphore` wakes every waiter on each release and all but one go back to
 * sleep, so a burst far above the cap costs time per waiter per release (bench:
 * `bench/breakdown.ts`, "in-flight cap" rows).
 */
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"

/** Runs effects while holding one of a fixed number of slots. */
export interface Slots {
  /** Waits for a slot (interruptibly, in arrival order), runs `self`, then frees the slot. */
  readonly withSlot: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/** `capacity` slots, all free. */
export const make = (capacity: number): Slots => {
  let free = capacity
  // Insertion-ordered, with O(1) removal of a waiter that gives up.
  const line = new Set<Deferred.Deferred<void>>()

  const release: Effect.Effect<void> = Effect.suspend(() => {
    const next = line.values().next()
    if (next.done === true) {
      free++
      return Effect.void
    }
    // The slot changes hands without ever being free, so no newcomer can overtake the line.
    line.delete(next.value)
    return Deferred.succeed(next.value, undefined)
  })

  const acquire: Effect.Effect<void> = Effect.suspend(() => {
    if (free > 0) {
      free--
      return Effect.void
    }
    return Effect.flatMap(Deferred.make<void>(), (turn) => {
      line.add(turn)
      return Effect.onInterrupt(Deferred.await(turn), () =>
        // Still in line: it held nothing. Out of line: it was handed a slot, which goes on.
        line.delete(turn) ? Effect.void : release
      )
    })
  })

  return {
    withSlot: (self) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.zipRight(restore(acquire), Effect.ensuring(restore(self), release))
      )
  }
}
