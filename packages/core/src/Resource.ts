/**
 * The resource kit: what every Twilio REST resource needs, written once. A resource (Participants,
 * Conferences …) declares its schemas and builds each operation from these pieces:
 *
 * - `path`: the request path from caller values, each segment checked (no `.`/`..`, no lone
 *   surrogate, not empty) and percent-encoded here and nowhere else;
 * - `form`: checked params, already turned into form pairs by their schema, refused when a value
 *   holds a lone surrogate (a form encoder would silently send U+FFFD);
 * - `effect` / `stream`: check the trailing per-call `{ timeout, retry }`, lay them over the scoped
 *   ones (`CallOptions.withCallOptions`), run the body in the operation's one span and turn a hostile
 *   argument (a throwing getter, a revoked proxy) into `InvalidParameters`;
 * - `lazyDecoder`: a check's parser made on its first call, not at import;
 * - `narrow`: give a Twilio code a resource-specific error (`inactiveConference`: 16001 or 16099
 *   → `InactiveConference`);
 * - `list` / `listFrom` / `page` / `nextPage`: a paged list as a lazy `Stream` that follows
 *   `next_page_uri` only within the same list (same path, filters and `PageSize`), never twice, and
 *   stops after a run of empty pages; every page failure names its page (`cursor`) so
 *   `listFrom(cursor)` resumes there, and an item that fails to decode also names the page after
 *   it (`nextCursor`), so a listing can carry on past it; `pageFields` and `envelope` are the page
 *   every Twilio list shares.
 *
 * A new resource needs its schemas, a `List` description per list, and one short function per
 * operation: see `Participants.ts` in `@effect-twilio/participants`.
 */
import * as UrlParams from "@effect/platform/UrlParams"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Record from "effect/Record"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as CallOptions from "./CallOptions.js"
import { Listing } from "./internal/paging.js"
import { unsendable } from "./internal/text.js"
import { checkPageUri } from "./Pagination.js"
import type * as TwilioClient from "./TwilioClient.js"
import { TwilioClient as TwilioClientTag } from "./TwilioClient.js"
import {
  type HttpError,
  InactiveConference,
  InvalidParameters,
  InvalidRequest,
  UnexpectedResponse,
  withCursor
} from "./TwilioError.js"

// ---------------------------------------------------------------------------------------------
// Checking caller input
// ---------------------------------------------------------------------------------------------

/** A failed check: `InvalidParameters` whose message starts with the operation's name. */
export const invalid = (operation: string, message: string): InvalidParameters =>
  new InvalidParameters({ operation, message: `${operation}: ${message}` })

/**
 * Runs checks of untyped input. Untyped callers can hand over getters that throw or revoked
 * proxies, which throw from `Object.keys` or `Array.isArray`: that is bad input, never a defect.
 */
export const guard = <A>(
  operation: string,
  check: () => Either.Either<A, InvalidParameters>
): Either.Either<A, InvalidParameters> => {
  try {
    return check()
  } catch {
    return Either.left(
      invalid(operation, "an argument could not be read (a getter threw, or a proxy was revoked)")
    )
  }
}

/**
 * Every issue of a params schema's `error` as `path: message`, joined by "; ". The path is left out
 * when the message already names the field (the params schemas' own messages do), so nothing is
 * said twice.
 */
export const describeParseError = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .map(({ path, message }) => {
      const where = path.map(String).join(".")
      const field = path.length === 0 ? undefined : String(path[path.length - 1])
      return where === "" || message.startsWith(where) || (field !== undefined && message.startsWith(field))
        ? message
        : `${where}: ${message}`
    })
    .join("; ")

/** A schema check's outcome, its failure as `InvalidParameters` naming the operation. */
export const checked = <A>(
  operation: string,
  result: Either.Either<A, ParseResult.ParseError>
): Either.Either<A, InvalidParameters> =>
  Either.mapLeft(result, (error) => invalid(operation, describeParseError(error)))

