/**
 * What the loopback server and every client agree on: account, credentials, SIDs, paths, the
 * workload parameters and the form bodies each client must send.
 */

/** 32 hex digits from a number (zero padded), for SIDs that carry a value. */
export const hex32 = (n) => n.toString(16).padStart(32, "0")

export const ACCOUNT_SID = `AC${"a1".repeat(16)}`
export const AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
export const AUTHORIZATION = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`

/** The conference every single-participant request targets. */
export const CONFERENCE_SID = `CF${"c0".repeat(16)}`
/** The participant every fetch and update targets. */
export const CALL_SID = `CA${"0b".repeat(16)}`

/** A roster conference: its SID carries the roster size, so the server needs no state. */
export const rosterConferenceSid = (size) => `CF${hex32(size)}`
/** The roster size a conference SID carries (0 for the single-participant conference). */
export const rosterSizeOf = (conferenceSid) =>
  conferenceSid === CONFERENCE_SID ? 0 : Number.parseInt(conferenceSid.slice(2), 16)

export const PAGE_SIZE = 1000

/** The n-th participant of a roster conference (0-based). */
export const rosterCallSid = (n) => `CA${hex32(0x100000000 + n)}`
/** The label of a roster's first participant, the one a moderation leaves unmuted. */
export const MODERATOR_LABEL = "moderator"

/** The moderation workload: a full conference (Twilio's cap), its roster read at this page size. */
export const MODERATION_SIZE = 250
export const MODERATION_PAGE_SIZE = 50
export const MODERATION_CONFERENCE_SID = rosterConferenceSid(MODERATION_SIZE)
/** The update a moderation sends to everyone but the moderator. */
export const MUTE = { muted: true }
export const MUTE_FORM = "Muted=true"

export const ACCOUNT_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}`
export const ITEM_TEMPLATE =
  "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
export const LIST_TEMPLATE = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json"

/** The create call every client makes: 14 parameters, one of them a repeated list. */
export const CREATE = {
  from: "+15017122661",
  to: "+15558675310",
  label: "customer",
  earlyMedia: true,
  beep: "onEnter",
  statusCallback: "https://example.com/status",
  statusCallbackMethod: "POST",
  statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
  timeout: 30,
  record: false,
  muted: false,
  startConferenceOnEnter: true,
  endConferenceOnExit: false,
  waitUrl: "https://example.com/hold-music"
}

/** The update call every client makes. */
export const UPDATE = {
  muted: true,
  hold: false,
  announceUrl: "https://example.com/announce",
  announceMethod: "POST"
}

/** The form body each client must send for create, as sorted `Key=value` pairs. */
export const CREATE_FORM = [
  "Beep=onEnter",
  "EarlyMedia=true",
  "EndConferenceOnExit=false",
  "From=+15017122661",
  "Label=customer",
  "Muted=false",
  "Record=false",
  "StartConferenceOnEnter=true",
  "StatusCallback=https://example.com/status",
  "StatusCallbackEvent=answered",
  "StatusCallbackEvent=completed",
  "StatusCallbackEvent=initiated",
  "StatusCallbackEvent=ringing",
  "StatusCallbackMethod=POST",
  "Timeout=30",
  "To=+15558675310",
  "WaitUrl=https://example.com/hold-music"
].join("&")

/** The form body each client must send for update, as sorted `Key=value` pairs. */
export const UPDATE_FORM = [
  "AnnounceMethod=POST",
  "AnnounceUrl=https://example.com/announce",
  "Hold=false",
  "Muted=true"
].join("&")

/** Sorted `Key=value` pairs of a form body, so equal bodies compare equal whatever the order. */
export const formSignature = (body) =>
  [...new URLSearchParams(body)]
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join("&")
