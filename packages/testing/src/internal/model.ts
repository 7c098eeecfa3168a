/**
 * The simulator's state: accounts, conferences and their rosters, and how each is printed
 * as Twilio's JSON. Plain mutable records, touched only inside `Effect.sync` blocks of the
 * engine so each request applies atomically; immutable copies of a 100,000-entry roster per
 * request would make large rosters slow for no gain.
 */
import * as Duration from "effect/Duration"
import * as Callbacks from "./callbacks.js"
import { rfc2822 } from "./ids.js"

/** Conference states of the 2010 API. */
export type ConferenceStatus = "init" | "in-progress" | "completed"

/** Participant call states of the 2010 API. */
export type ParticipantStatus = "queued" | "connecting" | "ringing" | "connected" | "complete" | "failed"

/** Why a conference ended (the slice's enum). */
export type EndReason =
  | "conference-ended-via-api"
  | "participant-with-end-conference-on-exit-left"
  | "participant-with-end-conference-on-exit-kicked"
  | "last-participant-kicked"
  | "last-participant-left"

/** How long a new participant spends in each state before it is connected. */
export interface Timing {
  readonly queued: Duration.Duration
  readonly connecting: Duration.Duration
  readonly ringing: Duration.Duration
}

/** One participant. */
export interface ParticipantRecord {
  /** Creation order inside the simulator; the paging cursor. */
  readonly seq: number
  readonly accountSid: string
  readonly conferenceSid: string
  readonly callSid: string
  readonly label: string | null
  readonly createdAt: number
  updatedAt: number
  /** A status fixed by seeding; otherwise the status follows the clock. */
  readonly pinnedStatus: ParticipantStatus | undefined
  muted: boolean
  hold: boolean
  coaching: boolean
  callSidToCoach: string | null
  endConferenceOnExit: boolean
  readonly startConferenceOnEnter: boolean
  /** Every form field accepted on create and later updates (last value wins), for inspection. */
  readonly settings: Map<string, string>
  /** The call behind the participant and its status callbacks. */
  readonly call: Callbacks.CallCallbacks
}

/** An announcement played to a whole conference (`AnnounceUrl` on a conference update). */
export interface ConferenceAnnouncement {
  /** The audio or TwiML Twilio would fetch. */
  readonly url: string
  /** How Twilio would fetch it (`POST` unless the update said `GET`). */
  readonly method: "GET" | "POST"
  /** When the update arrived, epoch milliseconds on the Effect clock. */
  readonly at: number
}

/** One conference and its roster, kept in creation order. */
export interface ConferenceRecord {
  readonly sid: string
  readonly accountSid: string
  readonly friendlyName: string
  status: ConferenceStatus
  readonly createdAt: number
  updatedAt: number
  readonly maxParticipants: number
  readonly region: string
  reasonEnded: EndReason | null
  callSidEndingConference: string | null
  /** Sorted by `seq` (appends only), so a cursor is found by binary search. */
  readonly roster: Array<ParticipantRecord>
  readonly byCallSid: Map<string, ParticipantRecord>
  readonly byLabel: Map<string, ParticipantRecord>
  /** Announcements played to the whole conference, oldest first. */
  readonly announcements: Array<ConferenceAnnouncement>
  /** Its status callbacks: settings, sequence, and the outbox they go to. */
  readonly callbacks: Callbacks.ConferenceCallbacks
}

/** One account with its auth token and API keys. */
export interface AccountRecord {
  readonly sid: string
  readonly authToken: string
  readonly apiKeys: Map<string, string>
}

/** The whole simulated world. */
export interface World {
  readonly accounts: Map<string, AccountRecord>
  /** API key SID -> owning account SID. */
  readonly apiKeyOwners: Map<string, string>
  readonly conferences: Map<string, ConferenceRecord>
  seq: number
  /** Callbacks and timed work left by the last change, drained by the engine. */
  readonly outbox: Array<Callbacks.Note>
}

/** An empty world. */
export const emptyWorld = (): World => ({
  accounts: new Map(),
  apiKeyOwners: new Map(),
  conferences: new Map(),
  seq: 0,
  outbox: []
})

/** The status a participant shows at `now`. */
export const statusAt = (p: ParticipantRecord, timing: Timing, now: number): ParticipantStatus => {
  if (p.pinnedStatus !== undefined) return p.pinnedStatus
  const elapsed = now - p.createdAt
  const queued = Duration.toMillis(timing.queued)
  const connecting = queued + Duration.toMillis(timing.connecting)
  const ringing = connecting + Duration.toMillis(timing.ringing)
  if (elapsed < queued) return "queued"
  if (elapsed < connecting) return "connecting"
  if (elapsed < ringing) return "ringing"
  return "connected"
}

/** `/2010-04-01/Accounts/{AccountSid}` */
export const accountPath = (accountSid: string) => `/2010-04-01/Accounts/${accountSid}`

/** The participants list path of a conference (no `.json`). */
export const participantsPath = (accountSid: string, conferenceSid: string) =>
  `${accountPath(accountSid)}/Conferences/${conferenceSid}/Participants`

