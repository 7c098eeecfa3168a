/**
 * What every Twilio callback shares: verify the signature, then decode the form with a schema;
 * and the other way, the signed request Twilio would send for an event.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import type { Form } from "./internal/fields.js"
import * as Url from "./internal/url.js"
import * as TwilioSignature from "./TwilioSignature.js"

/** Why a signed request was still refused. */
export const Reason = Schema.Literal("UndecodableBody", "BodyTooLarge", "UnsupportedMethod")
/** Why a signed request was still refused. */
export type Reason = typeof Reason.Type

const MAX_DETAIL = 1000

/** The request is not a callback of the expected kind: its form does not decode, or it cannot be read. */
export class InvalidWebhook extends Schema.TaggedError<InvalidWebhook>()("InvalidWebhook", {
  reason: Reason,
  /** Which callback was expected (`ConferenceEvent`, `CallStatusEvent`). */
  expected: Schema.String,
  /** What was wrong, bounded in length. */
  detail: Schema.String
}) {
  override get message(): string {
    return `Invalid ${this.expected} webhook (${this.reason}): ${this.detail}`
  }
}

/** The HTTP methods Twilio calls a callback URL with. */
export type Method = "POST" | "GET"

/** What `parse` needs from any web framework. */
export interface ParseOptions {
  /** The auth token, or several during a rotation. */
  readonly authToken: TwilioSignature.AuthTokens
  /** The full public URL Twilio called, query string included (not the one a proxy rewrote). */
  readonly url: string
  /** The `X-Twilio-Signature` header. */
  readonly signature: string | null | undefined
  /** The raw body exactly as received (a parsed body loses repeated keys and order). */
  readonly body: string | Uint8Array
  /** `POST` (the default) reads the form from the body; `GET` from the URL's query. */
  readonly method?: Method | undefined
}

const decoder = new TextDecoder()

const text = (body: string | Uint8Array): string => (typeof body === "string" ? body : decoder.decode(body))

/** The form of a POST body, repeated keys as lists. */
export const readForm = (body: string | Uint8Array): Record<string, string | Array<string>> =>
  Url.fromSearchParams(new URLSearchParams(text(body)))

const bounded = (detail: string): string =>
  detail.length <= MAX_DETAIL ? detail : `${detail.slice(0, MAX_DETAIL)}…`

/** Verifies the signature, then decodes the form with `schema`. */
export const parse =
  <A, I extends Form>(schema: Schema.Schema<A, I>) =>
  (options: ParseOptions): Effect.Effect<A, TwilioSignature.InvalidSignature | InvalidWebhook> =>
    Effect.gen(function* () {
      const expected = Option.getOrElse(SchemaAST.getIdentifierAnnotation(schema.ast), () => "Twilio")
      let input: Record<string, string | Array<string>>
      if (options.method === "GET") {
        yield* TwilioSignature.verify({
          authToken: options.authToken,
          url: options.url,
          signature: options.signature
        })
        input = Url.queryParams(options.url)
      } else if (Url.queryParam(options.url, TwilioSignature.BODY_HASH_PARAM) !== undefined) {
        // A JSON body, signed through its hash; a status callback never is one, so it will not decode.
        yield* TwilioSignature.verify({
          authToken: options.authToken,
          url: options.url,
          body: options.body,
          signature: options.signature
        })
        input = readForm(options.body)
      } else {
        input = readForm(options.body)
        yield* TwilioSignature.verify({
          authToken: options.authToken,
          url: options.url,
          params: input,
          signature: options.signature
        })
      }
      return yield* Schema.decodeUnknown(schema)(input, { errors: "first" }).pipe(
        Effect.mapError(
          (error) =>
            new InvalidWebhook({
              reason: "UndecodableBody",
              expected,
              detail: bounded(ParseResult.TreeFormatter.formatErrorSync(error))
            })
        )
      )
    })

/** A callback as Twilio sends it: method, URL, form body and signature. */
export interface SignedRequest {
  readonly method: Method
  /** For a GET, the URL with the form appended as its query. */
  readonly url: string
  /** The form-encoded body (empty for a GET). */
  readonly body: string
  readonly contentType: "application/x-www-form-urlencoded"
  /** The `X-Twilio-Signature` header value. */
  readonly signature: string
}

/** What `request` needs to sign an event. */
export interface RequestOptions {
  readonly authToken: TwilioSignature.AuthToken
  /** The callback URL configured at Twilio. */
  readonly url: string
  readonly method?: Method | undefined
}

/**
 * The request Twilio sends for `event`: the schema's encoded form, form-encoded and signed. This
 * is the direction a simulator needs.
 */
export const request =
  <A, I extends Form>(schema: Schema.Schema<A, I>) =>
  (event: A, options: RequestOptions): Effect.Effect<SignedRequest, ParseResult.ParseError> =>
    Effect.map(Schema.encode(schema)(event), (form) => {
      const query = new URLSearchParams(Object.entries(form)).toString()
      if (options.method === "GET") {
        const url =
          query === "" ? options.url : `${options.url}${options.url.includes("?") ? "&" : "?"}${query}`
        return {
          method: "GET",
          url,
          body: "",
          contentType: "application/x-www-form-urlencoded",
          signature: TwilioSignature.sign({ authToken: options.authToken, url })
        }
      }
      return {
        method: "POST",
        url: options.url,
        body: query,
        contentType: "application/x-www-form-urlencoded",
        signature: TwilioSignature.sign({ authToken: options.authToken, url: options.url, params: form })
      }
    })
