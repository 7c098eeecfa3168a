/**
 * The README's webhook snippets (each `#region` is one snippet), type-checked with the examples.
 */
import { createServer } from "node:http"
import { HttpRouter, HttpServer } from "@effect/platform"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import {
  CallStatusWebhook,
  ConferenceEvent,
  ConferenceWebhook,
  TwilioSignature,
  WebhookConfig
} from "@effect-twilio/webhooks"
import { Effect, HashSet, Layer, Redacted, Ref } from "effect"

declare const rawBody: string
declare const signatureHeader: string | undefined
declare const requestPathAndQuery: string
declare const formParams: Record<string, string>

// #region verify
// Twilio signs the URL it was given. Behind a TLS-terminating proxy or load balancer your server
// sees http://10.0.0.5:8080/twilio/conference, but Twilio called (and signed)
// https://hooks.example.com/twilio/conference: rebuild that URL from your public origin.
const url = `https://hooks.example.com${requestPathAndQuery}`

const checked = TwilioSignature.verify({
  authToken: [Redacted.make("current-token"), Redacted.make("previous-token")], // rotation
  url,
  params: formParams, // the POSTed form; none for a GET
  signature: signatureHeader
}) // Effect<void, InvalidSignature>
// #endregion

// #region parse
// Any framework: the raw body, the public URL and the header in, an event or a tagged failure out.
const answer = ConferenceWebhook.parse({
  authToken: Redacted.make("current-token"),
  url,
  signature: signatureHeader,
  body: rawBody
}).pipe(
  Effect.map((event) => ({ status: 204, event })),
  Effect.catchTags({
    InvalidSignature: () => Effect.succeed({ status: 403 }),
    InvalidWebhook: () => Effect.succeed({ status: 400 })
  })
)
// #endregion

// #region events
const describeEvent = (event: ConferenceEvent.ConferenceEvent): string => {
  switch (event.statusCallbackEvent) {
    case "participant-join":
      return `${event.participantLabel ?? event.callSid} joined (muted: ${event.muted})`
    case "participant-leave":
      return `${event.callSid} left: ${event.reasonParticipantLeft}, call ${event.participantCallStatus}`
    case "conference-end":
      return `ended: ${event.reasonConferenceEnded}`
    case "unknown":
      // An event this version does not know: its raw name and every field, kept.
      return `new event ${event.rawStatusCallbackEvent}`
    default:
      return `${event.statusCallbackEvent} #${event.sequenceNumber}`
  }
}
// #endregion

// #region dedupe
// Twilio delivers an event again when the answer is not a 2xx (or comes too late); the
// redelivery has the same conferenceSid and sequenceNumber. Keep the keys you have handled
// (in one process a set; across instances a unique key in your database) and skip repeats.
const onceEach = <E, R>(handle: (event: ConferenceEvent.ConferenceEvent) => Effect.Effect<void, E, R>) =>
  Effect.map(Ref.make(HashSet.empty<string>()), (handled) => (event: ConferenceEvent.ConferenceEvent) => {
    const key = ConferenceEvent.deliveryKey(event)
    return Effect.flatMap(Ref.get(handled), (keys) =>
      HashSet.has(keys, key)
        ? Effect.void
        : Effect.zipRight(handle(event), Ref.update(handled, HashSet.add(key)))
    )
  })
// #endregion

// #region handler
const app = Effect.gen(function* () {
  const handle = yield* onceEach((event) => Effect.log(describeEvent(event)))
  return HttpRouter.empty.pipe(
    // 204 when handled, 403 bad signature, 400 undecodable, 413 over the cap; a failing handler is a 500.
    HttpRouter.post("/twilio/conference", ConferenceWebhook.handler(handle)),
    HttpRouter.post(
      "/twilio/calls",
      CallStatusWebhook.handler((event) => Effect.log(event.callStatus))
    )
  )
})

const Webhooks = WebhookConfig.layer({
  authToken: Redacted.make("current-token"),
  // The origin (and any path prefix the proxy strips) Twilio calls; path and query are appended.
  publicUrl: "https://hooks.example.com",
  maxBodyBytes: 64 * 1024
})
// Or from TWILIO_AUTH_TOKEN, TWILIO_SECONDARY_AUTH_TOKEN and TWILIO_WEBHOOK_URL:
const WebhooksFromEnv = WebhookConfig.layerConfig()

const Server = Layer.unwrapEffect(Effect.map(app, (router) => HttpServer.serve(router))).pipe(
  Layer.provide(Webhooks),
  Layer.provide(NodeHttpServer.layer(createServer, { port: 3000 }))
)

// NodeRuntime.runMain(Layer.launch(Server))
// #endregion

export { answer, checked, NodeRuntime, Server, WebhooksFromEnv }
