/**
 * Every way a Twilio operation can fail, as one union of tagged errors.
 */
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/** The HTTP methods the Twilio REST API uses for participants. */
export const HttpMethod = Schema.Literal("GET", "POST", "DELETE")
/** The HTTP methods the Twilio REST API uses for participants. */
export type HttpMethod = typeof HttpMethod.Type

/** Where a failed exchange went: the method and the path (never the host, query secrets or headers). */
const Exchange = {
  method: HttpMethod,
  path: Schema.String
}

/** What Twilio's JSON error body says, plus the response's `Twilio-Request-Id`. */
const TwilioBody = {
  status: Schema.Number,
  code: Schema.Number,
  message: Schema.String,
  moreInfo: Schema.optional(Schema.String),
  requestId: Schema.optional(Schema.String)
}

/** How many times the request was sent before this error was reported. */
const Attempts = { attempts: Schema.Number }

/**
 * Set when the failed request was a page of a list: the path and query of that page, to pass to
 * the resource's resume operation (`Participants.listFrom`) so earlier pages are not read again.
 */
const Cursor = { cursor: Schema.optional(Schema.String) }

/** HTTP 404 / Twilio 20404: the participant, label or conference does not exist (or its call has ended). */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  ...Exchange,
  ...Cursor,
  ...TwilioBody
}) {}

/** The conference exists but is not in progress (Twilio 16001, 16099 …): nobody can be added to it. */
export class InactiveConference extends Schema.TaggedError<InactiveConference>()("InactiveConference", {
  ...Exchange,
  ...TwilioBody,
  conference: Schema.String
}) {}

/** HTTP 429 / Twilio 20429, still refused after the retry policy gave up. */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  ...Exchange,
  ...Cursor,
  ...TwilioBody,
  ...Attempts,
  retryAfter: Schema.OptionFromSelf(Schema.DurationFromSelf)
}) {}

/** HTTP 401 / 403: the credentials were refused (Twilio 20003 …) or lack permission. */
export class AuthenticationFailed extends Schema.TaggedError<AuthenticationFailed>()("AuthenticationFailed", {
  ...Exchange,
  ...Cursor,
  ...TwilioBody
}) {}

/** Any other 4xx with a Twilio error body: Twilio understood the request and refused it. */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  ...Exchange,
  ...Cursor,
  ...TwilioBody
}) {}

/** The request failed validation before anything was sent. */
export class InvalidParameters extends Schema.TaggedError<InvalidParameters>()("InvalidParameters", {
  operation: Schema.String,
  message: Schema.String
}) {}

/** HTTP 5xx, still failing after the retry policy gave up (or not retried because a repeat is unsafe). */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", {
  ...Exchange,
  ...Cursor,
  ...Attempts,
  status: Schema.Number,
  code: Schema.optional(Schema.Number),
  /** The `message` of Twilio's JSON error body, when the answer had one. */
  twilioMessage: Schema.optional(Schema.String),
  excerpt: Schema.String,
  requestId: Schema.optional(Schema.String)
}) {
  override get message(): string {
    const said =
      this.twilioMessage !== undefined
        ? `${this.twilioMessage}${this.code === undefined ? "" : ` (Twilio code ${this.code})`}`
        : this.excerpt
    return `Twilio answered ${this.method} ${this.path} with HTTP ${this.status} after ${this.attempts} attempt(s): ${said}`
  }
}

/** No HTTP answer: the connection failed, was reset, or the request timed out. */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  ...Exchange,
  ...Cursor,
  ...Attempts,
  reason: Schema.Literal("Timeout", "Transport"),
  /**
   * The system's name for the cause, when there is one: `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`,
   * `EAI_AGAIN`, `CERT_HAS_EXPIRED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, `UND_ERR_SOCKET` …
   */
  errorCode: Schema.optional(Schema.String),
  /** True when the request provably never left this process (refused connection, DNS or TLS failure). */
  unsent: Schema.optional(Schema.Boolean),
  description: Schema.String
}) {
  override get message(): string {
    return `${this.method} ${this.path} failed after ${this.attempts} attempt(s): ${this.reason.toLowerCase()}: ${this.description}`
  }
}

/**
 * Set when one item of a list page failed to decode: the page after the failed one (when the body
 * named one), so `listFrom(nextCursor)` carries on past it, and which item failed and why.
 */
const BadItem = {
  nextCursor: Schema.optional(Schema.String),
  itemIndex: Schema.optional(Schema.Number),
  itemReason: Schema.optional(Schema.String)
}

