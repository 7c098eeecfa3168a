/**
 * Checks form and query parameters the way Twilio does: required fields, integer ranges,
 * enums, SID shapes and URLs. Unknown parameters pass untouched (Twilio ignores them).
 */
import * as Either from "effect/Either"
import { Codes, type Refusal, refuse } from "./errors.js"
import { BYOC_SID, CALL_SID } from "./ids.js"
import { allValues, lastValue, type Pair } from "./wire.js"

const bad = (code: number, message: string): Either.Either<never, Refusal> =>
  Either.left(refuse(400, code, message))

const invalid = (name: string, value: string, expected: string) =>
  bad(Codes.InvalidParameter, `Invalid value ${JSON.stringify(value)} for ${name}: expected ${expected}`)

/** Reads a boolean field (`true`/`false`, any case). */
export const booleanParam = (
  pairs: ReadonlyArray<Pair>,
  name: string
): Either.Either<boolean | undefined, Refusal> => {
  const raw = lastValue(pairs, name)
  if (raw === undefined) return Either.right(undefined)
  const lower = raw.toLowerCase()
  if (lower === "true") return Either.right(true)
  if (lower === "false") return Either.right(false)
  return invalid(name, raw, "true or false")
}

/** Reads an integer field, optionally within an inclusive range. */
export const integerParam = (
  pairs: ReadonlyArray<Pair>,
  name: string,
  range?: readonly [number, number]
): Either.Either<number | undefined, Refusal> => {
  const raw = lastValue(pairs, name)
  if (raw === undefined) return Either.right(undefined)
  if (!/^-?\d+$/.test(raw.trim())) return invalid(name, raw, "an integer")
  const n = Number(raw.trim())
  if (range !== undefined && (n < range[0] || n > range[1])) {
    return invalid(name, raw, `an integer from ${range[0]} to ${range[1]}`)
  }
  return Either.right(n)
}

const enumCheck = (
  pairs: ReadonlyArray<Pair>,
  name: string,
  allowed: ReadonlyArray<string>
): Either.Either<void, Refusal> => {
  const lowered = allowed.map((a) => a.toLowerCase())
  for (const value of allValues(pairs, name)) {
    if (!lowered.includes(value.toLowerCase())) return invalid(name, value, `one of ${allowed.join(", ")}`)
  }
  return Either.void
}

// Event lists may arrive as repeated keys or as one space-separated value.
const eventsCheck = (
  pairs: ReadonlyArray<Pair>,
  name: string,
  allowed: ReadonlyArray<string>
): Either.Either<void, Refusal> => {
  for (const value of allValues(pairs, name)) {
    for (const event of value.split(/\s+/).filter((e) => e !== "")) {
      if (!allowed.includes(event)) return invalid(name, event, `events among ${allowed.join(", ")}`)
    }
  }
  return Either.void
}

const sidCheck = (pairs: ReadonlyArray<Pair>, name: string, pattern: RegExp, prefix: string) => {
  const raw = lastValue(pairs, name)
  return raw === undefined || pattern.test(raw)
    ? Either.void
    : invalid(name, raw, `"${prefix}" followed by 32 hexadecimal digits`)
}

const urlCheck = (pairs: ReadonlyArray<Pair>, name: string, allowEmpty: boolean) => {
  const raw = lastValue(pairs, name)
  if (raw === undefined || (allowEmpty && raw === "")) return Either.void
  let ok = false
  try {
    const url = new URL(raw)
    ok = url.protocol === "http:" || url.protocol === "https:"
  } catch {
    ok = false
  }
  return ok ? Either.void : bad(Codes.InvalidUrl, `${name} ${JSON.stringify(raw)} is not a valid http(s) URL`)
}

const METHODS = ["GET", "POST"]

const createMethodFields = [
  "StatusCallbackMethod",
  "WaitMethod",
  "ConferenceStatusCallbackMethod",
  "RecordingStatusCallbackMethod",
  "ConferenceRecordingStatusCallbackMethod",
  "AmdStatusCallbackMethod"
]
const createUrlFields = [
  "StatusCallback",
  "ConferenceStatusCallback",
  "RecordingStatusCallback",
  "ConferenceRecordingStatusCallback",
  "AmdStatusCallback",
  "ClientNotificationUrl"
]