/** The JSON Twilio returns for a participant; `queueTime` only on a create answer. */
export const participantJson = (
  p: ParticipantRecord,
  timing: Timing,
  now: number,
  queueTime: string | null = null
) => ({
  account_sid: p.accountSid,
  call_sid: p.callSid,
  label: p.label,
  call_sid_to_coach: p.callSidToCoach,
  coaching: p.coaching,
  conference_sid: p.conferenceSid,
  date_created: rfc2822(p.createdAt),
  date_updated: rfc2822(p.updatedAt),
  end_conference_on_exit: p.endConferenceOnExit,
  muted: p.muted,
  hold: p.hold,
  start_conference_on_enter: p.startConferenceOnEnter,
  status: statusAt(p, timing, now),
  queue_time: queueTime,
  uri: `${participantsPath(p.accountSid, p.conferenceSid)}/${p.callSid}.json`
})

/** The wire JSON of a participant. */
export type ParticipantJson = ReturnType<typeof participantJson>

/** The JSON Twilio returns for a conference. */
export const conferenceJson = (c: ConferenceRecord) => {
  const base = `${accountPath(c.accountSid)}/Conferences/${c.sid}`
  return {
    account_sid: c.accountSid,
    date_created: rfc2822(c.createdAt),
    date_updated: rfc2822(c.updatedAt),
    api_version: "2010-04-01",
    friendly_name: c.friendlyName,
    region: c.region,
    sid: c.sid,
    status: c.status,
    uri: `${base}.json`,
    subresource_uris: {
      participants: `${base}/Participants.json`,
      recordings: `${base}/Recordings.json`
    },
    reason_conference_ended: c.reasonEnded,
    call_sid_ending_conference: c.callSidEndingConference
  }
}

/** The wire JSON of a conference. */
export type ConferenceJson = ReturnType<typeof conferenceJson>

/** Adds a participant at the end of a roster. */
export const addToRoster = (c: ConferenceRecord, p: ParticipantRecord): void => {
  c.roster.push(p)
  c.byCallSid.set(p.callSid, p)
  if (p.label !== null) c.byLabel.set(p.label, p)
}

/** Index of the first roster entry whose `seq` is greater than `seq` (binary search). */
export const indexAfter = (roster: ReadonlyArray<ParticipantRecord>, seq: number): number => {
  let lo = 0
  let hi = roster.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const entry = roster[mid]
    if (entry !== undefined && entry.seq <= seq) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Removes one participant from its roster. */
export const removeFromRoster = (c: ConferenceRecord, p: ParticipantRecord): void => {
  const at = indexAfter(c.roster, p.seq - 1)
  if (c.roster[at] === p) c.roster.splice(at, 1)
  c.byCallSid.delete(p.callSid)
  if (p.label !== null && c.byLabel.get(p.label) === p) c.byLabel.delete(p.label)
}

/**
 * Ends a conference: it becomes `completed` and everyone drops out (each joined call hears why),
 * then `conference-end` names the reason and the call that ended it.
 */
export const endConference = (
  c: ConferenceRecord,
  now: number,
  reason: EndReason,
  ending: ParticipantRecord | null
): void => {
  c.status = "completed"
  c.updatedAt = now
  c.reasonEnded = reason
  c.callSidEndingConference = ending?.callSid ?? null
  const why =
    reason === "conference-ended-via-api" ? "conference_ended_via_api" : "moderator_ended_conference"
  for (const p of c.roster) Callbacks.leave(c, p, now, why)
  c.roster.length = 0
  c.byCallSid.clear()
  c.byLabel.clear()
  Callbacks.ended(c, now, reason, ending ?? undefined)
}

/**
 * A participant drops out: removed by the API (`kicked`) or hanging up (`left`). Their exit ends the
 * conference when they had `endConferenceOnExit`, or when nobody is left; the reason says which, and
 * names their call.
 */
export const dropParticipant = (
  c: ConferenceRecord,
  p: ParticipantRecord,
  now: number,
  how: "kicked" | "left"
): void => {
  removeFromRoster(c, p)
  c.updatedAt = now
  Callbacks.leave(c, p, now, how === "kicked" ? "participant_updated_via_api" : "participant_hung_up")
  if (p.endConferenceOnExit) {
    endConference(c, now, `participant-with-end-conference-on-exit-${how}`, p)
  } else if (c.roster.length === 0) {
    endConference(c, now, `last-participant-${how}`, p)
  }
}

/** Finds a participant by Call SID or label. */
export const findParticipant = (c: ConferenceRecord, callSidOrLabel: string): ParticipantRecord | undefined =>
  c.byCallSid.get(callSidOrLabel) ?? c.byLabel.get(callSidOrLabel)

/** The active (init or in-progress) conference of an account with this friendly name. */
export const activeByFriendlyName = (world: World, accountSid: string, name: string) => {
  for (const c of world.conferences.values()) {
    if (c.accountSid === accountSid && c.friendlyName === name && c.status !== "completed") return c
  }
  return undefined
}
