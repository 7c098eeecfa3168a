/**
 * Parameters of `Participants.update`: camelCase on the Type side, Twilio's PascalCase form fields
 * on the Encoded side. All twelve parameters of `UpdateParticipant` are modelled, plus the same
 * `extraParameters` escape hatch as create.
 */
import * as P from "@effect-twilio/core/RequestParams"
import * as Sid from "@effect-twilio/core/Sid"
import * as Schema from "effect/Schema"
import * as F from "./internal/fields.js"

const URL_TEXT = "an absolute http(s) URL"
const METHOD_TEXT = `"GET" or "POST"`

const url = P.optional(F.HttpUrl, URL_TEXT)
const method = P.optional(F.HttpMethod, METHOD_TEXT)
const flag = P.optional(Schema.Boolean, "true or false")

/** The typed parameters (camelCase), each sent under the PascalCase of its name. */
const fields = () => ({
  /** Mute (`true`) or unmute (`false`) the participant. */
  muted: flag,
  /** Put the participant on hold (`true`) or bring them back (`false`). */
  hold: flag,
  /** Audio or TwiML (Play, Say, Pause, Redirect) played to the participant while on hold. */
  holdUrl: url,
  /** Method for `holdUrl` (Twilio's default: GET). */
  holdMethod: method,
  /** Audio or TwiML played once to this participant as an announcement; makes the update non-repeatable. */
  announceUrl: url,
  /** Method for `announceUrl` (Twilio's default: POST). */
  announceMethod: method,
  /** Audio or TwiML played while the conference has not started; `""` plays nothing. */
  waitUrl: P.optional(F.HttpUrlOrEmpty, `${URL_TEXT} or ""`),
  /** Method for `waitUrl` (GET lets Twilio cache a static file). */
  waitMethod: method,
  /** Beep for the others when this participant leaves. */
  beepOnExit: flag,
  /** Whether the conference ends when this participant leaves. */
  endConferenceOnExit: flag,
  /** Turn coaching on or off; turning it on needs `callSidToCoach`. */
  coaching: flag,
  /** Call SID of the participant to coach (a `CallSid` or a plain string of that shape). */
  callSidToCoach: P.optional(Sid.unbranded("CA"), `"CA" followed by 32 hexadecimal digits`)
})

/**
 * Parameters of `Participants.update`; all optional. Encoding checks URLs, methods, the Call SID
 * pattern and that `coaching: true` comes with `callSidToCoach`. `extraParameters` carries form
 * fields the SDK does not model yet, as on create.
 */
export const UpdateParticipantParams = P.form(fields, {
  identifier: "UpdateParticipantParams",
  wireIdentifier: "UpdateParticipantForm",
  check: F.coachingNeedsTarget
})

/** Parameters of `Participants.update` (camelCase). */
export type UpdateParticipantParams = typeof UpdateParticipantParams.Type

/** The form fields of an update request, as sent (PascalCase). */
export type UpdateParticipantForm = typeof UpdateParticipantParams.Encoded

/**
 * Whether sending the update twice is harmless, so it may be retried after an ambiguous failure.
 * Setting state (mute, hold, coaching …) is; an announcement would play twice, and extra parameters
 * have effects the SDK cannot judge, so either makes the update non-repeatable.
 */
export const isRepeatableUpdate = (params: UpdateParticipantParams): boolean =>
  params.announceUrl === undefined &&
  (params.extraParameters === undefined || Object.keys(params.extraParameters).length === 0)

/**
 * Checks `params` and turns them into form pairs for the POST body; fails with a `ParseError` naming
 * each offending parameter, before any I/O. Accepts loosely typed input from JavaScript callers.
 */
export const encodeUpdateParticipantParams: P.Encoder<UpdateParticipantParams> =
  P.formEncoder(UpdateParticipantParams)