/** The conference-facing settings of a create request, once checked. */
export interface CreateParams {
  readonly from: string
  readonly to: string
  readonly label: string | undefined
  readonly muted: boolean
  readonly startConferenceOnEnter: boolean
  readonly endConferenceOnExit: boolean
  readonly maxParticipants: number
  readonly coaching: boolean | undefined
  readonly callSidToCoach: string | undefined
  readonly region: string | undefined
}

/** Checks a create-participant form. */
export const createParams = (form: ReadonlyArray<Pair>): Either.Either<CreateParams, Refusal> =>
  Either.gen(function* () {
    const from = lastValue(form, "From")
    const to = lastValue(form, "To")
    if (from === undefined || from === "")
      return yield* bad(Codes.MissingFrom, "A 'From' phone number is required.")
    if (to === undefined || to === "") return yield* bad(Codes.MissingTo, "A 'To' phone number is required.")
    yield* integerParam(form, "Timeout", [5, 600])
    const maxParticipants = yield* integerParam(form, "MaxParticipants", [2, 250])
    yield* integerParam(form, "TimeLimit", [1, 86_400])
    yield* integerParam(form, "MachineDetectionTimeout", [3, 59])
    yield* integerParam(form, "MachineDetectionSpeechThreshold", [1000, 6000])
    yield* integerParam(form, "MachineDetectionSpeechEndThreshold", [500, 5000])
    yield* integerParam(form, "MachineDetectionSilenceTimeout", [2000, 10_000])
    const muted = yield* booleanParam(form, "Muted")
    const start = yield* booleanParam(form, "StartConferenceOnEnter")
    const end = yield* booleanParam(form, "EndConferenceOnExit")
    const coaching = yield* booleanParam(form, "Coaching")
    for (const name of ["Record", "EarlyMedia"]) yield* booleanParam(form, name)
    for (const name of createMethodFields) yield* enumCheck(form, name, METHODS)
    for (const name of createUrlFields) yield* urlCheck(form, name, false)
    yield* urlCheck(form, "WaitUrl", true)
    yield* enumCheck(form, "Beep", ["true", "false", "onEnter", "onExit"])
    yield* enumCheck(form, "ConferenceRecord", ["true", "false", "record-from-start", "do-not-record"])
    yield* enumCheck(form, "ConferenceTrim", ["trim-silence", "do-not-trim"])
    yield* enumCheck(form, "Trim", ["trim-silence", "do-not-trim"])
    yield* enumCheck(form, "RecordingChannels", ["mono", "dual"])
    yield* enumCheck(form, "Region", ["us1", "us2", "ie1", "de1", "sg1", "br1", "au1", "jp1"])
    yield* enumCheck(form, "JitterBufferSize", ["off", "small", "medium", "large"])
    yield* enumCheck(form, "RecordingTrack", ["inbound", "outbound", "both"])
    yield* enumCheck(form, "MachineDetection", ["Enable", "DetectMessageEnd"])
    yield* eventsCheck(form, "StatusCallbackEvent", ["initiated", "ringing", "answered", "completed"])
    yield* eventsCheck(form, "ConferenceStatusCallbackEvent", [
      "start",
      "end",
      "join",
      "leave",
      "mute",
      "hold",
      "modify",
      "speaker",
      "announcement"
    ])
    yield* eventsCheck(form, "RecordingStatusCallbackEvent", [
      "started",
      "in-progress",
      "paused",
      "resumed",
      "stopped",
      "completed",
      "failed",
      "absent"
    ])
    yield* eventsCheck(form, "ConferenceRecordingStatusCallbackEvent", [
      "in-progress",
      "completed",
      "failed",
      "absent"
    ])
    yield* sidCheck(form, "CallSidToCoach", CALL_SID, "CA")
    yield* sidCheck(form, "Byoc", BYOC_SID, "BY")
    const displayName = lastValue(form, "CallerDisplayName")
    if (displayName !== undefined && (displayName.length < 2 || displayName.length > 255)) {
      return yield* invalid("CallerDisplayName", displayName, "2 to 255 characters")
    }
    const callSidToCoach = lastValue(form, "CallSidToCoach")
    if (coaching === true && callSidToCoach === undefined) {
      return yield* bad(Codes.InvalidParameter, "Coaching is true but CallSidToCoach is missing")
    }
    return {
      from,
      to,
      label: lastValue(form, "Label"),
      muted: muted ?? false,
      startConferenceOnEnter: start ?? true,
      endConferenceOnExit: end ?? false,
      maxParticipants: maxParticipants ?? 250,
      coaching,
      callSidToCoach,
      region: lastValue(form, "Region")
    }
  })

