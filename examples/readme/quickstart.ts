import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Effect, Layer, Stream } from "effect"

const program = Effect.gen(function* () {
  const moderator = yield* Participants.create("standup", {
    from: "+15017122661",
    to: "+15558675310",
    label: "moderator",
    endConferenceOnExit: true
  })
  const conferenceSid = moderator.conferenceSid ?? ""
  yield* Participants.update(conferenceSid, "moderator", { muted: true })
  yield* Participants.roster(conferenceSid).pipe(
    Stream.runForEach((p) => Effect.log(`${p.label ?? p.callSid}: ${p.status}`))
  )
})

const TwilioLive = Participants.layer.pipe(
  Layer.provide(TwilioConfig.layerConfig()),
  Layer.provide(NodeHttpClient.layerUndici)
)

NodeRuntime.runMain(program.pipe(Effect.provide(TwilioLive)))