/**
 * A synchronous decoder of caller input, made on its first call rather than at import: a cold start
 * that never calls the operation never builds its parser.
 */
export const lazyDecoder = <A>(schema: Schema.Schema<A, string>) => {
  let decode: ReturnType<typeof Schema.decodeUnknownEither<A, string>> | undefined
  return (input: unknown): Either.Either<A, ParseResult.ParseError> => {
    decode ??= Schema.decodeUnknownEither(schema)
    return decode(input)
  }
}

/** One path value: what it names (for messages) and the caller's text. */
export type Segment = readonly [what: string, value: string]

/**
 * One path segment, percent-encoded; the reason when it cannot be one. `.` and `..` are refused
 * (URL parsers collapse them, so the request would reach another resource), as are empty values
 * and lone surrogates (`encodeURIComponent` throws on those).
 */
export const segment = (what: string, value: unknown): Either.Either<string, string> => {
  if (typeof value !== "string") return Either.left(`${what} must be a string`)
  if (value === "") return Either.left(`${what} must not be empty`)
  if (value === "." || value === "..") return Either.left(`${what} must not be "${value}" (a dot segment)`)
  const bad = unsendable(what, value)
  return bad === undefined ? Either.right(encodeURIComponent(value)) : Either.left(bad)
}

/**
 * `base` followed by each segment and `suffix` (`".json"`); caller values are `[what, value]` pairs,
 * checked and encoded, fixed route segments plain strings:
 * `path("fetch", conferences, [["conference", sid], "Participants", ["participant", label]])`.
 */
export const path = (
  operation: string,
  base: string,
  segments: ReadonlyArray<string | Segment>,
  suffix = ".json"
): Either.Either<string, InvalidParameters> => {
  let out = base
  for (const part of segments) {
    // A plain string is a fixed segment of the route (`"Participants"`), taken as it is.
    if (typeof part === "string") {
      out += `/${part}`
      continue
    }
    const [what, value] = part
    const encoded = segment(what, value)
    if (Either.isLeft(encoded)) return Either.left(invalid(operation, encoded.left))
    out += `/${encoded.right}`
  }
  return Either.right(out + suffix)
}

/**
 * Form pairs (made by the params schema) checked for values that UTF-8 cannot carry: a lone
 * surrogate would reach Twilio as U+FFFD, and a label so sent could never be fetched again.
 */
export const form = (
  operation: string,
  pairs: UrlParams.UrlParams
): Either.Either<UrlParams.UrlParams, InvalidParameters> => {
  for (const [key, value] of pairs) {
    const bad = unsendable(key, value)
    if (bad !== undefined) return Either.left(invalid(operation, bad))
  }
  return Either.right(pairs)
}

/** Renders an offending value for a parameter message in at most 80 characters, never throwing. */
export { showValue } from "./internal/showValue.js"

/** A span attribute from caller input: only strings, and never long enough to flood a trace. */
export const attribute = (value: unknown): string =>
  typeof value === "string" ? (value.length > 128 ? `${value.slice(0, 128)}…` : value) : typeof value

/**
 * The authenticated client as resources use it: `const client = yield* Resource.client` in a
 * resource's `make`. Each request runs with the `{ timeout, retry }` in force (`effect`/`stream`
 * lay a call's options over the scoped ones; the pipeline reads them from `CallOptions.Current`).
 */
export const client: Effect.Effect<TwilioClient.Service, never, TwilioClient.TwilioClient> = TwilioClientTag

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/** What names an operation: its span (`Participants.fetch`) and its short name in messages (`fetch`). */
export interface Operation {
  /** The resource, `Participants`: the span is `${resource}.${name}`. */
  readonly resource: string
  /** The operation, `fetch`: messages of `InvalidParameters` start with it. */
  readonly name: string
  /** Span attributes (conference SID, participant …), from caller input as given. */
  readonly attributes?: Record<string, unknown>
}

