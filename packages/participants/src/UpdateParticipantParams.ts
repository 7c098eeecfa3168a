/**
 * Parameters of `Participants.update`: camelCase on the Type side, Twilio's PascalCase form fields
 * on the Encoded side. All twelve parameters of `UpdateParticipant` are modelled, plus the same
 * `extraParameters` escape hatch as create.
 */
import type * as UrlParams from "@effect/platform/UrlParams"
import type * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as F from "./internal/fields.js"
import { makeFormEncoder } from "./internal/formEncoder.js"

const URL_TEXT = "an absolute http(s) URL"
const METHOD_TEXT = `"GET" or "POST"`

const url = (field: string) => F.optional(field, F.HttpUrl, URL_TEXT)
const method = (field: string) => F.optional(field, F.HttpMethod, METHOD_TEXT)
const flag = (field: string) => F.optional(field, Schema.Boolean, "true or false")

const TypedFields = Schema.Struct({
  /** Mute (`true`) or unmute (`false`) the participant. */
  muted: flag("muted").pipe(Schema.fromKey("Muted")),
  /** Put the participant on hold (`true`) or bring them back (`false`). */
  hold: flag("hold").pipe(Schema.fromKey("Hold")),
  /** Audio or TwiML (Play, Say, Pause, Redirect) played to the participant while on hold. */
  holdUrl: url("holdUrl").pipe(Schema.fromKey("HoldUrl")),
  /** Method for `holdUrl` (Twilio's default: GET). */
  holdMethod: method("holdMethod").pipe(Schema.fromKey("HoldMethod")),
  /** Audio or TwiML played once to this participant as an announcement; makes the update non-repeatable. */
  announceUrl: url("announceUrl").pipe(Schema.fromKey("AnnounceUrl")),
  /** Method for `announceUrl` (Twilio's default: POST). */
  announceMethod: method("announceMethod").pipe(Schema.fromKey("AnnounceMethod")),
  /** Audio or TwiML played while the conference has not started; `""` plays nothing. */
  waitUrl: F.optional("waitUrl", F.HttpUrlOrEmpty, `${URL_TEXT} or ""`).pipe(Schema.fromKey("WaitUrl")),
  /** Method for `waitUrl` (GET lets Twilio cache a static file). */
  waitMethod: method("waitMethod").pipe(Schema.fromKey("WaitMethod")),
  /** Beep for the others when this participant leaves. */
  beepOnExit: flag("beepOnExit").pipe(Schema.fromKey("BeepOnExit")),
  /** Whether the conference ends when this participant leaves. */
  endConferenceOnExit: flag("endConferenceOnExit").pipe(Schema.fromKey("EndConferenceOnExit")),
  /** Turn coaching on or off; turning it on needs `callSidToCoach`. */
  coaching: flag("coaching").pipe(Schema.fromKey("Coaching")),
  /** Call SID of the participant to coach (a `CallSid` or a plain string of that shape). */
  callSidToCoach: F.optional(
    "callSidToCoach",
    F.sidPattern("CA"),
    `"CA" followed by 32 hexadecimal digits`
  ).pipe(Schema.fromKey("CallSidToCoach")),
  /**
   * Form parameters the SDK does not model yet, appended as they are (PascalCase names; arrays repeat
   * the key). Naming a typed parameter is an error.
   */
  extraParameters: F.optionalExtraParameters
})

const Form = Schema.Struct(
  {
    Muted: Schema.optional(Schema.Boolean),
    Hold: Schema.optional(Schema.Boolean),
    HoldUrl: Schema.optional(Schema.String),
    HoldMethod: Schema.optional(Schema.String),
    AnnounceUrl: Schema.optional(Schema.String),
    AnnounceMethod: Schema.optional(Schema.String),
    WaitUrl: Schema.optional(Schema.String),
    WaitMethod: Schema.optional(Schema.String),
    BeepOnExit: Schema.optional(Schema.Boolean),
    EndConferenceOnExit: Schema.optional(Schema.Boolean),
    Coaching: Schema.optional(Schema.Boolean),
    CallSidToCoach: Schema.optional(Schema.String)
  },
  Schema.Record({ key: Schema.String, value: F.WireValue })
).annotations({ identifier: "UpdateParticipantForm" })

/**
 * Parameters of `Participants.update`; all optional. Encoding checks URLs, methods, the Call SID
 * pattern and that `coaching: true` comes with `callSidToCoach`.
 */
export const UpdateParticipantParams = F.formWithExtras(Form, TypedFields, "UpdateParticipantParams")

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
export const encodeUpdateParticipantParams: (
  params: UpdateParticipantParams
) => Either.Either<UrlParams.UrlParams, ParseResult.ParseError> = makeFormEncoder(UpdateParticipantParams)
