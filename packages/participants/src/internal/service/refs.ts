/** How callers name a conference and a participant in paths, checked before any I/O. */
import { ConferenceSid } from "@effect-twilio/core"
import * as Schema from "effect/Schema"

// The spec publishes no limit; this one is generous for any real name and keeps paths sane.
const MAX_NAME = 128
// Control characters cannot be typed into a label and would only garble logs and paths.
const hasControl = (s: string) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return true
  }
  return false
}

const name = (what: string) =>
  Schema.String.pipe(
    Schema.filter(
      (s) =>
        s.length === 0
          ? `${what} must not be empty`
          : s.length > MAX_NAME
            ? `${what} must be at most ${MAX_NAME} characters, got ${s.length}`
            : hasControl(s)
              ? `${what} must not contain control characters`
              : true,
      { identifier: what }
    )
  )

/** A participant: its Call SID, or the label it was created with. */
export const ParticipantRef = name("participant (a Call SID or a label)")

/** A conference for `create`: its Conference SID, or a FriendlyName. */
export const ConferenceRef = name("conference (a Conference SID or a FriendlyName)")

/** Decoders the service calls: synchronous, since every check here is pure. */
export const decodeParticipantRef = Schema.decodeUnknownEither(ParticipantRef)
export const decodeConferenceRef = Schema.decodeUnknownEither(ConferenceRef)
export const decodeConferenceSid = Schema.decodeUnknownEither(ConferenceSid)
