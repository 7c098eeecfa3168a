/**
 * Filters and paging of `Participants.list` / `Participants.page`: camelCase on the Type side,
 * Twilio's PascalCase query parameters on the Encoded side. `limit` is the SDK's own and is never sent.
 */
import * as P from "@effect-twilio/core/RequestParams"
import * as Schema from "effect/Schema"
import * as F from "./internal/fields.js"

const flag = P.optional(Schema.Boolean, "true or false")

/**
 * Filters and paging of a roster; all optional. The Encoded side is the query string only: `limit`
 * (stop after this many participants, fetching no page beyond the one that reaches it) is the
 * SDK's own, dropped when encoding and absent after decoding a query.
 */
export const ListParticipantsParams = P.query(
  () => ({
    /** Only participants that are muted (`true`) or not muted (`false`). */
    muted: flag,
    /** Only participants that are on hold (`true`) or not (`false`). */
    hold: flag,
    /** Only participants that are coaching (`true`) or not (`false`). */
    coaching: flag,
    /** Participants per page, 1 to 1000 (Twilio's default: 50). */
    pageSize: P.optional(F.intBetween(1, 1000), "a whole number from 1 to 1000"),
    /** Page index Twilio echoes back; only meaningful together with `pageToken` from a paging link. */
    page: P.optional(F.intAtLeast(0), "a whole number of at least 0"),
    /** Opaque cursor taken from a paging link, for callers that keep their own position. */
    pageToken: P.optional(Schema.String, "a string")
  }),
  { identifier: "ListParticipantsParams", wireIdentifier: "ListParticipantsQuery" }
)

/** Filters and paging of a roster (camelCase). */
export type ListParticipantsParams = typeof ListParticipantsParams.Type

/**
 * Checks `params` and splits them into the query string and the SDK-side `limit`; fails with a
 * `ParseError` naming each offending parameter, before any I/O.
 */
export const encodeListParticipantsParams: P.Encoder<ListParticipantsParams, P.EncodedQuery> =
  P.queryEncoder(ListParticipantsParams)
