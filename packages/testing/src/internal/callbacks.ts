/**
 * What the simulator owes the callback URLs: the settings a participant was created with, and the
 * status-callback forms Twilio would POST as a conference and its calls change. The model pushes
 * notes into an outbox while a request applies (synchronously, at one instant); the engine drains it
 * afterwards, so a delivery never delays a REST answer.
 */
import { rfc2822 } from "./ids.js"
import type { ConferenceRecord, EndReason, ParticipantRecord } from "./model.js"
import { allValues, lastValue, type Pair } from "./wire.js"

/** Where and how one kind of callback goes, and which events it asked for. */
export interface CallbackSettings {
  readonly url: string
  readonly method: "GET" | "POST"
  /** Event group names as given on create (`start`, `join` … or `initiated`, `answered` …). */
  readonly events: ReadonlySet<string>
}

/** One status callback to deliver: its kind, destination and form (PascalCase keys, strings). */
export interface Outgoing {
  readonly _tag: "Outgoing"
  readonly kind: "conference" | "call"
  readonly url: string
  readonly method: "GET" | "POST"
  readonly form: Readonly<Record<string, string>>
}

/** Work due later on the clock (a call ringing, answering), run against the world at that instant. */
export interface Later {
  readonly _tag: "Later"
  readonly at: number
  readonly run: (now: number) => void
}

/** What the model leaves for the engine. */
export type Note = Outgoing | Later

/** A conference's callback state (the first participant's settings win). */
export interface ConferenceCallbacks {
  /** `undefined` until the first participant is created through the API; `null` if it set none. */
  settings: CallbackSettings | null | undefined
  /** The last `SequenceNumber` sent. */
  sequence: number
  /** Whether `conference-start` is behind us (Twilio starts it when a starting participant joins). */
  started: boolean
  readonly outbox: Array<Note>
}

/** A participant's call and its callback state. */
export interface CallCallbacks {
  readonly settings: CallbackSettings | undefined
  readonly from: string
  readonly to: string
  /** The last call `SequenceNumber` sent. */
  sequence: number
  /** When the call was answered and joined, if it has. */
  joinedAt: number | undefined
}

const events = (pairs: ReadonlyArray<Pair>, name: string, fallback: ReadonlyArray<string>) => {
  const given = allValues(pairs, name).flatMap((value) => value.split(/\s+/).filter((e) => e !== ""))
  return new Set(given.length === 0 ? fallback : given)
}

const settings = (
  pairs: ReadonlyArray<Pair>,
  urlKey: string,
  methodKey: string,
  eventsKey: string,
  fallback: ReadonlyArray<string>
): CallbackSettings | undefined => {
  const url = lastValue(pairs, urlKey)
  if (url === undefined || url === "") return undefined
  const method = lastValue(pairs, methodKey)?.toUpperCase() === "GET" ? "GET" : "POST"
  return { url, method, events: events(pairs, eventsKey, fallback) }
}

/** `ConferenceStatusCallback` (+ method, + events: Twilio's default is `start end`). */
export const conferenceSettings = (form: ReadonlyArray<Pair>) =>
  settings(
    form,
    "ConferenceStatusCallback",
    "ConferenceStatusCallbackMethod",
    "ConferenceStatusCallbackEvent",
    ["start", "end"]
  )

/** `StatusCallback` (+ method, + events: Twilio's default is `completed`). */
export const callSettings = (form: ReadonlyArray<Pair>) =>
  settings(form, "StatusCallback", "StatusCallbackMethod", "StatusCallbackEvent", ["completed"])

/** The group name under which each conference event is asked for. */
const GROUP: Readonly<Record<string, string>> = {
  "conference-start": "start",
  "conference-end": "end",
  "participant-join": "join",
  "participant-leave": "leave",
  "participant-mute": "mute",
  "participant-unmute": "mute",
  "participant-hold": "hold",
  "participant-unhold": "hold",
  "participant-modify": "modify",
  "announcement-end": "announcement",
  "announcement-fail": "announcement"
}

const bool = (value: boolean) => (value ? "true" : "false")

/** The participant's state, as every participant event carries it. */
export const participantFields = (p: ParticipantRecord): Record<string, string> => ({
  CallSid: p.callSid,
  Muted: bool(p.muted),
  Hold: bool(p.hold),
  Coaching: bool(p.coaching),
  EndConferenceOnExit: bool(p.endConferenceOnExit),
  StartConferenceOnEnter: bool(p.startConferenceOnEnter),
  ...(p.label === null ? {} : { ParticipantLabel: p.label })
})

/**
 * Sends `event` to the conference callback if its first participant asked for that group;
 * `SequenceNumber` counts only the events sent, so a gap always means a lost delivery.
 */
