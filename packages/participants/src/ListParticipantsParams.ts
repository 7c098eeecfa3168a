/**
 * Filters and paging of `Participants.list` / `Participants.page`: camelCase on the Type side,
 * Twilio's PascalCase query parameters on the Encoded side. `limit` is the SDK's own and is never sent.
 */
import type * as UrlParams from "@effect/platform/UrlParams"
import { FormEncoding } from "@effect-twilio/core"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as F from "./internal/fields.js"

const flag = (field: string) => F.optional(field, Schema.Boolean, "true or false")

const Typed = Schema.Struct({
  /** Only participants that are muted (`true`) or not muted (`false`). */
  muted: flag("muted").pipe(Schema.fromKey("Muted")),
  /** Only participants that are on hold (`true`) or not (`false`). */
  hold: flag("hold").pipe(Schema.fromKey("Hold")),
  /** Only participants that are coaching (`true`) or not (`false`). */
  coaching: flag("coaching").pipe(Schema.fromKey("Coaching")),
  /** Participants per page, 1 to 1000 (Twilio's default: 50). */
  pageSize: F.optional("pageSize", F.intBetween(1, 1000), "a whole number from 1 to 1000").pipe(
    Schema.fromKey("PageSize")
  ),
  /** Page index Twilio echoes back; only meaningful together with `pageToken` from a paging link. */
  page: F.optional("page", F.intAtLeast(0), "a whole number of at least 0").pipe(Schema.fromKey("Page")),
  /** Opaque cursor taken from a paging link, for callers that keep their own position. */
  pageToken: F.optional("pageToken", Schema.String, "a string").pipe(Schema.fromKey("PageToken")),
  /** Stop after this many participants, fetching no page beyond the one that reaches it (not sent to Twilio). */
  limit: F.optional("limit", F.intAtLeast(1), "a positive whole number")
}).annotations({ identifier: "ListParticipantsParams" })

const Query = Schema.Struct({
  Muted: Schema.optional(Schema.Boolean),
  Hold: Schema.optional(Schema.Boolean),
  Coaching: Schema.optional(Schema.Boolean),
  PageSize: Schema.optional(Schema.Number),
  Page: Schema.optional(Schema.Number),
  PageToken: Schema.optional(Schema.String)
}).annotations({ identifier: "ListParticipantsQuery" })

/**
 * Filters and paging of a roster; all optional. The Encoded side is the query string only: `limit`
 * is dropped when encoding (and absent after decoding a query).
 */
export const ListParticipantsParams = Schema.transform(Query, Typed, {
  strict: true,
  decode: (query) => query,
  encode: ({ limit: _limit, ...query }) => query
}).annotations({ identifier: "ListParticipantsParams" })

/** Filters and paging of a roster (camelCase). */
export type ListParticipantsParams = typeof ListParticipantsParams.Type

/**
 * Checks `params` and splits them into the query string and the SDK-side `limit`; fails with a
 * `ParseError` naming each offending parameter, before any I/O.
 */
export const encodeListParticipantsParams = (
  params: ListParticipantsParams
): Either.Either<
  { readonly query: UrlParams.UrlParams; readonly limit: number | undefined },
  ParseResult.ParseError
> =>
  Either.map(
    Either.all([
      Schema.encodeUnknownEither(ListParticipantsParams)(params),
      Schema.validateEither(Typed)(params)
    ]),
    ([query, valid]) => ({ query: FormEncoding.toUrlParams(query), limit: valid.limit })
  )
