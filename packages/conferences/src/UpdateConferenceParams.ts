/**
 * Parameters of a conference update: camelCase on the Type side, Twilio's PascalCase form fields on
 * the Encoded side. These are all three parameters of `UpdateConference`: end the conference
 * (`status: "completed"`) and/or play an announcement to everyone in it.
 */
import * as P from "@effect-twilio/core/RequestParams"
import * as Schema from "effect/Schema"
import { CallbackMethod, HttpUrl } from "./internal/params.js"

const Fields = P.struct({
  /** `"completed"` ends the conference for everyone: every participant's call is hung up. */
  status: P.optional(Schema.Literal("completed"), `"completed"`),
  /** Audio (MP3, WAV) or TwiML (Play, Say, Pause, Redirect) played once to the whole conference. */
  announceUrl: P.optional(HttpUrl, "an absolute http(s) URL"),
  /** How Twilio fetches `announceUrl` (Twilio's default: POST). */
  announceMethod: P.optional(CallbackMethod, `"GET" or "POST"`)
})

/**
 * Parameters of a conference update. At least one of `status` and `announceUrl` must be given (an
 * update without either changes nothing), and `announceMethod` only comes with `announceUrl`.
 */
export const UpdateConferenceParams = Fields.pipe(
  Schema.filter((params) =>
    params.status === undefined && params.announceUrl === undefined
      ? {
          path: [],
          message: `an update needs status: "completed", announceUrl, or both`
        }
      : params.announceMethod !== undefined && params.announceUrl === undefined
        ? { path: ["announceMethod"], message: "announceMethod needs announceUrl: it says how to fetch it" }
        : undefined
  )
).annotations({ identifier: "UpdateConferenceParams" })

/** Parameters of a conference update (camelCase). */
export type UpdateConferenceParams = typeof UpdateConferenceParams.Type

/** The form fields of a conference update, as sent (PascalCase). */
export type UpdateConferenceForm = typeof UpdateConferenceParams.Encoded

/**
 * Whether sending the update twice is harmless, so it may be retried after an ambiguous failure:
 * ending is (a completed conference stays completed); an announcement would play twice.
 */
export const isRepeatable = (params: UpdateConferenceParams): boolean => params.announceUrl === undefined

/**
 * Checks `params` and turns them into form pairs for the POST body; fails with a `ParseError` naming
 * each offending parameter (an unknown key included, so a typo is not dropped silently), before any I/O.
 * Synchronous: the `Either` is also an `Effect`.
 */
export const encode: P.Encoder<UpdateConferenceParams> = P.encoder(UpdateConferenceParams)
