/**
 * Failures the simulator can stage for the next requests: rate limits, 5xx answers, an HTML
 * error page, a cut-off body, a slow answer, a dropped connection, and "processed, then
 * failed" answers that make a request's outcome ambiguous to the client.
 */
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"

/** A failure the simulator stages instead of (or after) handling a request. */
export type Fault = Data.TaggedEnum<{
  /** HTTP 429 (code 20429) with a `Retry-After` header in whole seconds, when given. */
  RateLimited: { readonly retryAfter: Duration.Duration | undefined }
  /** HTTP 500 (code 20500) or 503 (code 20503) with a Twilio JSON error body. */
  ServerError: { readonly status: 500 | 503 }
  /** HTTP 502 with an HTML page, as a proxy in front of Twilio would send. */
  BadGateway: {}
  /** A 200 whose JSON body stops halfway (on a socket: the connection closes mid-body). */
  TruncatedBody: {}
  /** The connection closes without an answer (in process: a transport failure). */
  Dropped: {}
  /** The answer is held back this long on the Effect clock, then the request is handled normally. */
  Delayed: { readonly duration: Duration.Duration }
  /**
   * The request is handled and its changes kept, but the client gets `failure` instead of
   * the real answer (a 500, a dropped connection, a cut-off or HTML body).
   */
  AppliedThen: { readonly failure: ServerError | BadGateway | TruncatedBody | Dropped }
}>

/** The `ServerError` member. */
export type ServerError = Data.TaggedEnum.Value<Fault, "ServerError">
/** The `BadGateway` member. */
export type BadGateway = Data.TaggedEnum.Value<Fault, "BadGateway">
/** The `TruncatedBody` member. */
export type TruncatedBody = Data.TaggedEnum.Value<Fault, "TruncatedBody">
/** The `Dropped` member. */
export type Dropped = Data.TaggedEnum.Value<Fault, "Dropped">

const F = Data.taggedEnum<Fault>()

/** Answer 429, optionally asking the client to wait (`Retry-After`, in seconds). */
export const rateLimited = (retryAfter?: Duration.DurationInput): Fault =>
  F.RateLimited({ retryAfter: retryAfter === undefined ? undefined : Duration.decode(retryAfter) })

/** Answer 500 with a Twilio error body. */
export const internalError: ServerError = F.ServerError({ status: 500 })

/** Answer 503 with a Twilio error body. */
export const unavailable: ServerError = F.ServerError({ status: 503 })

/** Answer 502 with an HTML page. */
export const badGateway: BadGateway = F.BadGateway()

/** Answer 200 with half a JSON body. */
export const truncatedBody: TruncatedBody = F.TruncatedBody()

/** Close the connection without answering. */
export const dropped: Dropped = F.Dropped()

/** Hold the answer back on the Effect clock (drive it with `TestClock.adjust`). */
export const delayed = (duration: Duration.DurationInput): Fault =>
  F.Delayed({ duration: Duration.decode(duration) })

/** Handle the request for real, then fail the answer: the client cannot tell whether it happened. */
export const appliedThen = (failure: ServerError | BadGateway | TruncatedBody | Dropped): Fault =>
  F.AppliedThen({ failure })

/** Pattern matching over faults. */
export const $match = F.$match

/** Which requests a staged fault applies to. */
export interface Target {
  /** How many matching requests get the fault (default 1). */
  readonly times?: number
  /** Only requests with this method (case-insensitive). */
  readonly method?: string
  /**
   * Only requests whose raw path (percent-encoded, no query) satisfies this: a string matches
   * when the path contains it, a RegExp when it tests true.
   */
  readonly path?: string | RegExp | ((path: string) => boolean)
}
