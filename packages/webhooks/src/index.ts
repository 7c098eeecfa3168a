/**
 * @effect-twilio/webhooks: Twilio's request signatures, typed conference and call status
 * callbacks, and handlers for any web framework and for `@effect/platform`.
 */

/** A participant call's status callback as a schema (`CallStatus`, `CallStatusEvent`). */
export * as CallStatusEvent from "./CallStatusEvent.js"
/** Call status callbacks: `parse`, the platform `handler`, the signed `request`. */
export * as CallStatusWebhook from "./CallStatusWebhook.js"
/** A conference status callback as a schema, discriminated by `statusCallbackEvent`. */
export * as ConferenceEvent from "./ConferenceEvent.js"
/** Conference status callbacks: `parse`, the platform `handler`, the signed `request`. */
export * as ConferenceWebhook from "./ConferenceWebhook.js"
/** A conference roster kept current by its status callbacks, reconciled from the REST roster on gaps. */
export * as LiveRoster from "./LiveRoster.js"
/** `X-Twilio-Signature`: `sign`, `verify`, `InvalidSignature`. */
export * as TwilioSignature from "./TwilioSignature.js"
/** What every callback shares: verify then decode, `InvalidWebhook`, signed requests. */
export * as Webhook from "./Webhook.js"
/** The handlers' settings: auth tokens, public URL, body cap. */
export * as WebhookConfig from "./WebhookConfig.js"
/** Any callback schema as an `@effect/platform` `HttpApp`. */
export * as WebhookHandler from "./WebhookHandler.js"
