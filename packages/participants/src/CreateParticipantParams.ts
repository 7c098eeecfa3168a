/**
 * Parameters of `Participants.create`: camelCase on the Type side, Twilio's PascalCase form fields
 * on the Encoded side. Every parameter of the `CreateParticipant` operation is modelled and checked
 * before any request is sent.
 *
 * Policies:
 * - Closed enums (beep, trims, recording settings, events, methods …) accept only documented values.
 * - `region` is open: the documented regions are typed literals, and a region Twilio adds later can
 *   still be sent as any lower-case code shaped like `xx1` (letters then digits).
 * - `machineDetection` accepts the documented `Enable` / `DetectMessageEnd` and their lower-case
 *   spellings, which Twilio's own examples send; the value reaches the form as given.
 * - `extraParameters` is the escape hatch for form fields the SDK does not model yet: PascalCase keys,
 *   appended to the form as they are. A key naming a typed parameter is rejected, pointing to its field.
 */
import type * as UrlParams from "@effect/platform/UrlParams"
import * as P from "@effect-twilio/core/RequestParams"
import * as Sid from "@effect-twilio/core/Sid"
import type * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as F from "./internal/fields.js"

/** The HTTP method Twilio uses to call one of your URLs. */
export const CallbackMethod = F.HttpMethod
/** The HTTP method Twilio uses to call one of your URLs. */
export type CallbackMethod = typeof CallbackMethod.Type

/** When the conference beeps for this participant: always (`true`), never, on entry or on exit only. */
export const BeepSetting = Schema.Union(Schema.Boolean, Schema.Literal("true", "false", "onEnter", "onExit"))
/** When the conference beeps for this participant. */
export type BeepSetting = typeof BeepSetting.Type

/** Whether and from when the conference being joined is recorded. */
export const ConferenceRecordSetting = Schema.Union(
  Schema.Boolean,
  Schema.Literal("true", "false", "record-from-start", "do-not-record")
)
/** Whether and from when the conference being joined is recorded. */
export type ConferenceRecordSetting = typeof ConferenceRecordSetting.Type

/** Whether silence at both ends of a recording is cut. */
export const TrimSetting = Schema.Literal("trim-silence", "do-not-trim")
/** Whether silence at both ends of a recording is cut. */
export type TrimSetting = typeof TrimSetting.Type

/** One mixed channel or one channel per side. */
export const RecordingChannels = Schema.Literal("mono", "dual")
/** One mixed channel or one channel per side. */
export type RecordingChannels = typeof RecordingChannels.Type

/** How much audio Twilio buffers against jitter before mixing the participant in. */
export const JitterBufferSize = Schema.Literal("off", "small", "medium", "large")
/** How much audio Twilio buffers against jitter. */
export type JitterBufferSize = typeof JitterBufferSize.Type

/** Which direction of the call's audio is recorded. */
export const RecordingTrack = Schema.Literal("inbound", "outbound", "both")
/** Which direction of the call's audio is recorded. */
export type RecordingTrack = typeof RecordingTrack.Type

/** Answering-machine detection mode, documented spelling or lower case (as Twilio's examples send it). */
export const MachineDetectionMode = Schema.Literal("Enable", "DetectMessageEnd", "enable", "detectmessageend")
/** Answering-machine detection mode. */
export type MachineDetectionMode = typeof MachineDetectionMode.Type

/** The mixing regions documented today. */
export const KnownConferenceRegion = Schema.Literal("us1", "us2", "ie1", "de1", "sg1", "br1", "au1", "jp1")
/** The mixing regions documented today. */
export type KnownConferenceRegion = typeof KnownConferenceRegion.Type

/** A mixing region: a documented one, or any code shaped like one (letters then digits) for regions added later. */
export const ConferenceRegion = Schema.Union(
  KnownConferenceRegion,
  F.OpenString.pipe(Schema.pattern(/^[a-z]{2}\d{1,2}$/))
)
/** A mixing region. */
export type ConferenceRegion = typeof ConferenceRegion.Type

