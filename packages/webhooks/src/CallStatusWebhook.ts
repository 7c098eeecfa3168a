/**
 * Call status callbacks, end to end: `parse` for any web framework, `handler` for
 * `@effect/platform`, `request` for producing Twilio's signed form.
 */
import { CallStatusEvent } from "./CallStatusEvent.js"
import * as Kind from "./internal/kind.js"

const kind = Kind.make(CallStatusEvent, "CallStatusWebhook")

/**
 * The event of one delivery, from the raw body, the full public URL and the signature header;
 * `InvalidSignature` when Twilio did not sign it, `InvalidWebhook` when it does not decode.
 */
export const parse: Kind.Kind<CallStatusEvent>["parse"] = kind.parse

/** An `HttpApp` that verifies, decodes and hands each call status event to `handle` (see `WebhookHandler.make`). */
export const handler: Kind.Kind<CallStatusEvent>["handler"] = kind.handler

/** The signed request Twilio sends for `event` (for simulators and tests). */
export const request: Kind.Kind<CallStatusEvent>["request"] = kind.request
