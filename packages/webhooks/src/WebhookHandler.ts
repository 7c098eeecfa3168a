/**
 * Twilio callbacks as an `@effect/platform` `HttpApp`: read the raw body once (capped), verify
 * the signature against the public URL, decode, run the user's handler, and answer.
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { Form } from "./internal/fields.js"
import * as TwilioSignature from "./TwilioSignature.js"
import * as Webhook from "./Webhook.js"
import { WebhookConfig } from "./WebhookConfig.js"

/** Deliveries by outcome (`accepted`, `forbidden`, `bad_request`, `too_large`, `method_not_allowed`). */
export const deliveries = Metric.counter("effect_twilio_webhook_deliveries", {
  description: "Twilio webhook deliveries received, by outcome",
  incremental: true
})

const count = (kind: string, outcome: string) =>
  Metric.increment(Metric.tagged(Metric.tagged(deliveries, "webhook", kind), "outcome", outcome))

const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i

/**
 * The URL Twilio called: the configured public URL followed by the request's path and query;
 * without one, the request's own URL (web runtimes give an absolute one; Node gives the path, to
 * which `http://` and the `Host` header are put in front).
 */
export const publicUrlOf = (
  request: HttpServerRequest.HttpServerRequest,
  publicUrl: Option.Option<string>
): string => {
  const raw = request.originalUrl
  const origin = ORIGIN.exec(raw)?.[0]
  const rest = origin === undefined ? raw : raw.slice(origin.length)
  const path = rest.startsWith("/") ? rest : `/${rest}`
  return Option.match(publicUrl, {
    onSome: (base) => base + path,
    onNone: () =>
      origin !== undefined ? origin + path : `http://${request.headers.host ?? "localhost"}${path}`
  })
}

const tooLarge = (expected: string, max: number) =>
  new Webhook.InvalidWebhook({
    reason: "BodyTooLarge",
    expected,
    detail: `the body is larger than ${max} bytes`
  })

/** Reads the body once, refusing (without buffering) one longer than `max` bytes. */
const readBody = (request: HttpServerRequest.HttpServerRequest, max: number, expected: string) =>
  Effect.gen(function* () {
    const declared = Number(request.headers["content-length"] ?? "0")
    if (declared > max) return yield* Effect.fail(tooLarge(expected, max))
    const read = yield* request.stream.pipe(
      Stream.runFoldWhile(
        { size: 0, parts: [] as Array<Uint8Array> },
        (state) => state.size <= max,
        (state, chunk) => {
          state.parts.push(chunk)
          return { size: state.size + chunk.length, parts: state.parts }
        }
      ),
      Effect.mapError(
        (error) => new Webhook.InvalidWebhook({ reason: "UndecodableBody", expected, detail: error.message })
      )
    )
    if (read.size > max) return yield* Effect.fail(tooLarge(expected, max))
    return Buffer.concat(read.parts)
  })

const STATUS: Record<Webhook.Reason, number> = {
  UndecodableBody: 400,
  BodyTooLarge: 413,
  UnsupportedMethod: 405
}
const OUTCOME: Record<Webhook.Reason, string> = {
  UndecodableBody: "bad_request",
  BodyTooLarge: "too_large",
  UnsupportedMethod: "method_not_allowed"
}

/**
 * An `HttpApp` for callbacks decoded by `schema`: 204 once `handle` succeeds, 403 for a bad
 * signature, 400 for a body that does not decode, 413 for one over the cap, 405 for a method
 * Twilio does not use. A failure of `handle` is left to the server (a 500), so Twilio retries.
 */
export const make = <A, I extends Form, E, R>(
  schema: Schema.Schema<A, I>,
  kind: string,
  handle: (event: A) => Effect.Effect<unknown, E, R>
): HttpApp.Default<E, R | WebhookConfig> =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const config = yield* WebhookConfig
    const url = publicUrlOf(request, config.publicUrl)
    const method = request.method
    const event = yield* Effect.gen(function* () {
      if (method !== "POST" && method !== "GET") {
        return yield* Effect.fail(
          new Webhook.InvalidWebhook({
            reason: "UnsupportedMethod",
            expected: kind,
            detail: `method ${method}`
          })
        )
      }
      const body = method === "POST" ? yield* readBody(request, config.maxBodyBytes, kind) : ""
      return yield* Webhook.parse(schema)({
        authToken: config.authTokens,
        url,
        signature: request.headers[TwilioSignature.HEADER],
        body,
        method
      })
    }).pipe(Effect.either)
    if (event._tag === "Left") {
      const error = event.left
      yield* Effect.logWarning(error.message)
      if (error._tag === "InvalidSignature") {
        yield* count(kind, "forbidden")
        return HttpServerResponse.text("invalid signature", { status: 403 })
      }
      yield* count(kind, OUTCOME[error.reason])
      return HttpServerResponse.text(error.reason, { status: STATUS[error.reason] })
    }
    yield* handle(event.right)
    yield* count(kind, "accepted")
    return HttpServerResponse.empty({ status: 204 })
  }).pipe(Effect.withSpan(`${kind}.handler`, { kind: "server" }))