/** The changes an update request asks for, once checked. */
export interface UpdateParams {
  readonly muted: boolean | undefined
  readonly hold: boolean | undefined
  readonly endConferenceOnExit: boolean | undefined
  readonly coaching: boolean | undefined
  readonly callSidToCoach: string | undefined
}

/** Checks an update-participant form (the slice's twelve fields). */
export const updateParams = (form: ReadonlyArray<Pair>): Either.Either<UpdateParams, Refusal> =>
  Either.gen(function* () {
    const muted = yield* booleanParam(form, "Muted")
    const hold = yield* booleanParam(form, "Hold")
    yield* booleanParam(form, "BeepOnExit")
    const endConferenceOnExit = yield* booleanParam(form, "EndConferenceOnExit")
    const coaching = yield* booleanParam(form, "Coaching")
    for (const name of ["HoldMethod", "AnnounceMethod", "WaitMethod"]) yield* enumCheck(form, name, METHODS)
    for (const name of ["HoldUrl", "AnnounceUrl"]) yield* urlCheck(form, name, false)
    yield* urlCheck(form, "WaitUrl", true)
    yield* sidCheck(form, "CallSidToCoach", CALL_SID, "CA")
    return { muted, hold, endConferenceOnExit, coaching, callSidToCoach: lastValue(form, "CallSidToCoach") }
  })

/** A label Twilio accepts: at most 128 characters, not shaped like a Call SID, no `/`. */
export const labelProblem = (label: string): string | undefined => {
  if (label.length === 0) return "a label must not be empty"
  if (label.length > 128) return "a label is at most 128 characters"
  if (/^CA[0-9a-f]{32}$/i.test(label)) return "a label must not look like a Call SID"
  if (label.includes("/")) return "a label must not contain '/'"
  return undefined
}

/** What a conference update asks for, once checked. */
export interface ConferenceUpdateParams {
  /** `Status=completed`: end the conference. */
  readonly end: boolean
  /** `AnnounceUrl` with its method (`POST` unless `AnnounceMethod` says `GET`). */
  readonly announce: { readonly url: string; readonly method: "GET" | "POST" } | undefined
}

/** Checks an update-conference form (the slice's three fields). */
export const conferenceUpdateParams = (
  form: ReadonlyArray<Pair>
): Either.Either<ConferenceUpdateParams, Refusal> =>
  Either.gen(function* () {
    yield* enumCheck(form, "Status", ["completed"])
    yield* enumCheck(form, "AnnounceMethod", METHODS)
    yield* urlCheck(form, "AnnounceUrl", false)
    const url = lastValue(form, "AnnounceUrl")
    const method = lastValue(form, "AnnounceMethod")?.toUpperCase() === "GET" ? "GET" : "POST"
    return {
      end: lastValue(form, "Status") !== undefined,
      announce: url === undefined ? undefined : { url, method }
    }
  })

/**
 * Reads a date filter written `YYYY-MM-DD` (a real calendar day); Twilio refuses anything else,
 * ISO 8601 date-times included, with a 400.
 */
export const dayParam = (
  pairs: ReadonlyArray<Pair>,
  name: string
): Either.Either<string | undefined, Refusal> => {
  const raw = lastValue(pairs, name)
  if (raw === undefined) return Either.right(undefined)
  const millis = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : Number.NaN
  // Date.parse rolls 2024-02-30 over to March: a real day formats back to itself.
  const real = !Number.isNaN(millis) && new Date(millis).toISOString().startsWith(raw)
  return real ? Either.right(raw) : invalid(name, raw, "a date written YYYY-MM-DD")
}

/** Reads an enum filter: one of `allowed` exactly, or absent. */
export const enumParam = <const A extends string>(
  pairs: ReadonlyArray<Pair>,
  name: string,
  allowed: ReadonlyArray<A>
): Either.Either<A | undefined, Refusal> => {
  const raw = lastValue(pairs, name)
  if (raw === undefined) return Either.right(undefined)
  const known = allowed.find((value) => value === raw)
  return known !== undefined ? Either.right(known) : invalid(name, raw, `one of ${allowed.join(", ")}`)
}