const spanOptions = (op: Operation) => ({
  kind: "client" as const,
  // The operation's name says where it came from; a stack trace per call is not worth its cost.
  captureStackTrace: false,
  attributes: Object.fromEntries(
    Object.entries(op.attributes ?? {}).map(([key, value]) => [key, attribute(value)])
  )
})

/** The call's options, checked, and what `body` built; a throw while building is bad input. */
const prepare = <B>(
  op: Operation,
  options: unknown,
  body: () => B
): Either.Either<readonly [B, CallOptions.Checked], InvalidParameters> =>
  Either.flatMap(
    guard(op.name, () => CallOptions.checkFor(op.name, options)),
    (checked) =>
      Either.map(
        guard(op.name, () => Either.right(body())),
        (built) => [built, checked] as const
      )
  )

/**
 * An operation returning an effect: checks `options` (the caller's trailing `{ timeout, retry }`),
 * then runs `body` with them in force, in the operation's span. `body` builds its request
 * eagerly, through `guard`-style checks; if building it throws, that is `InvalidParameters`.
 */
export const effect = <A, E, R>(
  op: Operation,
  options: unknown,
  body: () => Effect.Effect<A, E, R>
): Effect.Effect<A, E | InvalidParameters, R> =>
  Effect.withSpan(
    Effect.suspend(() =>
      Either.match(prepare(op, options, body), {
        onLeft: (error): Effect.Effect<A, E | InvalidParameters, R> => Effect.fail(error),
        onRight: ([built, checked]) => CallOptions.provide(built, checked)
      })
    ),
    `${op.resource}.${op.name}`,
    spanOptions(op)
  )

/** `effect` for an operation returning a stream (a list): the span covers the whole stream. */
export const stream = <A, E, R>(
  op: Operation,
  options: unknown,
  body: () => Stream.Stream<A, E, R>
): Stream.Stream<A, E | InvalidParameters, R> =>
  Stream.withSpan(
    Stream.suspend(() =>
      Either.match(prepare(op, options, body), {
        onLeft: (error): Stream.Stream<A, E | InvalidParameters, R> => Stream.fail(error),
        onRight: ([built, checked]) => CallOptions.provideStream(built, checked)
      })
    ),
    `${op.resource}.${op.name}`,
    spanOptions(op)
  )

/**
 * Turns an `InvalidRequest` whose Twilio code is in `codes` into the resource's own error:
 * `narrow(new Set([16001, 16099]), (e) => new InactiveConference({ … }))`.
 */
export const narrow =
  <E2>(codes: ReadonlySet<number>, to: (error: InvalidRequest) => E2) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | E2, R> =>
    Effect.catchIf(
      self,
      (error): error is E & InvalidRequest => error instanceof InvalidRequest && codes.has(error.code),
      (error) => Effect.fail(to(error))
    )

/** Twilio codes that mean "this conference is not in progress" (16099: it has completed). */
const INACTIVE_CONFERENCE_CODES: ReadonlySet<number> = new Set([16001, 16099])

/**
 * `narrow` for any operation on a conference or its participants: Twilio's "not in progress"
 * codes become `InactiveConference` naming `conference` as the caller gave it.
 */
export const inactiveConference = (conference: string) =>
  narrow(
    INACTIVE_CONFERENCE_CODES,
    (error) =>
      new InactiveConference({
        method: error.method,
        path: error.path,
        status: error.status,
        code: error.code,
        message: error.message,
        conference,
        ...(error.moreInfo === undefined ? {} : { moreInfo: error.moreInfo }),
        ...(error.requestId === undefined ? {} : { requestId: error.requestId })
      })
  )

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

