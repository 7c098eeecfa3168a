import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, ParticipantsTest } from "@effect-twilio/testing"
import { Effect, Stream } from "effect"

// Your code against the simulator, in process: no account, no socket, no @effect/platform-node.
const program = Effect.gen(function* () {
  const fake = yield* FakeTwilio
  const conference = yield* fake.seedConference({ friendlyName: "standup" })
  yield* fake.seedParticipants(conference.sid, 120)
  const participants = yield* Participants
  const count = yield* Stream.runCount(participants.list(conference.sid))
  yield* Effect.log(`${count} participants, ${(yield* fake.requests).length} requests`)
})

Effect.runPromise(program.pipe(Effect.provide(ParticipantsTest)))
