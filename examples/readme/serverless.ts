// A conference status callback as an AWS Lambda function (a function URL or an HTTP API): whoever
// joins, other than the moderator, is muted. Deep imports and the node:http transport keep the cold
// start short (see "Serverless and cold start").
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { ConferenceWebhook, WebhookConfig } from "@effect-twilio/webhooks"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"

interface LambdaEvent {
  readonly rawPath: string
  readonly rawQueryString: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body?: string | undefined
  readonly isBase64Encoded?: boolean | undefined
  readonly requestContext: { readonly domainName: string }
}

// Built on the first invocation and kept while the instance stays warm.
const runtime = ManagedRuntime.make(
  Layer.mergeAll(
    Participants.layer.pipe(
      Layer.provide(TwilioConfig.layerConfig()), // TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN …
      Layer.provide(NodeHttpClient.layer)
    ),
    WebhookConfig.layerConfig() // TWILIO_AUTH_TOKEN, TWILIO_WEBHOOK_URL (optional)
  )
)

const respond = (event: LambdaEvent) =>
  Effect.gen(function* () {
    const { authTokens, publicUrl } = yield* WebhookConfig.WebhookConfig
    const origin = Option.getOrElse(publicUrl, () => `https://${event.requestContext.domainName}`)
    const callback = yield* ConferenceWebhook.parse({
      authToken: authTokens,
      url: `${origin}${event.rawPath}${event.rawQueryString === "" ? "" : `?${event.rawQueryString}`}`,
      signature: event.headers["x-twilio-signature"], // Lambda lower-cases header names
      body: event.isBase64Encoded === true ? Buffer.from(event.body ?? "", "base64") : (event.body ?? "")
    })
    if (callback.statusCallbackEvent === "participant-join" && callback.participantLabel !== "moderator") {
      const participants = yield* Participants
      yield* participants.update(callback.conferenceSid, callback.callSid, { muted: true })
    }
    return { statusCode: 204 }
  }).pipe(
    Effect.catchTags({
      InvalidSignature: () => Effect.succeed({ statusCode: 403 }),
      InvalidWebhook: () => Effect.succeed({ statusCode: 400 })
    }),
    // Any other failure (Twilio unreachable, a bad config) is a 500: Twilio calls again.
    Effect.catchAll((error) => Effect.as(Effect.logError(error), { statusCode: 500 }))
  )

export const handler = (event: LambdaEvent): Promise<{ readonly statusCode: number }> =>
  runtime.runPromise(respond(event))
