/**
 * The conference status callbacks (`<Conference statusCallback>` / `conferenceStatusCallback`):
 * one member per `StatusCallbackEvent` value, each with the fields Twilio documents for it.
 */
import * as Rfc2822 from "@effect-twilio/core/Rfc2822"
import { AccountSid, CallSid, ConferenceSid } from "@effect-twilio/core/Sid"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { CallStatus } from "./CallStatusEvent.js"
import { Count, Form, FormBoolean, field, openLiteral, optionalField } from "./internal/fields.js"

/** Every `StatusCallbackEvent` value Twilio documents for conferences. */
export const EVENT_NAMES = [
  "conference-start",
  "conference-end",
  "participant-join",
  "participant-leave",
  "participant-mute",
  "participant-unmute",
  "participant-hold",
  "participant-unhold",
  "participant-modify",
  "participant-speech-start",
  "participant-speech-stop",
  "announcement-end",
  "announcement-fail"
] as const
/** A documented `StatusCallbackEvent` value. */
export type EventName = (typeof EVENT_NAMES)[number]

const KNOWN: ReadonlySet<string> = new Set(EVENT_NAMES)

/** True for a documented `StatusCallbackEvent` value. */
export const isKnownEventName = (name: string): name is EventName => KNOWN.has(name)

/** Why a conference ended. */
export const ReasonConferenceEnded = openLiteral("UnknownReasonConferenceEnded", [
  "conference-ended-via-api",
  "participant-with-end-conference-on-exit-left",
  "participant-with-end-conference-on-exit-kicked",
  "last-participant-kicked",
  "last-participant-left"
])
/** Why a conference ended. */
export type ReasonConferenceEnded = typeof ReasonConferenceEnded.Type

/** Why a participant left. */
export const ReasonParticipantLeft = openLiteral("UnknownReasonParticipantLeft", [
  "conference_ended_via_api",
  "moderator_ended_conference",
  "participant_updated_via_api",
  "participant_hung_up",
  "participant_add_failed"
])
/** Why a participant left. */
export type ReasonParticipantLeft = typeof ReasonParticipantLeft.Type

/** Sent with every event. */
const common = <const Name extends EventName>(name: Name) => ({
  statusCallbackEvent: field("StatusCallbackEvent", Schema.Literal(name)),
  conferenceSid: field("ConferenceSid", ConferenceSid),
  friendlyName: field("FriendlyName", Schema.String),
  accountSid: field("AccountSid", AccountSid),
  /** Orders the events of one conference; with `conferenceSid` it identifies a delivery. */
  sequenceNumber: field("SequenceNumber", Count),
  timestamp: field("Timestamp", Rfc2822.DateTimeFromRfc2822)
})

/** The participant's state, sent with every participant event. */
const participant = {
  callSid: field("CallSid", CallSid),
  muted: field("Muted", FormBoolean),
  hold: field("Hold", FormBoolean),
  coaching: field("Coaching", FormBoolean),
  endConferenceOnExit: field("EndConferenceOnExit", FormBoolean),
  startConferenceOnEnter: field("StartConferenceOnEnter", FormBoolean),
  /** Only for participants created with a label. */
  participantLabel: optionalField("ParticipantLabel", Schema.String)
}

/** An announcement to one participant carries that participant's state, if still present. */
const announcedParticipant = {
  callSid: optionalField("CallSid", CallSid),
  muted: optionalField("Muted", FormBoolean),
  hold: optionalField("Hold", FormBoolean),
  coaching: optionalField("Coaching", FormBoolean),
  endConferenceOnExit: optionalField("EndConferenceOnExit", FormBoolean),
  startConferenceOnEnter: optionalField("StartConferenceOnEnter", FormBoolean),
  participantLabel: optionalField("ParticipantLabel", Schema.String),
  announceUrl: optionalField("AnnounceUrl", Schema.String)
}

const participantEvent = <const Name extends EventName>(name: Name) =>
  Schema.Struct({ ...common(name), ...participant }).annotations({ identifier: name })