/** How one paged list of a resource reads its pages. */
export interface List<Page, Item, PageEncoded = unknown> {
  /** The route with placeholders, for the span (`/2010-04-01/Accounts/{AccountSid}/Conferences.json`). */
  readonly route: string
  /** The directory every page link must stay below, such as the account's `…/Conferences`. */
  readonly within: string
  /** Whether a cursor's path names a list of this kind (this account's rosters, say). */
  readonly isListPath: (path: string) => boolean
  /** The page's JSON with its items left undecoded (see `envelope`). */
  readonly page: Schema.Schema<Page, PageEncoded>
  /** The undecoded items of a page. */
  readonly items: (page: Page) => ReadonlyArray<unknown>
  /** The page's `next_page_uri`, `null` on the last page. */
  readonly next: (page: Page) => string | null | undefined
  /** Decodes one item; the reason when it does not decode. */
  readonly item: (raw: unknown) => Either.Either<Item, string>
}

/** A nullable wire field under `key`; absent decodes to `null` (an older or trimmed response). */
const nullable = <A, I>(key: string, schema: Schema.Schema<A, I>) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null }).pipe(Schema.fromKey(key))

/** The paging fields every Twilio list page carries, camelCase on the Type side; an absent one is `null`. */
export const pageFields = {
  /** Link to the next page; `null` on the last page. */
  nextPageUri: nullable("next_page_uri", Schema.String),
  /** Link to the previous page; `null` on the first page. */
  previousPageUri: nullable("previous_page_uri", Schema.String),
  /** Link to the first page. */
  firstPageUri: nullable("first_page_uri", Schema.String),
  /** This page's own link. */
  uri: nullable("uri", Schema.String),
  /** Zero-based index of this page. */
  page: nullable("page", Schema.Int),
  /** Requested page size. */
  pageSize: nullable("page_size", Schema.Int),
  /** Zero-based position of the page's first item within the whole list. */
  start: nullable("start", Schema.Int),
  /** Zero-based position of the page's last item within the whole list. */
  end: nullable("end", Schema.Int)
}

/**
 * A page as `List.page` reads it: the paging fields, and the items under `key` left undecoded so
 * one bad item can be named (and skipped by resuming from `nextCursor`) instead of failing the page.
 */
export const envelope = <const Key extends string>(key: Key) =>
  Schema.Struct({ ...Record.singleton(key, Schema.Array(Schema.Unknown)), ...pageFields })

/** An item decoder for `List.item` from a schema: the reason is the schema's own message. */
export const itemDecoder = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(schema, { onExcessProperty: "ignore" })
  return (raw: unknown): Either.Either<A, string> =>
    Either.mapLeft(decode(raw), (error) => ParseResult.TreeFormatter.formatErrorSync(error))
}

/** One item through `list.item`; an item too pathological to even describe is still a reason, never a defect. */
const decodeItem = <Page, Item, PageEncoded>(
  list: List<Page, Item, PageEncoded>,
  raw: unknown
): Either.Either<Item, string> => {
  try {
    return list.item(raw)
  } catch {
    return Either.left("the item cannot be decoded")
  }
}

/** A page read: its decoded items and the link to the next page. */
export interface PageRead<Page, Item> {
  readonly page: Page
  readonly items: ReadonlyArray<Item>
  readonly next: string | null
}

const pathOnly = (uri: string) => {
  const q = uri.indexOf("?")
  return q === -1 ? uri : uri.slice(0, q)
}

const pageUri = (path: string, query: UrlParams.UrlParams) =>
  query.length === 0 ? path : `${path}?${UrlParams.toString(query)}`

const pagingFailure = (cursor: string, description: string, excerpt = "") =>
  new UnexpectedResponse({ method: "GET", path: pathOnly(cursor), status: 200, description, excerpt, cursor })

/**
 * Reads one page at `cursor` (its path and query) and decodes its items. Every failure names the
 * page (`cursor`); an item that does not decode also gives its index and reason, and `nextCursor`
 * when the page linked to a next one that `listing` would follow.
 */
