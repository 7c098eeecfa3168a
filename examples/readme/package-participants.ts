import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Effect, Layer } from "effect"

// Dial a guest into the "standup" conference (started on the fly), then mute them.
const program = Effect.gen(function* () {
  const participants = yield* Participants
  const guest = yield* participants.create("standup", {
    from: "+15017122661",
    to: "+15558675310",
    label: "guest"
  })
  if (guest.conferenceSid !== null) yield* participants.update(guest.conferenceSid, "guest", { muted: true })
})

const TwilioLive = Participants.layer.pipe(
  Layer.provide(TwilioConfig.layerConfig()), // TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN …
  Layer.provide(NodeHttpClient.layerUndici)
)

NodeRuntime.runMain(program.pipe(Effect.provide(TwilioLive)))