/** The conference started: audio is mixed. */
export const ConferenceStart = Schema.Struct(common("conference-start")).annotations({
  identifier: "conference-start"
})
/** The conference ended. */
export const ConferenceEnd = Schema.Struct({
  ...common("conference-end"),
  reasonConferenceEnded: field("ReasonConferenceEnded", ReasonConferenceEnded),
  /** A sentence saying why the conference ended. */
  reason: field("Reason", Schema.String),
  /** When a participant's exit ended it. */
  callSidEndingConference: optionalField("CallSidEndingConference", CallSid),
  participantLabelEndingConference: optionalField("ParticipantLabelEndingConference", Schema.String)
}).annotations({ identifier: "conference-end" })
/** A participant joined. */
export const ParticipantJoin = participantEvent("participant-join")
/** A participant left, with its call's final status and the reason. */
export const ParticipantLeave = Schema.Struct({
  ...common("participant-leave"),
  ...participant,
  participantCallStatus: field("ParticipantCallStatus", CallStatus),
  reasonParticipantLeft: field("ReasonParticipantLeft", ReasonParticipantLeft)
}).annotations({ identifier: "participant-leave" })
/** A participant was muted. */
export const ParticipantMute = participantEvent("participant-mute")
/** A participant was unmuted. */
export const ParticipantUnmute = participantEvent("participant-unmute")
/** A participant was put on hold. */
export const ParticipantHold = participantEvent("participant-hold")
/** A participant was taken off hold. */
export const ParticipantUnhold = participantEvent("participant-unhold")
/** A participant's settings changed (coaching, exit behaviour …). */
export const ParticipantModify = participantEvent("participant-modify")
/** A participant started speaking. */
export const ParticipantSpeechStart = participantEvent("participant-speech-start")
/** A participant stopped speaking. */
export const ParticipantSpeechStop = participantEvent("participant-speech-stop")
/** An announcement finished playing (to the conference, or to one participant). */
export const AnnouncementEnd = Schema.Struct({
  ...common("announcement-end"),
  ...announcedParticipant
}).annotations({ identifier: "announcement-end" })
/** An announcement could not be played. */
export const AnnouncementFail = Schema.Struct({
  ...common("announcement-fail"),
  ...announcedParticipant,
  reasonAnnouncementFailed: optionalField("ReasonAnnouncementFailed", Schema.String)
}).annotations({ identifier: "announcement-fail" })

/**
 * A `StatusCallbackEvent` value this version does not know (non-empty, not a documented one): a
 * documented event that fails its own schema must not pass as an unknown one.
 */
export const UnknownEventName = Schema.String.pipe(
  Schema.filter((name) => name !== "" && !KNOWN.has(name), {
    message: () => "Expected an event name that is not one of the documented ones"
  })
)

const UnknownType = Schema.Struct({
  statusCallbackEvent: Schema.Literal("unknown"),
  rawStatusCallbackEvent: UnknownEventName,
  fields: Form
})

/**
 * An event this version does not know (say, one Twilio adds later, or `conference-record-end`):
 * `statusCallbackEvent` is `"unknown"` so a switch over the names narrows, `rawStatusCallbackEvent`
 * holds the value Twilio sent, and `fields` every field of the form, untouched.
 */
export const UnknownConferenceEvent = Schema.transformOrFail(Form, UnknownType, {
  strict: true,
  decode: (form, _, ast) => {
    const name = form.StatusCallbackEvent
    if (name === undefined || name === "") {
      return ParseResult.fail(new ParseResult.Type(ast, form, "StatusCallbackEvent is missing"))
    }
    return ParseResult.succeed({
      statusCallbackEvent: "unknown" as const,
      rawStatusCallbackEvent: name,
      fields: form
    })
  },
  encode: (event) =>
    ParseResult.succeed({ ...event.fields, StatusCallbackEvent: event.rawStatusCallbackEvent })
}).annotations({ identifier: "UnknownConferenceEvent" })
/** An event this version does not know. */
export type UnknownConferenceEvent = typeof UnknownConferenceEvent.Type

/** A conference status callback, discriminated by `statusCallbackEvent`. */
export const ConferenceEvent = Schema.Union(
  ConferenceStart,
  ConferenceEnd,
  ParticipantJoin,
  ParticipantLeave,
  ParticipantMute,
  ParticipantUnmute,
  ParticipantHold,
  ParticipantUnhold,
  ParticipantModify,
  ParticipantSpeechStart,
  ParticipantSpeechStop,
  AnnouncementEnd,
  AnnouncementFail,
  UnknownConferenceEvent
).annotations({ identifier: "ConferenceEvent" })
/** A conference status callback, discriminated by `statusCallbackEvent`. */
export type ConferenceEvent = typeof ConferenceEvent.Type

/** A documented conference event (every member but `UnknownConferenceEvent`). */
export type KnownConferenceEvent = Exclude<ConferenceEvent, UnknownConferenceEvent>

/** True for the events this version knows. */
export const isKnown = (event: ConferenceEvent): event is KnownConferenceEvent =>
  event.statusCallbackEvent !== "unknown"

/** The events about one participant (they carry `callSid`, `muted`, `hold` …). */
export type ParticipantEvent = Extract<KnownConferenceEvent, { readonly muted: boolean }>

/**
 * Identifies one delivery: `conferenceSid` and `sequenceNumber`. Twilio retries a delivery that
 * failed with the same values, so a handler that has seen the key can skip the event.
 */
export const deliveryKey = (event: ConferenceEvent): string =>
  isKnown(event)
    ? `${event.conferenceSid}/${event.sequenceNumber}`
    : `${event.fields.ConferenceSid ?? ""}/${event.fields.SequenceNumber ?? ""}`
