/**
 * Filters and paging of a conference list: camelCase on the Type side, Twilio's query parameters on
 * the Encoded side (`DateCreated<` and `DateCreated>` included). `limit` is the SDK's own and is never
 * sent.
 */
import type * as UrlParams from "@effect/platform/UrlParams"
import { FormEncoding } from "@effect-twilio/core"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { KnownConferenceStatus } from "./Conference.js"
import { Day, intBetween, optional } from "./internal/params.js"

const DAY_TEXT = "a date written YYYY-MM-DD (UTC)"

/** The parameters that go on the wire, each under its query name. */
const Query = Schema.Struct({
  /** Only conferences with exactly this name. */
  friendlyName: optional(
    "friendlyName",
    "FriendlyName",
    Schema.String.pipe(Schema.minLength(1), Schema.maxLength(128)),
    "a name of 1 to 128 characters"
  ),
  /** Only conferences in this status. */
  status: optional("status", "Status", KnownConferenceStatus, `"init", "in-progress" or "completed"`),
  /** Only conferences created on this day (UTC). */
  dateCreated: optional("dateCreated", "DateCreated", Day, DAY_TEXT),
  /** Only conferences created on or before this day (UTC). */
  dateCreatedBefore: optional("dateCreatedBefore", "DateCreated<", Day, DAY_TEXT),
  /** Only conferences created on or after this day (UTC). */
  dateCreatedAfter: optional("dateCreatedAfter", "DateCreated>", Day, DAY_TEXT),
  /** Only conferences last updated on this day (UTC). */
  dateUpdated: optional("dateUpdated", "DateUpdated", Day, DAY_TEXT),
  /** Only conferences last updated on or before this day (UTC). */
  dateUpdatedBefore: optional("dateUpdatedBefore", "DateUpdated<", Day, DAY_TEXT),
  /** Only conferences last updated on or after this day (UTC). */
  dateUpdatedAfter: optional("dateUpdatedAfter", "DateUpdated>", Day, DAY_TEXT),
  /** Conferences per page, 1 to 1000 (Twilio's default: 50). */
  pageSize: optional("pageSize", "PageSize", intBetween(1, 1000), "a whole number from 1 to 1000"),
  /** Page index Twilio echoes back; only meaningful together with `pageToken` from a paging link. */
  page: optional("page", "Page", Schema.NonNegativeInt, "a whole number of at least 0"),
  /** Opaque cursor taken from a paging link, for callers that keep their own position. */
  pageToken: optional("pageToken", "PageToken", Schema.String, "a string")
})

/** The typed filters plus the SDK-side `limit`. */
const Typed = Schema.Struct({
  ...Query.fields,
  /** Stop after this many conferences, fetching no page beyond the one that reaches it (not sent to Twilio). */
  limit: Schema.optionalWith(
    Schema.UndefinedOr(Schema.Int.pipe(Schema.greaterThanOrEqualTo(1))).annotations({
      message: () => ({ message: "limit must be a positive whole number", override: true })
    }),
    { exact: true }
  )
})

/**
 * Filters and paging of a conference list; all optional. The Encoded side is the query string only:
 * `limit` is dropped when encoding (and absent after decoding a query).
 */
export const ListConferencesParams = Schema.transform(Schema.encodedSchema(Query), Typed, {
  strict: true,
  decode: (query) => query,
  encode: ({ limit: _limit, ...query }) => query
}).annotations({ identifier: "ListConferencesParams" })

/** Filters and paging of a conference list (camelCase). */
export type ListConferencesParams = typeof ListConferencesParams.Type

/** The query parameters of a list request, as sent. */
export type ListConferencesQuery = typeof ListConferencesParams.Encoded

const makeEncoders = () => ({
  query: Schema.encodeUnknownEither(ListConferencesParams, { onExcessProperty: "error" }),
  validate: Schema.validateEither(Typed)
})
// Built on the first encode, not at import: a cold start may never list.
let encoders: ReturnType<typeof makeEncoders> | undefined

/**
 * Checks `params` and splits them into the query string and the SDK-side `limit`; fails with a
 * `ParseError` naming each offending parameter (an unknown key included), before any I/O. Synchronous:
 * the `Either` is also an `Effect`.
 */
export const encode = (
  params: ListConferencesParams
): Either.Either<
  { readonly query: UrlParams.UrlParams; readonly limit: number | undefined },
  ParseResult.ParseError
> => {
  encoders ??= makeEncoders()
  return Either.map(Either.all([encoders.query(params), encoders.validate(params)]), ([query, valid]) => ({
    query: FormEncoding.toUrlParams(query),
    limit: valid.limit
  }))
}
