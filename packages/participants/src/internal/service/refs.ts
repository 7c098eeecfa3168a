/** How callers name a conference and a participant in paths, checked before any I/O. */
import * as Resource from "@effect-twilio/core/Resource"
import * as Sid from "@effect-twilio/core/Sid"
import * as Schema from "effect/Schema"

// The spec publishes no limit; this one is generous for any real name and keeps paths sane.
const MAX_NAME = 128
// Control characters cannot be typed into a label and would only garble logs and paths.
const controlCharacter = (s: string): number | undefined => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return c
  }
  return undefined
}

const name = (what: string) =>
  Schema.String.pipe(
    Schema.filter(
      (s) => {
        if (s.length === 0) return `${what} must not be empty`
        if (s.length > MAX_NAME) return `${what} must be at most ${MAX_NAME} characters, got ${s.length}`
        const c = controlCharacter(s)
        return c === undefined
          ? true
          : `${what} must not contain control characters (found U+${c.toString(16).padStart(4, "0")})`
      },
      { identifier: what }
    )
  )

/** A participant: its Call SID, or the label it was created with. */
export const ParticipantRef = name("participant (a Call SID or a label)")

/** A conference for `create`: its Conference SID, or a FriendlyName. */
export const ConferenceRef = name("conference (a Conference SID or a FriendlyName)")

/**
 * A label for a new participant: later used in paths in place of a Call SID, so it follows the
 * participant rules above, and must not look like a Call SID (Twilio refuses that too).
 */
export const NewLabel = name("label").pipe(
  Schema.filter((s) => (Sid.isCallSid(s) ? "label must not look like a Call SID" : true))
)

/** Decoders the service calls: synchronous, since every check here is pure. */
export const decodeParticipantRef = Resource.lazyDecoder(ParticipantRef)
export const decodeConferenceRef = Resource.lazyDecoder(ConferenceRef)
export const decodeConferenceSid = Resource.lazyDecoder(Sid.ConferenceSid)
export const decodeNewLabel = Resource.lazyDecoder(NewLabel)
