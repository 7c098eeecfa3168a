/**
 * One kind of callback (conference, call status): its schema bound into `parse`, `handler` and
 * `request`, each with its span.
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import type * as TwilioSignature from "../TwilioSignature.js"
import * as Webhook from "../Webhook.js"
import type { WebhookConfig } from "../WebhookConfig.js"
import * as WebhookHandler from "../WebhookHandler.js"
import type { Form } from "./fields.js"

/** The three entry points of one callback kind. */
export interface Kind<A> {
  readonly parse: (
    options: Webhook.ParseOptions
  ) => Effect.Effect<A, TwilioSignature.InvalidSignature | Webhook.InvalidWebhook>
  readonly handler: <E, R>(
    handle: (event: A) => Effect.Effect<unknown, E, R>
  ) => HttpApp.Default<E, R | WebhookConfig>
  readonly request: (
    event: A,
    options: Webhook.RequestOptions
  ) => Effect.Effect<Webhook.SignedRequest, ParseResult.ParseError>
}

export const make = <A, I extends Form>(schema: Schema.Schema<A, I>, name: string): Kind<A> => {
  const parse = Webhook.parse(schema)
  const request = Webhook.request(schema)
  return {
    parse: (options) => parse(options).pipe(Effect.withSpan(`${name}.parse`)),
    handler: (handle) => WebhookHandler.make(schema, name, handle),
    request: (event, options) => request(event, options).pipe(Effect.withSpan(`${name}.request`))
  }
}