/** Call progress events that can be reported to `statusCallback`. */
export const StatusCallbackEvent = Schema.Literal("initiated", "ringing", "answered", "completed")
/** Call progress events that can be reported to `statusCallback`. */
export type StatusCallbackEvent = typeof StatusCallbackEvent.Type

/** Conference events that can be reported to `conferenceStatusCallback`. */
export const ConferenceStatusCallbackEvent = Schema.Literal(
  "start",
  "end",
  "join",
  "leave",
  "mute",
  "hold",
  "modify",
  "speaker",
  "announcement"
)
/** Conference events that can be reported to `conferenceStatusCallback`. */
export type ConferenceStatusCallbackEvent = typeof ConferenceStatusCallbackEvent.Type

/** Participant recording events that can be reported to `recordingStatusCallback`. */
export const RecordingStatusCallbackEvent = Schema.Literal(
  "started",
  "in-progress",
  "paused",
  "resumed",
  "stopped",
  "completed",
  "failed",
  "absent"
)
/** Participant recording events that can be reported to `recordingStatusCallback`. */
export type RecordingStatusCallbackEvent = typeof RecordingStatusCallbackEvent.Type

/** Conference recording events that can be reported to `conferenceRecordingStatusCallback`. */
export const ConferenceRecordingStatusCallbackEvent = Schema.Literal(
  "in-progress",
  "completed",
  "failed",
  "absent"
)
/** Conference recording events that can be reported to `conferenceRecordingStatusCallback`. */
export type ConferenceRecordingStatusCallbackEvent = typeof ConferenceRecordingStatusCallbackEvent.Type

/** Extra form parameters for fields the SDK does not model yet (PascalCase names). */
export const ExtraParameters = P.ExtraParameters
/** Extra form parameters for fields the SDK does not model yet. */
export type ExtraParameters = P.ExtraParameters

const URL_TEXT = "an absolute http(s) URL"
const METHOD_TEXT = `"GET" or "POST"`
const SID_CA = `"CA" followed by 32 hexadecimal digits`

const list = (values: ReadonlyArray<string>) => values.join(", ")
const eventsText = (schema: { readonly literals: ReadonlyArray<string> }) =>
  `an array of events among ${list(schema.literals)}`

const url = P.optional(F.HttpUrl, URL_TEXT)
const method = P.optional(CallbackMethod, METHOD_TEXT)
const flag = P.optional(Schema.Boolean, "true or false")

