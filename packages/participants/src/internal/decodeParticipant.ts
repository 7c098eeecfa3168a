/**
 * The fast path of participant decoding: Twilio's usual JSON read with plain checks, no parser.
 *
 * It accepts only what the full `Participant` schema accepts and produces the same fields; anything
 * it is not sure about (a value of an unexpected type, a date in another layout, a bad SID) makes it
 * answer `undefined`, and the caller runs the full schema, which then decides and words any error.
 */

import * as Rfc2822 from "@effect-twilio/core/Rfc2822"
import type { AccountSid, CallSid, ConferenceSid } from "@effect-twilio/core/Sid"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import type * as Schema from "effect/Schema"
import type { ParseOptions } from "effect/SchemaAST"
import type { Participant, ParticipantStatus } from "../Participant.js"
import { isPlainObject, queueTimeMillis } from "./decodeWire.js"

/** The fields of a `Participant`, as its constructor takes them. */
type ParticipantFields = Schema.Struct.Type<typeof Participant.fields>

// The SID patterns of the schemas (`Sid.ts`), compiled once.
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/
const CALL_SID = /^CA[0-9a-fA-F]{32}$/
const CONFERENCE_SID = /^CF[0-9a-fA-F]{32}$/
const isAccountSid = (text: string): text is AccountSid => ACCOUNT_SID.test(text)
const isCallSid = (text: string): text is CallSid => CALL_SID.test(text)
const isConferenceSid = (text: string): text is ConferenceSid => CONFERENCE_SID.test(text)
// Any string is a status: a known literal, or an unknown one the schema keeps verbatim (only branded).
const isStatus = (_: string): _ is ParticipantStatus => true

/**
 * Reads nullable wire values; a value it cannot vouch for clears `ok` (and reads as `null`, which is
 * never used: the caller discards the whole result).
 */
class WireReader {
  ok = true

  string(value: unknown): string | null {
    if (value === undefined || value === null) return null
    if (typeof value === "string") return value
    this.ok = false
    return null
  }

  boolean(value: unknown): boolean | null {
    if (value === undefined || value === null) return null
    if (typeof value === "boolean") return value
    this.ok = false
    return null
  }

  refined<A extends string>(value: unknown, is: (text: string) => text is A): A | null {
    if (value === undefined || value === null) return null
    if (typeof value === "string" && is(value)) return value
    this.ok = false
    return null
  }

  date(value: unknown): DateTime.Utc | null {
    if (value === undefined || value === null) return null
    const millis = typeof value === "string" ? Rfc2822.parse(value) : undefined
    if (millis !== undefined) return DateTime.unsafeMake(millis)
    this.ok = false
    return null
  }

  queueTime(value: unknown): Duration.Duration | null {
    if (value === undefined || value === null) return null
    const millis = typeof value === "string" || typeof value === "number" ? queueTimeMillis(value) : undefined
    if (millis !== undefined) return Duration.millis(millis)
    this.ok = false
    return null
  }
}

/**
 * True when the fast path may answer for these parse options: excess fields ignored (the default) and
 * no request to keep the input's key order, the two options that change a successful result.
 */
export const fastPathApplies = (options: ParseOptions | undefined): boolean =>
  options === undefined ||
  ((options.onExcessProperty === undefined || options.onExcessProperty === "ignore") &&
    (options.propertyOrder === undefined || options.propertyOrder === "none"))

type MutableFields = { -readonly [K in keyof ParticipantFields]: ParticipantFields[K] }

/**
 * Writes every field of the participant read from wire JSON into `target`, in the order the schema
 * produces them; false when a known field is not in its usual form (`target` is then to be dropped).
 */
const readInto = (input: { readonly [key: string]: unknown }, target: MutableFields): boolean => {
  const read = new WireReader()
  target.accountSid = read.refined(input.account_sid, isAccountSid)
  target.callSid = read.refined(input.call_sid, isCallSid)
  target.label = read.string(input.label)
  target.callSidToCoach = read.refined(input.call_sid_to_coach, isCallSid)
  target.coaching = read.boolean(input.coaching)
  target.conferenceSid = read.refined(input.conference_sid, isConferenceSid)
  target.dateCreated = read.date(input.date_created)
  target.dateUpdated = read.date(input.date_updated)
  target.endConferenceOnExit = read.boolean(input.end_conference_on_exit)
  target.muted = read.boolean(input.muted)
  target.hold = read.boolean(input.hold)
  target.startConferenceOnEnter = read.boolean(input.start_conference_on_enter)
  target.status = read.refined(input.status, isStatus)
  target.queueTime = read.queueTime(input.queue_time)
  target.uri = read.string(input.uri)
  return read.ok
}

/**
 * The fast participant decoder for `ParticipantClass`: a `Participant` when the input is a plain
 * object in Twilio's usual form, `undefined` when the full schema must decide. The object is made
 * by the class's own constructor with validation off (every field was just checked), so it is
 * exactly what the schema makes. Kept for speed: `bench/decode.ts`, rows "page, …: JSON.parse +
 * ParticipantPage (now)" against "… full schema (before)".
 */
export const makeFastParticipantDecoder =
  (ParticipantClass: typeof Participant) =>
  (input: unknown): Participant | undefined => {
    if (!isPlainObject(input)) return undefined
    const fields = Object.create(Object.prototype)
    return readInto(input, fields) ? new ParticipantClass(fields, true) : undefined
  }
