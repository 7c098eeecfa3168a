/**
 * Call status callbacks, end to end: `parse` for any web framework, `handler` for
 * `@effect/platform`, `request` for producing Twilio's signed form.
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import { CallStatusEvent } from "./CallStatusEvent.js"
import type * as TwilioSignature from "./TwilioSignature.js"
import * as Webhook from "./Webhook.js"
import type { WebhookConfig } from "./WebhookConfig.js"
import * as WebhookHandler from "./WebhookHandler.js"

const parseEvent = Webhook.parse(CallStatusEvent)

/**
 * The event of one delivery, from the raw body, the full public URL and the signature header;
 * `InvalidSignature` when Twilio did not sign it, `InvalidWebhook` when it does not decode.
 */
export const parse = (
  options: Webhook.ParseOptions
): Effect.Effect<CallStatusEvent, TwilioSignature.InvalidSignature | Webhook.InvalidWebhook> =>
  parseEvent(options).pipe(Effect.withSpan("CallStatusWebhook.parse"))

/** An `HttpApp` that verifies, decodes and hands each call status event to `handle` (see `WebhookHandler.make`). */
export const handler = <E, R>(
  handle: (event: CallStatusEvent) => Effect.Effect<unknown, E, R>
): HttpApp.Default<E, R | WebhookConfig> => WebhookHandler.make(CallStatusEvent, "CallStatusWebhook", handle)

/** The signed request Twilio sends for `event` (for simulators and tests). */
export const request: (
  event: CallStatusEvent,
  options: Webhook.RequestOptions
) => Effect.Effect<Webhook.SignedRequest, ParseResult.ParseError> = Webhook.request(CallStatusEvent)