export const conferenceEvent = (
  c: ConferenceRecord,
  event: string,
  now: number,
  fields: Record<string, string> = {}
): void => {
  const to = c.callbacks.settings
  const group = GROUP[event]
  if (to === undefined || to === null || group === undefined || !to.events.has(group)) return
  c.callbacks.sequence += 1
  c.callbacks.outbox.push({
    _tag: "Outgoing",
    kind: "conference",
    url: to.url,
    method: to.method,
    form: {
      ConferenceSid: c.sid,
      FriendlyName: c.friendlyName,
      AccountSid: c.accountSid,
      SequenceNumber: String(c.callbacks.sequence),
      Timestamp: rfc2822(now),
      StatusCallbackEvent: event,
      ...fields
    }
  })
}

/** The group under which each call status is asked for. */
const CALL_GROUP: Readonly<Record<string, string>> = {
  initiated: "initiated",
  ringing: "ringing",
  "in-progress": "answered",
  completed: "completed",
  canceled: "completed"
}

/** Sends a call status to the participant's own `StatusCallback`, if it asked for it. */
export const callEvent = (c: ConferenceRecord, p: ParticipantRecord, status: string, now: number): void => {
  const to = p.call.settings
  const group = CALL_GROUP[status]
  if (to === undefined || group === undefined || !to.events.has(group)) return
  p.call.sequence += 1
  const seconds = p.call.joinedAt === undefined ? 0 : Math.max(0, Math.floor((now - p.call.joinedAt) / 1000))
  c.callbacks.outbox.push({
    _tag: "Outgoing",
    kind: "call",
    url: to.url,
    method: to.method,
    form: {
      CallSid: p.callSid,
      AccountSid: p.accountSid,
      From: p.call.from,
      To: p.call.to,
      CallStatus: status,
      ApiVersion: "2010-04-01",
      Direction: "outbound-api",
      CallbackSource: "call-progress-events",
      Timestamp: rfc2822(now),
      SequenceNumber: String(p.call.sequence),
      ...(status === "completed" || status === "canceled"
        ? { CallDuration: String(seconds), Duration: String(Math.ceil(seconds / 60)) }
        : {})
    }
  })
}

/** A participant's call is answered and joins: `conference-start` first when it starts the conference. */
export const join = (c: ConferenceRecord, p: ParticipantRecord, now: number): void => {
  if (p.call.joinedAt !== undefined) return
  p.call.joinedAt = now
  callEvent(c, p, "in-progress", now)
  if (!c.callbacks.started && p.startConferenceOnEnter) {
    c.callbacks.started = true
    conferenceEvent(c, "conference-start", now)
  }
  conferenceEvent(c, "participant-join", now, participantFields(p))
}

/** Why a participant left, in Twilio's words. */
export type LeaveReason =
  | "conference_ended_via_api"
  | "moderator_ended_conference"
  | "participant_updated_via_api"
  | "participant_hung_up"

/** A participant's call ends: `participant-leave` if it had joined, and its final call status. */
export const leave = (c: ConferenceRecord, p: ParticipantRecord, now: number, reason: LeaveReason): void => {
  if (p.call.joinedAt !== undefined) {
    conferenceEvent(c, "participant-leave", now, {
      ...participantFields(p),
      ParticipantCallStatus: "completed",
      ReasonParticipantLeft: reason
    })
  }
  callEvent(c, p, p.call.joinedAt === undefined ? "canceled" : "completed", now)
}

const END_SENTENCES: Readonly<Record<EndReason, string>> = {
  "conference-ended-via-api": "Conference ended via API",
  "participant-with-end-conference-on-exit-left": "Participant with endConferenceOnExit left the conference",
  "participant-with-end-conference-on-exit-kicked":
    "Participant with endConferenceOnExit was removed from the conference",
  "last-participant-kicked": "Last participant was removed from the conference",
  "last-participant-left": "Last participant left the conference"
}

/** `conference-end`, with its reason and the call that ended it. */
export const ended = (
  c: ConferenceRecord,
  now: number,
  reason: EndReason,
  ending: ParticipantRecord | undefined
): void =>
  conferenceEvent(c, "conference-end", now, {
    ReasonConferenceEnded: reason,
    Reason: END_SENTENCES[reason],
    ...(ending === undefined ? {} : { CallSidEndingConference: ending.callSid }),
    ...(ending?.label === null || ending === undefined
      ? {}
      : { ParticipantLabelEndingConference: ending.label })
  })

/** The state changes of an update, as events: mute/unmute, hold/unhold, modify. */
export const changed = (
  c: ConferenceRecord,
  p: ParticipantRecord,
  before: { readonly muted: boolean; readonly hold: boolean; readonly modify: string },
  now: number
): void => {
  if (p.call.joinedAt === undefined) return
  const fields = participantFields(p)
  if (before.muted !== p.muted)
    conferenceEvent(c, p.muted ? "participant-mute" : "participant-unmute", now, fields)
  if (before.hold !== p.hold)
    conferenceEvent(c, p.hold ? "participant-hold" : "participant-unhold", now, fields)
  if (before.modify !== modifiable(p)) conferenceEvent(c, "participant-modify", now, fields)
}

/** The settings whose change is a `participant-modify` (coaching, its target, exit behaviour). */
export const modifiable = (p: ParticipantRecord): string =>
  `${p.coaching}/${p.callSidToCoach ?? ""}/${p.endConferenceOnExit}`
