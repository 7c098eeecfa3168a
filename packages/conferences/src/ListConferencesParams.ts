/**
 * Filters and paging of a conference list: camelCase on the Type side, Twilio's query parameters on
 * the Encoded side (`DateCreated<` and `DateCreated>` included). `limit` is the SDK's own and is never
 * sent.
 */
import * as P from "@effect-twilio/core/RequestParams"
import * as Schema from "effect/Schema"
import { KnownConferenceStatus } from "./Conference.js"
import { Day, intBetween } from "./internal/params.js"

const DAY_TEXT = "a date written YYYY-MM-DD (UTC)"
const day = P.optional(Day, DAY_TEXT)

/**
 * Filters and paging of a conference list; all optional. The Encoded side is the query string only:
 * `limit` (stop after this many conferences, fetching no page beyond the one that reaches it) is the
 * SDK's own, dropped when encoding and absent after decoding a query.
 */
export const ListConferencesParams = P.query(
  () => ({
    /** Only conferences with exactly this name. */
    friendlyName: P.optional(
      Schema.String.pipe(Schema.minLength(1), Schema.maxLength(128)),
      "a name of 1 to 128 characters"
    ),
    /** Only conferences in this status. */
    status: P.optional(KnownConferenceStatus, `"init", "in-progress" or "completed"`),
    /** Only conferences created on this day (UTC). */
    dateCreated: day,
    /** Only conferences created on or before this day (UTC). */
    dateCreatedBefore: P.optional(Day, DAY_TEXT, { wire: "DateCreated<" }),
    /** Only conferences created on or after this day (UTC). */
    dateCreatedAfter: P.optional(Day, DAY_TEXT, { wire: "DateCreated>" }),
    /** Only conferences last updated on this day (UTC). */
    dateUpdated: day,
    /** Only conferences last updated on or before this day (UTC). */
    dateUpdatedBefore: P.optional(Day, DAY_TEXT, { wire: "DateUpdated<" }),
    /** Only conferences last updated on or after this day (UTC). */
    dateUpdatedAfter: P.optional(Day, DAY_TEXT, { wire: "DateUpdated>" }),
    /** Conferences per page, 1 to 1000 (Twilio's default: 50). */
    pageSize: P.optional(intBetween(1, 1000), "a whole number from 1 to 1000"),
    /** Page index Twilio echoes back; only meaningful together with `pageToken` from a paging link. */
    page: P.optional(Schema.NonNegativeInt, "a whole number of at least 0"),
    /** Opaque cursor taken from a paging link, for callers that keep their own position. */
    pageToken: P.optional(Schema.String, "a string")
  }),
  { identifier: "ListConferencesParams", wireIdentifier: "ListConferencesQuery" }
)

/** Filters and paging of a conference list (camelCase). */
export type ListConferencesParams = typeof ListConferencesParams.Type

/** The query parameters of a list request, as sent. */
export type ListConferencesQuery = typeof ListConferencesParams.Encoded

/**
 * Checks `params` and splits them into the query string and the SDK-side `limit`; fails with a
 * `ParseError` naming each offending parameter (an unknown key included), before any I/O. Synchronous:
 * the `Either` is also an `Effect`.
 */
export const encode: P.Encoder<ListConferencesParams, P.EncodedQuery> = P.queryEncoder(
  ListConferencesParams,
  { exact: true }
)