const readPage = <Page, Item, PageEncoded>(
  client: TwilioClient.Service,
  list: List<Page, Item, PageEncoded>,
  cursor: string,
  request: { readonly path: string; readonly query?: UrlParams.UrlParams },
  listing: Listing
): Effect.Effect<PageRead<Page, Item>, HttpError> =>
  client.json({ method: "GET", route: list.route, repeatable: true, ...request }, list.page).pipe(
    Effect.mapError((error) => withCursor(error, cursor)),
    Effect.flatMap((page) => {
      const raw = list.items(page)
      const next = list.next(page) ?? null
      const items = new Array<Item>(raw.length)
      for (let i = 0; i < raw.length; i++) {
        const decoded = decodeItem(list, raw[i])
        if (Either.isLeft(decoded)) {
          const resume = next === null || next === "" ? undefined : Either.getRight(listing.check(next))
          return Effect.fail(
            new UnexpectedResponse({
              method: "GET",
              path: pathOnly(cursor),
              status: 200,
              description: `item ${i} of the page does not decode: ${decoded.left}`,
              excerpt: "",
              cursor,
              itemIndex: i,
              itemReason: decoded.left,
              ...(resume === undefined || Option.isNone(resume) ? {} : { nextCursor: resume.value })
            })
          )
        }
        items[i] = decoded.right
      }
      return Effect.succeed({ page, items, next: next === "" ? null : next })
    })
  )

/**
 * The `limit` of a resumed listing (`listFrom(cursor, { limit })`), read as untyped input: absent,
 * or a positive whole number.
 */
export const limit = (
  operation: string,
  params: unknown
): Either.Either<number | undefined, InvalidParameters> =>
  guard(operation, () => {
    if (params === undefined || params === null) return Either.right(undefined)
    const value = Predicate.isRecord(params) ? params.limit : Number.NaN
    return value === undefined || (typeof value === "number" && Number.isSafeInteger(value) && value >= 1)
      ? Either.right(value)
      : Either.left(invalid(operation, "limit must be a positive whole number"))
  })

/** Where a listing starts: the first page's path and query, or a cursor that passed `checkCursor`. */
export interface Start {
  readonly path: string
  readonly query?: UrlParams.UrlParams
}

/**
 * The first request of a list: `query` with `PageSize` set to `limit` (at most 1000) when the
 * caller set a limit but no page size, since a small limit needs no more than one small page.
 */
export const firstPage = (path: string, query: UrlParams.UrlParams, limit: number | undefined): Start => ({
  path,
  query:
    limit !== undefined && Option.isNone(UrlParams.getFirst(query, "PageSize"))
      ? UrlParams.set(query, "PageSize", String(Math.min(limit, 1000)))
      : query
})

/**
 * Checks a caller's cursor (the `cursor` or `nextCursor` of a failed page, or a page's
 * `nextPageUri`): a page of a list of this kind, below `list.within`.
 */
export const checkCursor = <Page, Item, PageEncoded>(
  operation: string,
  list: List<Page, Item, PageEncoded>,
  cursor: unknown
): Either.Either<Start, InvalidParameters> =>
  Either.mapLeft(
    Either.flatMap(checkPageUri(cursor, list.within), (path) =>
      list.isListPath(pathOnly(path))
        ? Either.right({ path })
        : Either.left("it does not name a list of this kind")
    ),
    (reason) => invalid(operation, `cursor: ${reason}`)
  )

/**
 * The items of every page from `start` on, as a lazy stream: a page is fetched only when the
 * previous one has been consumed, at most one page is held, and no page past `limit` is read.
 * A link that names another list, changes the filters or `PageSize`, or was already read ends the
 * stream with `UnexpectedResponse` before it is requested; so do more than 10 empty pages in a row.
 */
