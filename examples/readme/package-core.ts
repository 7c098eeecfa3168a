import { NodeHttpClient } from "@effect/platform-node"
import { CallSid, TwilioClient, TwilioConfig } from "@effect-twilio/core"
import { Effect, Layer, Schema } from "effect"

// A resource with no package of its own yet: your schema, the SDK's auth, retries and errors.
const Call = Schema.Struct({ sid: CallSid, status: Schema.String, duration: Schema.NullOr(Schema.String) })

export const fetchCall = (sid: string) =>
  Effect.flatMap(TwilioClient, (client) =>
    client.json(
      {
        method: "GET",
        path: `${client.accountPath}/Calls/${sid}.json`,
        route: "/Calls/{Sid}",
        repeatable: true
      },
      Call
    )
  )

export const TwilioLive = TwilioClient.layer.pipe(
  Layer.provide(TwilioConfig.layerConfig()), // TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN …
  Layer.provide(NodeHttpClient.layerUndici)
)