/** The typed parameters (camelCase), each sent under the PascalCase of its name. */
const fields = () => ({
  /** Caller ID shown to the callee: a phone number, `client:name`, or the SIP user for a `sip:` callee. */
  from: P.required(F.Endpoint, "a non-empty endpoint"),
  /**
   * Who to call: a phone number (E.164 or local form), `client:name`, `sip:user@host` or `app:AP…`.
   * Client, SIP and app endpoints may carry custom parameters as a query string
   * (`client:alice?team=blue`); the value is sent untouched.
   */
  to: P.required(F.Endpoint, "a non-empty endpoint"),
  /** Your URL that receives the call progress events chosen in `statusCallbackEvent`. */
  statusCallback: url,
  /** Method for `statusCallback` (Twilio's default: POST). */
  statusCallbackMethod: method,
  /** Which call progress events reach `statusCallback`; each one is sent as its own form value. */
  statusCallbackEvent: P.optional(Schema.Array(StatusCallbackEvent), eventsText(StatusCallbackEvent)),
  /** A name for the participant, unique in its conference, usable instead of the Call SID afterwards. */
  label: P.optional(Schema.String, "a string"),
  /** Seconds to let the callee's phone ring before giving up, 5 to 600 (Twilio's default: 60). */
  timeout: P.optional(F.intBetween(5, 600), "a whole number of seconds from 5 to 600"),
  /** Record this participant's call, across conferences. */
  record: flag,
  /** Join muted. */
  muted: flag,
  /** Beep for the others when this participant joins and/or leaves. */
  beep: P.optional(BeepSetting, `true, false, "true", "false", "onEnter" or "onExit"`),
  /** Whether this participant's arrival starts a conference that is waiting (Twilio's default: true). */
  startConferenceOnEnter: flag,
  /** Whether the conference ends when this participant leaves. */
  endConferenceOnExit: flag,
  /** Audio (or TwiML) to play while the conference has not started; `""` plays nothing. */
  waitUrl: P.optional(F.HttpUrlOrEmpty, `${URL_TEXT} or ""`),
  /** Method for `waitUrl` (GET lets Twilio cache a static file). */
  waitMethod: method,
  /** Let the participant hear the outbound call's ringing and early announcements. */
  earlyMedia: flag,
  /** Largest number of participants the conference admits, 2 to 250. */
  maxParticipants: P.optional(F.intBetween(2, 250), "a whole number from 2 to 250"),
  /** Whether and from when the conference is recorded. */
  conferenceRecord: P.optional(
    ConferenceRecordSetting,
    `true, false, "true", "false", "record-from-start" or "do-not-record"`
  ),
  /** Whether silence is trimmed from the conference recording. */
  conferenceTrim: P.optional(TrimSetting, `"trim-silence" or "do-not-trim"`),
  /** Your URL for conference events; only the first participant's value counts. */
  conferenceStatusCallback: url,
  /** Method for `conferenceStatusCallback`. */
  conferenceStatusCallbackMethod: method,
  /** Which conference events reach `conferenceStatusCallback`. */
  conferenceStatusCallbackEvent: P.optional(
    Schema.Array(ConferenceStatusCallbackEvent),
    eventsText(ConferenceStatusCallbackEvent)
  ),
  /** Channel layout of the final recording. */
  recordingChannels: P.optional(RecordingChannels, `"mono" or "dual"`),
  /** Your URL told about this participant's recording progress. */
  recordingStatusCallback: url,
  /** Method for `recordingStatusCallback`. */
  recordingStatusCallbackMethod: method,
  /** User name for SIP digest authentication of a `sip:` callee. */
  sipAuthUsername: P.optional(Schema.String, "a string"),
  /**
   * Password for SIP digest authentication: a plain string or a `Redacted` one. A plain string is
   * wrapped in `Redacted` on entry, so it never shows in logs, errors or renderings of the params.
   */
  sipAuthPassword: P.optional(
    Schema.Union(Schema.Redacted(Schema.String), Schema.String),
    "a string or a Redacted string",
    // Never echo the value.
    { secret: true }
  ),
  /** Where the conference audio is mixed. */
  region: P.optional(
    ConferenceRegion,
    `one of ${list(KnownConferenceRegion.literals)} (or a newer code such as "xx1")`
  ),
  /** Your URL told when the conference recording is ready. */
  conferenceRecordingStatusCallback: url,
  /** Method for `conferenceRecordingStatusCallback`. */
  conferenceRecordingStatusCallbackMethod: method,
  /** Which participant recording events reach `recordingStatusCallback`. */
  recordingStatusCallbackEvent: P.optional(
    Schema.Array(RecordingStatusCallbackEvent),
    eventsText(RecordingStatusCallbackEvent)
  ),
  /** Which conference recording events reach `conferenceRecordingStatusCallback`. */
  conferenceRecordingStatusCallbackEvent: P.optional(
    Schema.Array(ConferenceRecordingStatusCallbackEvent),
    eventsText(ConferenceRecordingStatusCallbackEvent)
  ),
  /** Join as a coach, heard only by the participant in `callSidToCoach` (which must then be set). */
  coaching: flag,
  /** Call SID of the participant this one coaches; setting it alone makes Twilio default `coaching` to true. */
  callSidToCoach: P.optional(Sid.unbranded("CA"), SID_CA),
  /** Jitter buffering applied to the participant's audio before mixing. */
  jitterBufferSize: P.optional(JitterBufferSize, `"off", "small", "medium" or "large"`),
  /** BYOC trunk to route a phone-number callee through (ignored for other endpoints). */
  byoc: P.optional(Sid.unbranded("BY"), `"BY" followed by 32 hexadecimal digits`),
  /** Caller ID for the outbound leg (like `from`; for SIP callees it fills the From header's user). */
  callerId: P.optional(F.Endpoint, "a non-empty endpoint"),
  /** Purpose of the call, shown on the callee's phone where branded calling applies. */
  callReason: P.optional(Schema.String, "a string"),
  /** Which direction of the call's audio is recorded. */
  recordingTrack: P.optional(RecordingTrack, `"inbound", "outbound" or "both"`),
  /** Longest the call may last, in seconds (limits depend on the account). */
  timeLimit: P.optional(F.intAtLeast(1), "a positive whole number of seconds"),
  /** Detect whether a person, a machine or a fax answers. */
  machineDetection: P.optional(
    MachineDetectionMode,
    `"Enable" or "DetectMessageEnd" (or the same in lower case)`
  ),
  /** Seconds answering-machine detection may take before giving up (Twilio's default: 30). */
  machineDetectionTimeout: P.optional(F.intAtLeast(1), "a positive whole number of seconds"),
  /** Speech shorter than this many milliseconds counts as a person, longer as a machine: 1000 to 6000. */
  machineDetectionSpeechThreshold: P.optional(
    F.intBetween(1000, 6000),
    "a whole number of milliseconds from 1000 to 6000"
  ),
  /** Milliseconds of silence that end a stretch of speech: 500 to 5000. */
  machineDetectionSpeechEndThreshold: P.optional(
    F.intBetween(500, 5000),
    "a whole number of milliseconds from 500 to 5000"
  ),
  /** Milliseconds of silence at the start after which detection answers `unknown`: 2000 to 10000. */
  machineDetectionSilenceTimeout: P.optional(
    F.intBetween(2000, 10000),
    "a whole number of milliseconds from 2000 to 10000"
  ),
  /** Your URL that receives the detection result asynchronously. */
  amdStatusCallback: url,
  /** Method for `amdStatusCallback`. */
  amdStatusCallbackMethod: method,
  /** Whether silence is trimmed from this participant's recording. */
  trim: P.optional(TrimSetting, `"trim-silence" or "do-not-trim"`),
  /** Token of an incoming call, so a forwarded call can keep the original caller ID. */
  callToken: P.optional(Schema.String, "a string"),
  /** Your URL that receives push call notifications. */
  clientNotificationUrl: url,
  /** Display name in the SIP From header, 2 to 255 characters (SIP callees only). */
  callerDisplayName: P.optional(
    Schema.String.pipe(Schema.minLength(2), Schema.maxLength(255)),
    "a string of 2 to 255 characters"
  )
})

