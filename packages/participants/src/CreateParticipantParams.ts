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
import type * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as F from "./internal/fields.js"
import { makeFormEncoder } from "./internal/formEncoder.js"

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
export const ExtraParameters = F.ExtraParameters
/** Extra form parameters for fields the SDK does not model yet. */
export type ExtraParameters = F.ExtraParameters

const URL_TEXT = "an absolute http(s) URL"
const METHOD_TEXT = `"GET" or "POST"`
const SID_CA = `"CA" followed by 32 hexadecimal digits`

const list = (values: ReadonlyArray<string>) => values.join(", ")
const eventsText = (schema: { readonly literals: ReadonlyArray<string> }) =>
  `an array of events among ${list(schema.literals)}`

const url = (field: string) => F.optional(field, F.HttpUrl, URL_TEXT)
const method = (field: string) => F.optional(field, CallbackMethod, METHOD_TEXT)
const flag = (field: string) => F.optional(field, Schema.Boolean, "true or false")

/** The typed parameters (camelCase), each renamed to its form field. */
const TypedFields = Schema.Struct({
  /** Caller ID shown to the callee: a phone number, `client:name`, or the SIP user for a `sip:` callee. */
  from: F.required("from", F.Endpoint, "a non-empty endpoint").pipe(Schema.fromKey("From")),
  /**
   * Who to call: a phone number (E.164 or local form), `client:name`, `sip:user@host` or `app:AP…`.
   * Client, SIP and app endpoints may carry custom parameters as a query string
   * (`client:alice?team=blue`); the value is sent untouched.
   */
  to: F.required("to", F.Endpoint, "a non-empty endpoint").pipe(Schema.fromKey("To")),
  /** Your URL that receives the call progress events chosen in `statusCallbackEvent`. */
  statusCallback: url("statusCallback").pipe(Schema.fromKey("StatusCallback")),
  /** Method for `statusCallback` (Twilio's default: POST). */
  statusCallbackMethod: method("statusCallbackMethod").pipe(Schema.fromKey("StatusCallbackMethod")),
  /** Which call progress events reach `statusCallback`; each one is sent as its own form value. */
  statusCallbackEvent: F.optional(
    "statusCallbackEvent",
    Schema.Array(StatusCallbackEvent),
    eventsText(StatusCallbackEvent)
  ).pipe(Schema.fromKey("StatusCallbackEvent")),
  /** A name for the participant, unique in its conference, usable instead of the Call SID afterwards. */
  label: F.optional("label", Schema.String, "a string").pipe(Schema.fromKey("Label")),
  /** Seconds to let the callee's phone ring before giving up, 5 to 600 (Twilio's default: 60). */
  timeout: F.optional("timeout", F.intBetween(5, 600), "a whole number of seconds from 5 to 600").pipe(
    Schema.fromKey("Timeout")
  ),
  /** Record this participant's call, across conferences. */
  record: flag("record").pipe(Schema.fromKey("Record")),
  /** Join muted. */
  muted: flag("muted").pipe(Schema.fromKey("Muted")),
  /** Beep for the others when this participant joins and/or leaves. */
  beep: F.optional("beep", BeepSetting, `true, false, "true", "false", "onEnter" or "onExit"`).pipe(
    Schema.fromKey("Beep")
  ),
  /** Whether this participant's arrival starts a conference that is waiting (Twilio's default: true). */
  startConferenceOnEnter: flag("startConferenceOnEnter").pipe(Schema.fromKey("StartConferenceOnEnter")),
  /** Whether the conference ends when this participant leaves. */
  endConferenceOnExit: flag("endConferenceOnExit").pipe(Schema.fromKey("EndConferenceOnExit")),
  /** Audio (or TwiML) to play while the conference has not started; `""` plays nothing. */
  waitUrl: F.optional("waitUrl", F.HttpUrlOrEmpty, `${URL_TEXT} or ""`).pipe(Schema.fromKey("WaitUrl")),
  /** Method for `waitUrl` (GET lets Twilio cache a static file). */
  waitMethod: method("waitMethod").pipe(Schema.fromKey("WaitMethod")),
  /** Let the participant hear the outbound call's ringing and early announcements. */
  earlyMedia: flag("earlyMedia").pipe(Schema.fromKey("EarlyMedia")),
  /** Largest number of participants the conference admits, 2 to 250. */
  maxParticipants: F.optional("maxParticipants", F.intBetween(2, 250), "a whole number from 2 to 250").pipe(
    Schema.fromKey("MaxParticipants")
  ),
  /** Whether and from when the conference is recorded. */
  conferenceRecord: F.optional(
    "conferenceRecord",
    ConferenceRecordSetting,
    `true, false, "true", "false", "record-from-start" or "do-not-record"`
  ).pipe(Schema.fromKey("ConferenceRecord")),
  /** Whether silence is trimmed from the conference recording. */
  conferenceTrim: F.optional("conferenceTrim", TrimSetting, `"trim-silence" or "do-not-trim"`).pipe(
    Schema.fromKey("ConferenceTrim")
  ),
  /** Your URL for conference events; only the first participant's value counts. */
  conferenceStatusCallback: url("conferenceStatusCallback").pipe(Schema.fromKey("ConferenceStatusCallback")),
  /** Method for `conferenceStatusCallback`. */
  conferenceStatusCallbackMethod: method("conferenceStatusCallbackMethod").pipe(
    Schema.fromKey("ConferenceStatusCallbackMethod")
  ),
  /** Which conference events reach `conferenceStatusCallback`. */
  conferenceStatusCallbackEvent: F.optional(
    "conferenceStatusCallbackEvent",
    Schema.Array(ConferenceStatusCallbackEvent),
    eventsText(ConferenceStatusCallbackEvent)
  ).pipe(Schema.fromKey("ConferenceStatusCallbackEvent")),
  /** Channel layout of the final recording. */
  recordingChannels: F.optional("recordingChannels", RecordingChannels, `"mono" or "dual"`).pipe(
    Schema.fromKey("RecordingChannels")
  ),
  /** Your URL told about this participant's recording progress. */
  recordingStatusCallback: url("recordingStatusCallback").pipe(Schema.fromKey("RecordingStatusCallback")),
  /** Method for `recordingStatusCallback`. */
  recordingStatusCallbackMethod: method("recordingStatusCallbackMethod").pipe(
    Schema.fromKey("RecordingStatusCallbackMethod")
  ),
  /** User name for SIP digest authentication of a `sip:` callee. */
  sipAuthUsername: F.optional("sipAuthUsername", Schema.String, "a string").pipe(
    Schema.fromKey("SipAuthUsername")
  ),
  /**
   * Password for SIP digest authentication: a plain string or a `Redacted` one. A plain string is
   * wrapped in `Redacted` on entry, so it never shows in logs, errors or renderings of the params.
   */
  sipAuthPassword: Schema.optionalWith(
    Schema.UndefinedOr(Schema.Union(Schema.Redacted(Schema.String), Schema.String)).annotations({
      // Never echo the value: it is a secret.
      message: () => ({ message: "sipAuthPassword must be a string or a Redacted string", override: true })
    }),
    { exact: true }
  ).pipe(Schema.fromKey("SipAuthPassword")),
  /** Where the conference audio is mixed. */
  region: F.optional(
    "region",
    ConferenceRegion,
    `one of ${list(KnownConferenceRegion.literals)} (or a newer code such as "xx1")`
  ).pipe(Schema.fromKey("Region")),
  /** Your URL told when the conference recording is ready. */
  conferenceRecordingStatusCallback: url("conferenceRecordingStatusCallback").pipe(
    Schema.fromKey("ConferenceRecordingStatusCallback")
  ),
  /** Method for `conferenceRecordingStatusCallback`. */
  conferenceRecordingStatusCallbackMethod: method("conferenceRecordingStatusCallbackMethod").pipe(
    Schema.fromKey("ConferenceRecordingStatusCallbackMethod")
  ),
  /** Which participant recording events reach `recordingStatusCallback`. */
  recordingStatusCallbackEvent: F.optional(
    "recordingStatusCallbackEvent",
    Schema.Array(RecordingStatusCallbackEvent),
    eventsText(RecordingStatusCallbackEvent)
  ).pipe(Schema.fromKey("RecordingStatusCallbackEvent")),
  /** Which conference recording events reach `conferenceRecordingStatusCallback`. */
  conferenceRecordingStatusCallbackEvent: F.optional(
    "conferenceRecordingStatusCallbackEvent",
    Schema.Array(ConferenceRecordingStatusCallbackEvent),
    eventsText(ConferenceRecordingStatusCallbackEvent)
  ).pipe(Schema.fromKey("ConferenceRecordingStatusCallbackEvent")),
  /** Join as a coach, heard only by the participant in `callSidToCoach` (which must then be set). */
  coaching: flag("coaching").pipe(Schema.fromKey("Coaching")),
  /** Call SID of the participant this one coaches; setting it alone makes Twilio default `coaching` to true. */
  callSidToCoach: F.optional("callSidToCoach", F.sidPattern("CA"), SID_CA).pipe(
    Schema.fromKey("CallSidToCoach")
  ),
  /** Jitter buffering applied to the participant's audio before mixing. */
  jitterBufferSize: F.optional(
    "jitterBufferSize",
    JitterBufferSize,
    `"off", "small", "medium" or "large"`
  ).pipe(Schema.fromKey("JitterBufferSize")),
  /** BYOC trunk to route a phone-number callee through (ignored for other endpoints). */
  byoc: F.optional("byoc", F.sidPattern("BY"), `"BY" followed by 32 hexadecimal digits`).pipe(
    Schema.fromKey("Byoc")
  ),
  /** Caller ID for the outbound leg (like `from`; for SIP callees it fills the From header's user). */
  callerId: F.optional("callerId", F.Endpoint, "a non-empty endpoint").pipe(Schema.fromKey("CallerId")),
  /** Purpose of the call, shown on the callee's phone where branded calling applies. */
  callReason: F.optional("callReason", Schema.String, "a string").pipe(Schema.fromKey("CallReason")),
  /** Which direction of the call's audio is recorded. */
  recordingTrack: F.optional("recordingTrack", RecordingTrack, `"inbound", "outbound" or "both"`).pipe(
    Schema.fromKey("RecordingTrack")
  ),
  /** Longest the call may last, in seconds (limits depend on the account). */
  timeLimit: F.optional("timeLimit", F.intAtLeast(1), "a positive whole number of seconds").pipe(
    Schema.fromKey("TimeLimit")
  ),
  /** Detect whether a person, a machine or a fax answers. */
  machineDetection: F.optional(
    "machineDetection",
    MachineDetectionMode,
    `"Enable" or "DetectMessageEnd" (or the same in lower case)`
  ).pipe(Schema.fromKey("MachineDetection")),
  /** Seconds answering-machine detection may take before giving up (Twilio's default: 30). */
  machineDetectionTimeout: F.optional(
    "machineDetectionTimeout",
    F.intAtLeast(1),
    "a positive whole number of seconds"
  ).pipe(Schema.fromKey("MachineDetectionTimeout")),
  /** Speech shorter than this many milliseconds counts as a person, longer as a machine: 1000 to 6000. */
  machineDetectionSpeechThreshold: F.optional(
    "machineDetectionSpeechThreshold",
    F.intBetween(1000, 6000),
    "a whole number of milliseconds from 1000 to 6000"
  ).pipe(Schema.fromKey("MachineDetectionSpeechThreshold")),
  /** Milliseconds of silence that end a stretch of speech: 500 to 5000. */
  machineDetectionSpeechEndThreshold: F.optional(
    "machineDetectionSpeechEndThreshold",
    F.intBetween(500, 5000),
    "a whole number of milliseconds from 500 to 5000"
  ).pipe(Schema.fromKey("MachineDetectionSpeechEndThreshold")),
  /** Milliseconds of silence at the start after which detection answers `unknown`: 2000 to 10000. */
  machineDetectionSilenceTimeout: F.optional(
    "machineDetectionSilenceTimeout",
    F.intBetween(2000, 10000),
    "a whole number of milliseconds from 2000 to 10000"
  ).pipe(Schema.fromKey("MachineDetectionSilenceTimeout")),
  /** Your URL that receives the detection result asynchronously. */
  amdStatusCallback: url("amdStatusCallback").pipe(Schema.fromKey("AmdStatusCallback")),
  /** Method for `amdStatusCallback`. */
  amdStatusCallbackMethod: method("amdStatusCallbackMethod").pipe(Schema.fromKey("AmdStatusCallbackMethod")),
  /** Whether silence is trimmed from this participant's recording. */
  trim: F.optional("trim", TrimSetting, `"trim-silence" or "do-not-trim"`).pipe(Schema.fromKey("Trim")),
  /** Token of an incoming call, so a forwarded call can keep the original caller ID. */
  callToken: F.optional("callToken", Schema.String, "a string").pipe(Schema.fromKey("CallToken")),
  /** Your URL that receives push call notifications. */
  clientNotificationUrl: url("clientNotificationUrl").pipe(Schema.fromKey("ClientNotificationUrl")),
  /** Display name in the SIP From header, 2 to 255 characters (SIP callees only). */
  callerDisplayName: F.optional(
    "callerDisplayName",
    Schema.String.pipe(Schema.minLength(2), Schema.maxLength(255)),
    "a string of 2 to 255 characters"
  ).pipe(Schema.fromKey("CallerDisplayName")),
  /**
   * Form parameters the SDK does not model yet, appended as they are (PascalCase names; arrays repeat
   * the key), e.g. `{ MachineDetectionEngine: "Lumenvox" }`. Naming a typed parameter is an error.
   */
  extraParameters: F.optionalExtraParameters
})