export const list = <Page, Item, PageEncoded>(
  client: TwilioClient.Service,
  spec: List<Page, Item, PageEncoded>,
  start: Start,
  limit?: number
): Stream.Stream<Item, HttpError> => {
  /** The page to read next: the link as given (its cursor), what to request, and the page that named it. */
  interface Step {
    readonly cursor: string
    readonly request: Start
    readonly from?: string
  }
  const pages = Stream.suspend(() => {
    const first = pageUri(start.path, start.query ?? UrlParams.empty)
    // Listing state is per run of the stream: running it twice starts over.
    const listing = new Listing(first, spec.within)
    return Stream.paginateChunkEffect<Step, Item, HttpError, never>(
      { cursor: first, request: start },
      (step) => {
        // A link is checked when it is about to be followed, after the previous page's items are out.
        if (step.from !== undefined) {
          const checked = listing.check(step.cursor)
          if (Either.isLeft(checked)) {
            return Effect.fail(
              pagingFailure(
                step.from,
                `next_page_uri is not followed: ${checked.left}`,
                step.cursor.slice(0, 200)
              )
            )
          }
          listing.follow(checked.right)
        }
        return Effect.flatMap(
          readPage(client, spec, step.cursor, step.request, listing),
          ({ items, next }) => {
            const chunk = Chunk.unsafeFromArray(items)
            if (next === null) return Effect.succeed([chunk, Option.none<Step>()] as const)
            const stop = listing.read(items.length, true)
            return stop === undefined
              ? Effect.succeed([
                  chunk,
                  Option.some<Step>({ cursor: next, request: { path: next }, from: step.cursor })
                ] as const)
              : Effect.fail(pagingFailure(step.cursor, stop))
          }
        )
      }
    )
  })
  return limit === undefined ? pages : Stream.take(pages, limit)
}

/**
 * One page at `start`, for callers that keep their own cursor. Its items are decoded one by one
 * like `list`'s, and a failure names the page.
 */
export const page = <Page, Item, PageEncoded>(
  client: TwilioClient.Service,
  spec: List<Page, Item, PageEncoded>,
  start: Start
): Effect.Effect<PageRead<Page, Item>, HttpError> => {
  const cursor = pageUri(start.path, start.query ?? UrlParams.empty)
  return readPage(client, spec, cursor, start, new Listing(cursor, spec.within))
}

/**
 * The list from a caller's cursor on (the `cursor` or `nextCursor` of a failed page, or a page's
 * `nextPageUri`), with the `limit` of `params`; both read as untyped input and checked first.
 */
export const listFrom = <Page, Item, PageEncoded>(
  client: TwilioClient.Service,
  operation: string,
  spec: List<Page, Item, PageEncoded>,
  cursor: unknown,
  params: unknown
): Stream.Stream<Item, HttpError | InvalidParameters> =>
  Stream.unwrap(
    Either.flatMap(checkCursor(operation, spec, cursor), (first) =>
      Either.map(limit(operation, params), (n) => list(client, spec, first, n))
    )
  )

/**
 * The page after `current` (a page read by `page` or `nextPage`): its `nextPageUri`, checked like a
 * cursor, or none on the last page. `current` is read as untyped input: a caller may hand over
 * anything, and what is no page of `pageName` (`"ParticipantPage"`) is `InvalidParameters`.
 */
export const nextPage = <Page, Item, PageEncoded>(
  client: TwilioClient.Service,
  operation: string,
  spec: List<Page, Item, PageEncoded>,
  current: unknown,
  pageName: string
): Effect.Effect<Option.Option<PageRead<Page, Item>>, HttpError | InvalidParameters> => {
  const link: unknown = Predicate.isRecord(current) ? current.nextPageUri : undefined
  if (link === null || link === undefined || link === "") return Effect.succeed(Option.none())
  if (typeof link !== "string") {
    return Effect.fail(invalid(operation, `page must be a ${pageName} (its nextPageUri a string or null)`))
  }
  return Effect.flatMap(checkCursor(operation, spec, link), (start) =>
    Effect.asSome(page(client, spec, start))
  )
}