/**
 * An answer the SDK cannot read: a 2xx that does not decode, a non-JSON 4xx, a redirect, or a list
 * page whose links cannot be followed (another list, a loop, endless empty pages).
 */
export class UnexpectedResponse extends Schema.TaggedError<UnexpectedResponse>()("UnexpectedResponse", {
  ...Exchange,
  ...Cursor,
  ...BadItem,
  status: Schema.Number,
  description: Schema.String,
  excerpt: Schema.String,
  requestId: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return `Unexpected response to ${this.method} ${this.path} (HTTP ${this.status}): ${this.description}`
  }
}

/**
 * Pacing (see `Pacing`) would have waited longer than its `maxWait` for this request's turn; the
 * request was not sent and, on a first attempt, no slot of the budget was taken.
 */
export class PacingTimeout extends Schema.TaggedError<PacingTimeout>()("PacingTimeout", {
  ...Exchange,
  ...Cursor,
  /** `creates` (the creates-per-second budget) or `requests` (the requests-per-second budget). */
  budget: Schema.Literal("creates", "requests"),
  wait: Schema.DurationFromSelf,
  maxWait: Schema.DurationFromSelf
}) {
  override get message(): string {
    return `${this.method} ${this.path} was not sent: its turn in the ${this.budget} budget is ${Math.ceil(Duration.toMillis(this.wait))} ms away, more than maxWait (${Duration.format(this.maxWait)})`
  }
}

/** The shared pacing store (Redis) could not be reached and pacing is set to fail closed. */
export class PacingUnavailable extends Schema.TaggedError<PacingUnavailable>()("PacingUnavailable", {
  ...Exchange,
  ...Cursor,
  description: Schema.String
}) {
  override get message(): string {
    return `${this.method} ${this.path} was not sent: the pacing store is unavailable (${this.description})`
  }
}

/** Every member of the union, each a `Schema.TaggedError` class. */
const members = [
  NotFound,
  InactiveConference,
  RateLimited,
  AuthenticationFailed,
  InvalidRequest,
  InvalidParameters,
  ServerError,
  TransportError,
  UnexpectedResponse,
  PacingTimeout,
  PacingUnavailable
] as const

/** The union of every failure an operation can report. */
export type TwilioError = InstanceType<(typeof members)[number]>

/** The union of every failure an operation can report. */
export declare namespace TwilioError {
  /** The encoded form of a `TwilioError` (its fields, with `_tag`). */
  export type Encoded = Schema.Schema.Encoded<(typeof members)[number]>
}

/**
 * The union's schema. Built on its first use: a union reads every member's full schema, which a
 * cold start that never encodes or decodes an error should not pay for.
 */
export const TwilioError: Schema.Schema<TwilioError, TwilioError.Encoded> = Schema.suspend(() =>
  Schema.Union(...members)
).annotations({ identifier: "TwilioError" })

/** The failures of one HTTP exchange, before any resource-specific meaning (such as an inactive conference) is given. */
export type HttpError =
  | NotFound
  | RateLimited
  | AuthenticationFailed
  | InvalidRequest
  | ServerError
  | TransportError
  | UnexpectedResponse
  | PacingTimeout
  | PacingUnavailable

const tags = new Set<string>(members.map((member) => member._tag))

/** True for any member of the `TwilioError` union. */
export const isTwilioError = (u: unknown): u is TwilioError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && tags.has(u._tag)

/**
 * `error` again, now naming the list page whose fetch failed, so the caller can resume there.
 * (`message` is spelled out: an error's message is not an enumerable property, so a spread drops it.)
 */
export const withCursor = (error: HttpError, cursor: string): HttpError => {
  switch (error._tag) {
    case "NotFound":
      return new NotFound({ ...error, message: error.message, cursor })
    case "RateLimited":
      return new RateLimited({ ...error, message: error.message, cursor })
    case "AuthenticationFailed":
      return new AuthenticationFailed({ ...error, message: error.message, cursor })
    case "InvalidRequest":
      return new InvalidRequest({ ...error, message: error.message, cursor })
    case "ServerError":
      return new ServerError({ ...error, cursor })
    case "TransportError":
      return new TransportError({ ...error, cursor })
    case "UnexpectedResponse":
      return new UnexpectedResponse({ ...error, cursor })
    case "PacingTimeout":
      return new PacingTimeout({ ...error, cursor })
    case "PacingUnavailable":
      return new PacingUnavailable({ ...error, cursor })
  }
}