const optionalWire = <A, I, R>(schema: Schema.Schema<A, I, R>) => Schema.optional(schema)

/** The form Twilio receives: its PascalCase fields, plus any extra parameters. */
const Form = Schema.Struct(
  {
    From: Schema.String,
    To: Schema.String,
    StatusCallback: optionalWire(Schema.String),
    StatusCallbackMethod: optionalWire(Schema.String),
    StatusCallbackEvent: optionalWire(Schema.Array(Schema.String)),
    Label: optionalWire(Schema.String),
    Timeout: optionalWire(Schema.Number),
    Record: optionalWire(Schema.Boolean),
    Muted: optionalWire(Schema.Boolean),
    Beep: optionalWire(Schema.Union(Schema.Boolean, Schema.String)),
    StartConferenceOnEnter: optionalWire(Schema.Boolean),
    EndConferenceOnExit: optionalWire(Schema.Boolean),
    WaitUrl: optionalWire(Schema.String),
    WaitMethod: optionalWire(Schema.String),
    EarlyMedia: optionalWire(Schema.Boolean),
    MaxParticipants: optionalWire(Schema.Number),
    ConferenceRecord: optionalWire(Schema.Union(Schema.Boolean, Schema.String)),
    ConferenceTrim: optionalWire(Schema.String),
    ConferenceStatusCallback: optionalWire(Schema.String),
    ConferenceStatusCallbackMethod: optionalWire(Schema.String),
    ConferenceStatusCallbackEvent: optionalWire(Schema.Array(Schema.String)),
    RecordingChannels: optionalWire(Schema.String),
    RecordingStatusCallback: optionalWire(Schema.String),
    RecordingStatusCallbackMethod: optionalWire(Schema.String),
    SipAuthUsername: optionalWire(Schema.String),
    SipAuthPassword: optionalWire(Schema.String),
    Region: optionalWire(Schema.String),
    ConferenceRecordingStatusCallback: optionalWire(Schema.String),
    ConferenceRecordingStatusCallbackMethod: optionalWire(Schema.String),
    RecordingStatusCallbackEvent: optionalWire(Schema.Array(Schema.String)),
    ConferenceRecordingStatusCallbackEvent: optionalWire(Schema.Array(Schema.String)),
    Coaching: optionalWire(Schema.Boolean),
    CallSidToCoach: optionalWire(Schema.String),
    JitterBufferSize: optionalWire(Schema.String),
    Byoc: optionalWire(Schema.String),
    CallerId: optionalWire(Schema.String),
    CallReason: optionalWire(Schema.String),
    RecordingTrack: optionalWire(Schema.String),
    TimeLimit: optionalWire(Schema.Number),
    MachineDetection: optionalWire(Schema.String),
    MachineDetectionTimeout: optionalWire(Schema.Number),
    MachineDetectionSpeechThreshold: optionalWire(Schema.Number),
    MachineDetectionSpeechEndThreshold: optionalWire(Schema.Number),
    MachineDetectionSilenceTimeout: optionalWire(Schema.Number),
    AmdStatusCallback: optionalWire(Schema.String),
    AmdStatusCallbackMethod: optionalWire(Schema.String),
    Trim: optionalWire(Schema.String),
    CallToken: optionalWire(Schema.String),
    ClientNotificationUrl: optionalWire(Schema.String),
    CallerDisplayName: optionalWire(Schema.String)
  },
  Schema.Record({ key: Schema.String, value: F.WireValue })
).annotations({ identifier: "CreateParticipantForm" })

/**
 * Parameters of `Participants.create`. `from` and `to` are required; everything else is optional
 * and left to Twilio's defaults when absent. Encoding checks every documented range, enum, SID
 * pattern and URL, plus `coaching: true` requiring `callSidToCoach`.
 */
export const CreateParticipantParams = F.formWithExtras(Form, TypedFields, "CreateParticipantParams")

/** Parameters of `Participants.create` (camelCase). */
export type CreateParticipantParams = typeof CreateParticipantParams.Type

/** The form fields of a create request, as sent (PascalCase). */
export type CreateParticipantForm = typeof CreateParticipantParams.Encoded

const encodeForm = makeFormEncoder(CreateParticipantParams)

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