/**
 * Parameters of `Participants.create`. `from` and `to` are required; everything else is optional
 * and left to Twilio's defaults when absent. Encoding checks every documented range, enum, SID
 * pattern and URL, plus `coaching: true` requiring `callSidToCoach`. `extraParameters` carries form
 * fields the SDK does not model yet (PascalCase names, appended as they are; naming a typed
 * parameter is an error).
 */
export const CreateParticipantParams = P.form(fields, {
  identifier: "CreateParticipantParams",
  wireIdentifier: "CreateParticipantForm",
  check: F.coachingNeedsTarget
})

/** Parameters of `Participants.create` (camelCase). */
export type CreateParticipantParams = typeof CreateParticipantParams.Type

/** The form fields of a create request, as sent (PascalCase). */
export type CreateParticipantForm = typeof CreateParticipantParams.Encoded

const encodeForm = P.formEncoder(CreateParticipantParams)

/** The params with a plain-string `sipAuthPassword` wrapped in `Redacted`, before anything else reads them. */
const redactOnEntry = (params: CreateParticipantParams): CreateParticipantParams =>
  Predicate.isRecord(params) && typeof params.sipAuthPassword === "string"
    ? { ...params, sipAuthPassword: Redacted.make(params.sipAuthPassword) }
    : params

/**
 * Checks `params` and turns them into form pairs for the POST body; fails with a `ParseError` naming
 * each offending parameter, before any I/O. Accepts loosely typed input from JavaScript callers. A
 * plain-string `sipAuthPassword` is redacted first, so no error can carry it.
 */
export const encodeCreateParticipantParams = (
  params: CreateParticipantParams
): Either.Either<UrlParams.UrlParams, ParseResult.ParseError> => encodeForm(redactOnEntry(params))
