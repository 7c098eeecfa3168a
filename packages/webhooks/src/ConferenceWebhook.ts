/**
 * Conference status callbacks, end to end: `parse` for any web framework, `handler` for
 * `@effect/platform`, `request` for producing Twilio's signed form.
 */
import { ConferenceEvent } from "./ConferenceEvent.js"
import * as Kind from "./internal/kind.js"

const kind = Kind.make(ConferenceEvent, "ConferenceWebhook")

/**
 * The event of one delivery, from the raw body, the full public URL and the signature header;
 * `InvalidSignature` when Twilio did not sign it, `InvalidWebhook` when it does not decode.
 */
export const parse: Kind.Kind<ConferenceEvent>["parse"] = kind.parse

/** An `HttpApp` that verifies, decodes and hands each conference event to `handle` (see `WebhookHandler.make`). */
export const handler: Kind.Kind<ConferenceEvent>["handler"] = kind.handler

/** The signed request Twilio sends for `event` (for simulators and tests). */
export const request: Kind.Kind<ConferenceEvent>["request"] = kind.request
