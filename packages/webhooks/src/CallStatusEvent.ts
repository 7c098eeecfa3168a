/**
 * The status callbacks of a participant's own call (`statusCallback` / `statusCallbackEvent` on
 * participant create: `initiated`, `ringing`, `answered`, `completed`).
 */
import * as Rfc2822 from "@effect-twilio/core/Rfc2822"
import { AccountSid, CallSid } from "@effect-twilio/core/Sid"
import * as Schema from "effect/Schema"
import { Count, field, openLiteral, optionalField } from "./internal/fields.js"

/** A call status Twilio reports; statuses added later decode to `UnknownCallStatus`. */
export const CallStatus = openLiteral("UnknownCallStatus", [
  "queued",
  "initiated",
  "ringing",
  "in-progress",
  "completed",
  "busy",
  "failed",
  "no-answer",
  "canceled"
])
/** A call status Twilio reports. */
export type CallStatus = typeof CallStatus.Type

/** Who placed the call: `outbound-api` for participants added through the REST API. */
export const CallDirection = openLiteral("UnknownCallDirection", ["inbound", "outbound-api", "outbound-dial"])
/** Who placed the call. */
export type CallDirection = typeof CallDirection.Type

/** What answering machine detection found, when it ran. */
export const AnsweredBy = openLiteral("UnknownAnsweredBy", [
  "human",
  "machine_start",
  "machine_end_beep",
  "machine_end_silence",
  "machine_end_other",
  "fax",
  "unknown"
])
/** What answering machine detection found. */
export type AnsweredBy = typeof AnsweredBy.Type

/** One call status callback, decoded from the form Twilio POSTs (PascalCase keys, strings). */
export const CallStatusEvent = Schema.Struct({
  callSid: field("CallSid", CallSid),
  accountSid: field("AccountSid", AccountSid),
  from: field("From", Schema.String),
  to: field("To", Schema.String),
  callStatus: field("CallStatus", CallStatus),
  apiVersion: field("ApiVersion", Schema.String),
  direction: field("Direction", CallDirection),
  /** `call-progress-events` for status callbacks. */
  callbackSource: field("CallbackSource", Schema.String),
  /** When the status changed (RFC 2822 on the wire). */
  timestamp: field("Timestamp", Rfc2822.DateTimeFromRfc2822),
  /** Orders the callbacks of one call; with `callSid` it identifies a delivery. */
  sequenceNumber: field("SequenceNumber", Count),
  forwardedFrom: optionalField("ForwardedFrom", Schema.String),
  callerName: optionalField("CallerName", Schema.String),
  parentCallSid: optionalField("ParentCallSid", CallSid),
  callToken: optionalField("CallToken", Schema.String),
  /** Seconds the call lasted (on `completed`). */
  callDuration: optionalField("CallDuration", Count),
  /** Minutes billed, rounded up (on `completed`). */
  duration: optionalField("Duration", Count),
  sipResponseCode: optionalField("SipResponseCode", Count),
  recordingUrl: optionalField("RecordingUrl", Schema.String),
  recordingSid: optionalField("RecordingSid", Schema.String),
  recordingDuration: optionalField("RecordingDuration", Count),
  answeredBy: optionalField("AnsweredBy", AnsweredBy),
  called: optionalField("Called", Schema.String),
  caller: optionalField("Caller", Schema.String),
  fromCity: optionalField("FromCity", Schema.String),
  fromState: optionalField("FromState", Schema.String),
  fromZip: optionalField("FromZip", Schema.String),
  fromCountry: optionalField("FromCountry", Schema.String),
  toCity: optionalField("ToCity", Schema.String),
  toState: optionalField("ToState", Schema.String),
  toZip: optionalField("ToZip", Schema.String),
  toCountry: optionalField("ToCountry", Schema.String)
}).annotations({ identifier: "CallStatusEvent" })
/** One call status callback. */
export type CallStatusEvent = typeof CallStatusEvent.Type

/** Identifies one delivery: Twilio retries with the same value, so a handler can skip repeats. */
export const deliveryKey = (event: CallStatusEvent): string => `${event.callSid}/${event.sequenceNumber}`
