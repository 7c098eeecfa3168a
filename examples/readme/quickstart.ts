import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Effect, Layer, Stream } from "effect"

const program = Effect.gen(function* () {
  const participants = yield* Participants
  const moderator = yield* participants.create("standup", {
    from: "+15017122661",
    to: "+15558675310",
    label: "moderator",
    endConferenceOnExit: true
  })
  // conference_sid is nullable on the wire: a missing one fails here, not in a later call.
  const conferenceSid = yield* Effect.fromNullable(moderator.conferenceSid)
  yield* participants.update(conferenceSid, "moderator", { muted: true })
  yield* participants
    .list(conferenceSid)
    .pipe(Stream.runForEach((p) => Effect.log(`${p.label ?? p.callSid}: ${p.status}`)))
})

const TwilioLive = Participants.layer.pipe(
  Layer.provide(TwilioConfig.layerConfig()),
  Layer.provide(NodeHttpClient.layerUndici)
)

NodeRuntime.runMain(program.pipe(Effect.provide(TwilioLive)))
