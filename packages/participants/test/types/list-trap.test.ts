/**
 * The list trap (issue #11, item 3): `Participants` is a `Context.Tag`, so there is no static
 * `Participants.list` whose Effect-wrapped Stream would collect to one element; the service's
 * `list` is a Stream of participants. Checked by the type checker (the root typecheck covers tests).
 */
import { describe, expectTypeOf, it } from "@effect/vitest"
import type { Participant, Participants } from "@effect-twilio/participants"
import type { Chunk, Effect, Stream } from "effect"

describe("the list trap", () => {
  it("Participants has no static operations, and list is a Stream of Participant", () => {
    type Tag = typeof import("@effect-twilio/participants").Participants
    // @ts-expect-error `Participants.list` does not exist: take the service with `yield* Participants`.
    type _NoStaticList = Tag["list"]
    // @ts-expect-error no static `roster` accessor either.
    type _NoRoster = Tag["roster"]
    expectTypeOf<ReturnType<Participants.Service["list"]>>().toEqualTypeOf<
      Stream.Stream<Participant, Participants.ListError>
    >()
    expectTypeOf<
      Stream.Stream.Success<ReturnType<Participants.Service["list"]>>
    >().toEqualTypeOf<Participant>()
    type Collected = Effect.Effect.Success<ReturnType<typeof Stream.runCollect<Participant, never, never>>>
    expectTypeOf<Collected>().toEqualTypeOf<Chunk.Chunk<Participant>>()
  })
})
