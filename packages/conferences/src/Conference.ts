/**
 * A conference as Twilio reports it, decoded from the snake_case wire JSON.
 *
 * Nullability follows the OpenAPI slice: every property is nullable (and absent decodes to `null`)
 * except `status`, which the slice declares as a plain enum. `reason_conference_ended` is an enum
 * without `nullable` in the slice, but its description and the slice's own examples give `null`
 * while a conference is in progress: the examples win, so it is nullable here.
 *
 * `status` and `reasonConferenceEnded` never fail on a value Twilio adds later: an unknown string is
 * kept verbatim as a branded `Unknown…` value, in a single fetch as in a list.
 */
import * as Rfc2822 from "@effect-twilio/core/Rfc2822"
import { AccountSid, CallSid, ConferenceSid } from "@effect-twilio/core/Sid"
import * as Schema from "effect/Schema"
import { nullable, openLiterals } from "./internal/wire.js"

/** The conference statuses Twilio documents today. */
export const KnownConferenceStatus = Schema.Literal("init", "in-progress", "completed")
/** The conference statuses Twilio documents today. */
export type KnownConferenceStatus = typeof KnownConferenceStatus.Type

const status = openLiterals(KnownConferenceStatus, "UnknownConferenceStatus")

/** A conference status this SDK does not know yet, kept verbatim. */
export const UnknownConferenceStatus = status.unknown
/** A conference status this SDK does not know yet, kept verbatim. */
export type UnknownConferenceStatus = typeof UnknownConferenceStatus.Type

/** A conference's status: a documented literal or the raw text of an unknown one. */
export const ConferenceStatus = status.open
/** A conference's status: a documented literal or the raw text of an unknown one. */
export type ConferenceStatus = typeof ConferenceStatus.Type

/** True when `status` is one of the documented conference statuses. */
export const isKnownConferenceStatus: (status: unknown) => status is KnownConferenceStatus = status.isKnown

/** Why a conference ended, as Twilio documents it today. */
export const KnownConferenceEndReason = Schema.Literal(
  "conference-ended-via-api",
  "participant-with-end-conference-on-exit-left",
  "participant-with-end-conference-on-exit-kicked",
  "last-participant-kicked",
  "last-participant-left"
)
/** Why a conference ended, as Twilio documents it today. */
export type KnownConferenceEndReason = typeof KnownConferenceEndReason.Type

const endReason = openLiterals(KnownConferenceEndReason, "UnknownConferenceEndReason")

/** An end reason this SDK does not know yet, kept verbatim. */
export const UnknownConferenceEndReason = endReason.unknown
/** An end reason this SDK does not know yet, kept verbatim. */
export type UnknownConferenceEndReason = typeof UnknownConferenceEndReason.Type

/** Why a conference ended: a documented literal or the raw text of an unknown one. */
export const ConferenceEndReason = endReason.open
/** Why a conference ended: a documented literal or the raw text of an unknown one. */
export type ConferenceEndReason = typeof ConferenceEndReason.Type

/** True when `reason` is one of the documented end reasons. */
export const isKnownConferenceEndReason: (reason: unknown) => reason is KnownConferenceEndReason =
  endReason.isKnown

/** The related lists of a conference (paths below the API host); other entries are ignored, like any extra field. */
export const ConferenceSubresourceUris = Schema.Struct({
  /** The conference's participants list. */
  participants: nullable("participants", Schema.String),
  /** The conference's recordings list. */
  recordings: nullable("recordings", Schema.String)
}).annotations({ identifier: "ConferenceSubresourceUris" })
/** The related lists of a conference. */
export type ConferenceSubresourceUris = typeof ConferenceSubresourceUris.Type

/** A conference: the room participants are in, from `init` through `in-progress` to `completed`. */
export class Conference extends Schema.Class<Conference>("Conference")({
  /** The conference. */
  sid: nullable("sid", ConferenceSid),
  /** The account that owns the conference. */
  accountSid: nullable("account_sid", AccountSid),
  /** The name the conference was started with (`null` in some of Twilio's answers). */
  friendlyName: nullable("friendly_name", Schema.String),
  /** Where the conference stands; unknown values are kept, never rejected. */
  status: ConferenceStatus,
  /** Where the audio is mixed (`us1`, `ie1`, `au1` …, or `unknown`). */
  region: nullable("region", Schema.String),
  /** When the conference was created (UTC). */
  dateCreated: nullable("date_created", Rfc2822.DateTimeFromRfc2822),
  /** When the conference was last updated (UTC). */
  dateUpdated: nullable("date_updated", Rfc2822.DateTimeFromRfc2822),
  /** Why the conference ended; `null` while it is in progress. Unknown values are kept. */
  reasonConferenceEnded: nullable("reason_conference_ended", ConferenceEndReason),
  /** The call whose exit ended the conference, when a participant's exit did. */
  callSidEndingConference: nullable("call_sid_ending_conference", CallSid),
  /** The API version the conference was created with (`2010-04-01`). */
  apiVersion: nullable("api_version", Schema.String),
  /** The conference's path below the API host (`/2010-04-01/Accounts/AC…/Conferences/CF….json`). */
  uri: nullable("uri", Schema.String),
  /** The conference's related lists. */
  subresourceUris: nullable("subresource_uris", ConferenceSubresourceUris)
}) {
  /** A conference's status (`Conference.Status`): a documented literal or the raw text of an unknown one. */
  static readonly Status = ConferenceStatus
  /** The documented conference statuses. */
  static readonly KnownStatus = KnownConferenceStatus
  /** True when a status is one of the documented ones. */
  static readonly isKnownStatus = isKnownConferenceStatus
  /** Why a conference ended: a documented literal or the raw text of an unknown one. */
  static readonly EndReason = ConferenceEndReason
  /** The documented end reasons. */
  static readonly KnownEndReason = KnownConferenceEndReason
  /** True when an end reason is one of the documented ones. */
  static readonly isKnownEndReason = isKnownConferenceEndReason
  /** The related lists of a conference. */
  static readonly SubresourceUris = ConferenceSubresourceUris
}

/** The types that go with `Conference`'s static schemas (`Conference.Status` …). */
export declare namespace Conference {
  /** A conference's status: a documented literal or the raw text of an unknown one. */
  export type Status = ConferenceStatus
  /** A documented conference status. */
  export type KnownStatus = KnownConferenceStatus
  /** Why a conference ended: a documented literal or the raw text of an unknown one. */
  export type EndReason = ConferenceEndReason
  /** A documented end reason. */
  export type KnownEndReason = KnownConferenceEndReason
  /** The related lists of a conference. */
  export type SubresourceUris = ConferenceSubresourceUris
}
