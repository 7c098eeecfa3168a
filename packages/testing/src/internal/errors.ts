/**
 * Twilio error codes the simulator answers with, and the JSON error body Twilio uses.
 */
import type { WireResponse } from "./wire.js"

/**
 * The codes in use. Most are Twilio's own for the situation; `InvalidParameter` is the
 * simulator's choice for a value that fails a documented range or enum.
 */
export const Codes = {
  /** 401: credentials missing or wrong, or the path names another account. */
  Authenticate: 20003,
  /** 405: the route exists but not with this method. */
  MethodNotAllowed: 20004,
  /** 404: unknown conference, participant, label or route. */
  NotFound: 20404,
  /** 429: rate limited. */
  TooManyRequests: 20429,
  /** 500: internal error. */
  InternalError: 20500,
  /** 503: service unavailable. */
  Unavailable: 20503,
  /** 400: a parameter value outside its documented range or enum (simulator's choice of code). */
  InvalidParameter: 20001,
  /** 400: a URL parameter that is not an absolute http(s) URL. */
  InvalidUrl: 21205,
  /** 400: `To` missing. */
  MissingTo: 21201,
  /** 400: `From` missing. */
  MissingFrom: 21213,
  /** 400: the conference has no room left (`MaxParticipants`). */
  ConferenceFull: 16020,
  /** 400: the label is too long, looks like a Call SID, or holds a `/`. */
  InvalidLabel: 16023,
  /** 400: another participant of the conference already has this label. */
  LabelInUse: 16025,
  /** 400: the participant to coach is not connected to this conference. */
  CoachTargetAbsent: 16028,
  /** 400: the conference is not active (create against a completed conference SID). */
  ConferenceNotActive: 16099
} as const

/** A refusal before it becomes a response. */
export interface Refusal {
  readonly status: number
  readonly code: number
  readonly message: string
}

/** Builds a refusal. */
export const refuse = (status: number, code: number, message: string): Refusal => ({ status, code, message })

/** Twilio's error body: `{code, message, more_info, status}`. */
export const errorBody = (refusal: Refusal): string =>
  JSON.stringify({
    code: refusal.code,
    message: refusal.message,
    more_info: `https://www.twilio.com/docs/errors/${refusal.code}`,
    status: refusal.status
  })

/** A JSON response (headers other than content type are added by the engine). */
export const json = (status: number, value: unknown, headers: Record<string, string> = {}): WireResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(value)
})

/** A Twilio error response. */
export const errorResponse = (refusal: Refusal, headers: Record<string, string> = {}): WireResponse => ({
  status: refusal.status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: errorBody(refusal)
})

/** An answer with no body (a DELETE's 204). */
export const noContent: WireResponse = {
  status: 204,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: ""
}
