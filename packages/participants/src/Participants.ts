/**
 * The `Participants` service: create, fetch, update, remove and list conference participants.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as UrlParams from "@effect/platform/UrlParams"
import {
  CallOptions,
  type HttpError,
  InactiveConference,
  InvalidParameters,
  type InvalidRequest,
  Pagination,
  TwilioClient,
  type TwilioConfig,
  UnexpectedResponse,
  withCursor
} from "@effect-twilio/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Stream from "effect/Stream"
import { type CreateParticipantParams, encodeCreateParticipantParams } from "./CreateParticipantParams.js"
import { describeParseError } from "./internal/issues.js"
import {
  decodeConferenceRef,
  decodeConferenceSid,
  decodeNewLabel,
  decodeParticipantRef
} from "./internal/service/refs.js"
import { encodeListParticipantsParams, type ListParticipantsParams } from "./ListParticipantsParams.js"
// Single answers decode through the fast wire path; the value is the same `Participant`.
import { type Participant, ParticipantFromWire } from "./Participant.js"
import { ParticipantPage } from "./ParticipantPage.js"
import {
  encodeUpdateParticipantParams,
  isRepeatableUpdate,
  type UpdateParticipantParams
} from "./UpdateParticipantParams.js"

/** Failures of a request that validated: anything the HTTP exchange can report. */
export type RequestError = HttpError | InvalidParameters

/** `create` can also find the conference not in progress. */
export type CreateError = RequestError | InactiveConference
/** `fetch` failures. */
export type FetchError = RequestError
/** `update` failures. */
export type UpdateError = RequestError
/** `remove` failures. */
export type RemoveError = RequestError
/** `list` and `page` failures. */
export type ListError = RequestError

/** Twilio codes that mean "this conference is not in progress". */
const INACTIVE_CONFERENCE_CODES: ReadonlySet<number> = new Set([16001, 16099])

const isInactiveConference = (error: CreateError): error is InvalidRequest =>
  error._tag === "InvalidRequest" && INACTIVE_CONFERENCE_CODES.has(error.code)

/** The operations on one account's conference participants. */
export interface Service {
  /**
   * Dials `params.to` and adds the call to a conference. `conference` is a Conference SID (the
   * conference must be in progress) or a FriendlyName (which starts a conference when none is
   * active). Never retried after an ambiguous failure: a repeat would dial again.
   */
  readonly create: (
    conference: string,
    params: CreateParticipantParams,
    options?: CallOptions.CallOptions
  ) => Effect.Effect<Participant, CreateError>
  /** One participant, by Call SID or label. */
  readonly fetch: (
    conferenceSid: string,
    participant: string,
    options?: CallOptions.CallOptions
  ) => Effect.Effect<Participant, FetchError>
  /** Changes a participant (mute, hold, announce, coach …), by Call SID or label. */
  readonly update: (
    conferenceSid: string,
    participant: string,
    params: UpdateParticipantParams,
    options?: CallOptions.CallOptions
  ) => Effect.Effect<Participant, UpdateError>
  /** Removes a participant from the conference (its call ends), by Call SID or label. */
  readonly remove: (
    conferenceSid: string,
    participant: string,
    options?: CallOptions.CallOptions
  ) => Effect.Effect<void, RemoveError>
  /**
   * The roster as a lazy stream: pages are fetched as they are consumed, and not past `limit`. When
   * a page fails (after retries) the stream ends with that error, whose `cursor` names the page:
   * `listFrom(error.cursor)` carries on from there without reading earlier pages again.
   */
  readonly list: (
    conferenceSid: string,
    params?: ListParticipantsParams,
    options?: CallOptions.CallOptions
  ) => Stream.Stream<Participant, ListError>
  /**
   * The roster from a cursor on: the `cursor` of a failed list page, or a `nextPageUri` a caller
   * kept. It carries the conference, filters and page size; `limit` counts from the cursor on. A
   * cursor that does not point at a roster page of this account fails with `InvalidParameters`
   * before any request.
   */
  readonly listFrom: (
    cursor: string,
    params?: { readonly limit?: number },
    options?: CallOptions.CallOptions
  ) => Stream.Stream<Participant, ListError>
  /** One page of the roster, for callers that keep their own cursor. */
  readonly page: (
    conferenceSid: string,
    params?: ListParticipantsParams,
    options?: CallOptions.CallOptions
  ) => Effect.Effect<ParticipantPage, ListError>
  /** The page after `page`, or none on the last page. */
  readonly nextPage: (
    page: ParticipantPage,
    options?: CallOptions.CallOptions
  ) => Effect.Effect<Option.Option<ParticipantPage>, ListError>
}

const invalid = (operation: string) => (error: ParseResult.ParseError) =>
  new InvalidParameters({ operation, message: `${operation}: ${describeParseError(error)}` })

/** Checks per-call options (they may come from untyped code) and keeps only what was set. */
const callOptions = (
  operation: string,
  options: CallOptions.CallOptions | undefined
): Either.Either<CallOptions.Checked, InvalidParameters> =>
  Either.mapLeft(
    CallOptions.check(options),
    (message) => new InvalidParameters({ operation, message: `${operation}: ${message}` })
  )

/** A pure check's outcome, its failure as `InvalidParameters`. */
const check = <A>(operation: string, result: Either.Either<A, ParseResult.ParseError>) =>
  Either.mapLeft(result, invalid(operation))

/** A span attribute from caller input: only strings, and never long enough to flood a trace. */
const attribute = (value: unknown): string =>
  typeof value === "string" ? (value.length > 128 ? `${value.slice(0, 128)}…` : value) : typeof value

/**
 * Runs `body` in the operation's span, handed to it so its requests can name it as their parent. The
 * span is not made current around the call: that costs a context change and its undo per call, and
 * nothing else runs in between.
 */
const operationSpan = <A, E>(
  operation: string,
  attributes: Record<string, string>,
  body: () => Effect.Effect<A, E>
): Effect.Effect<A, E> =>
  // The operation's name says where it came from; a stack trace per call is not worth its cost.
  Effect.withSpan(Effect.suspend(body), `Participants.${operation}`, { captureStackTrace: false, attributes })

/** `error`, naming the page whose fetch failed; validation failures happen before any page and keep none. */
const atPage =
  (cursor: string) =>
  (error: ListError): ListError =>
    error._tag === "InvalidParameters" ? error : withCursor(error, cursor)

/** The path and query of a request, as a page link would spell them. */
const pageUri = (path: string, query: UrlParams.UrlParams) =>
  query.length === 0 ? path : `${path}?${UrlParams.toString(query)}`

/** Builds the live service from the authenticated client. */
export const make: Effect.Effect<Service, never, TwilioClient> = Effect.gen(function* () {
  const client = yield* TwilioClient
  const conferences = `${client.accountPath}/Conferences`
  const participantsPath = (conference: string) =>
    `${conferences}/${encodeURIComponent(conference)}/Participants`
  const participantPath = (conferenceSid: string, participant: string) =>
    `${participantsPath(conferenceSid)}/${encodeURIComponent(participant)}.json`
  const ITEM_ROUTE =
    "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
  const LIST_ROUTE = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json"
  // The only pages a roster link may name: this account's conference rosters.
  const ROSTER_PAGE = /^\/CF[0-9a-fA-F]{32}\/Participants\.json(\?|$)/

  const validate = <A>(operation: string, effect: Effect.Effect<A, ParseResult.ParseError>) =>
    Effect.mapError(effect, invalid(operation))

  const create: Service["create"] = (conference, params, options) =>
    operationSpan("create", { "twilio.conference": attribute(conference) }, () =>
      Effect.gen(function* () {
        const ref = yield* check("create", decodeConferenceRef(conference))
        const form = yield* validate("create", encodeCreateParticipantParams(params))
        if (params.label !== undefined) yield* check("create", decodeNewLabel(params.label))
        const call = yield* callOptions("create", options)
        return yield* client
          .json(
            {
              method: "POST",
              path: `${participantsPath(ref)}.json`,
              route: LIST_ROUTE,
              form,
              repeatable: false
            },
            ParticipantFromWire
          )
          .pipe(CallOptions.provide(call))
      }).pipe(
        Effect.catchIf(isInactiveConference, (error) =>
          Effect.fail(
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
        )
      )
    )

  const itemRequest = (
    operation: "fetch" | "update" | "remove",
    conferenceSid: string,
    participant: string,
    options: CallOptions.CallOptions | undefined
  ) =>
    Either.all([
      check(operation, decodeConferenceSid(conferenceSid)),
      check(operation, decodeParticipantRef(participant)),
      callOptions(operation, options)
    ]).pipe(Either.map(([sid, ref, call]) => ({ path: participantPath(sid, ref), call })))

  const itemAttributes = (conferenceSid: string, participant: string) => ({
    "twilio.conference_sid": attribute(conferenceSid),
    "twilio.participant": attribute(participant)
  })

  const fetch: Service["fetch"] = (conferenceSid, participant, options) =>
    operationSpan("fetch", itemAttributes(conferenceSid, participant), () =>
      Effect.flatMap(itemRequest("fetch", conferenceSid, participant, options), ({ path, call }) =>
        client
          .json({ method: "GET", path, route: ITEM_ROUTE, repeatable: true }, ParticipantFromWire)
          .pipe(CallOptions.provide(call))
      )
    )

  const update: Service["update"] = (conferenceSid, participant, params, options) =>
    operationSpan("update", itemAttributes(conferenceSid, participant), () =>
      Effect.flatMap(itemRequest("update", conferenceSid, participant, options), ({ path, call }) =>
        Effect.flatMap(validate("update", encodeUpdateParticipantParams(params)), (form) =>
          client
            .json(
              {
                method: "POST",
                path,
                route: ITEM_ROUTE,
                form,
                repeatable: isRepeatableUpdate(params)
              },
              ParticipantFromWire
            )
            .pipe(CallOptions.provide(call))
        )
      )
    )

  const remove: Service["remove"] = (conferenceSid, participant, options) =>
    operationSpan("remove", itemAttributes(conferenceSid, participant), () =>
      Effect.flatMap(itemRequest("remove", conferenceSid, participant, options), ({ path, call }) =>
        client
          .empty({
            method: "DELETE",
            path,
            route: ITEM_ROUTE,
            repeatable: true
          })
          .pipe(CallOptions.provide(call))
      )
    )

  /** Reads one roster page; a failure names the page, so the caller can resume there. */
  const readPage = (
    cursor: string,
    request: { readonly path: string; readonly query?: UrlParams.UrlParams },
    call: CallOptions.Checked
  ) =>
    client
      .json({ method: "GET", route: LIST_ROUTE, repeatable: true, ...request }, ParticipantPage)
      .pipe(CallOptions.provide(call), Effect.mapError(atPage(cursor)))

  const firstPage = (
    operation: "list" | "page",
    conferenceSid: string,
    params: ListParticipantsParams,
    options: CallOptions.CallOptions | undefined
  ) =>
    Effect.all([
      check(operation, decodeConferenceSid(conferenceSid)),
      validate(operation, encodeListParticipantsParams(params)),
      callOptions(operation, options)
    ]).pipe(
      Effect.flatMap(([sid, { query, limit }, call]) => {
        // A small limit needs no more than one small page.
        const sized =
          limit !== undefined && Option.isNone(UrlParams.getFirst(query, "PageSize"))
            ? UrlParams.set(query, "PageSize", String(Math.min(limit, 1000)))
            : query
        const path = `${participantsPath(sid)}.json`
        return Effect.map(readPage(pageUri(path, sized), { path, query: sized }, call), (page) => ({
          page,
          limit,
          call
        }))
      })
    )

  /**
   * Checks a page link before following it: a roster page of this account, on the configured host.
   * A `next_page_uri` that is not is Twilio's answer gone wrong; a bad cursor is the caller's.
   */
  const checkRosterPage = (uri: unknown): Either.Either<string, string> =>
    Either.flatMap(Pagination.checkPageUri(uri, conferences), (path) =>
      ROSTER_PAGE.test(path.slice(conferences.length))
        ? Either.right(path)
        : Either.left("a page link must name a conference roster (…/Conferences/CF…/Participants.json)")
    )

  // A next_page_uri is followed only inside this account's conferences: never to another host or account.
  const followPage = (uri: string, call: CallOptions.Checked) =>
    Either.match(checkRosterPage(uri), {
      onLeft: (reason) =>
        Effect.fail(
          new UnexpectedResponse({
            method: "GET",
            path: LIST_ROUTE,
            status: 200,
            description: `next_page_uri points outside this account's conferences: ${reason}`,
            excerpt: typeof uri === "string" ? uri.slice(0, 200) : ""
          })
        ),
      onRight: (path) => readPage(path, { path }, call)
    })

  const toPage = (page: ParticipantPage): Pagination.Page<Participant> => ({
    items: page.participants,
    nextPageUri: page.nextPageUri
  })

  const page: Service["page"] = (conferenceSid, params = {}, options) =>
    firstPage("page", conferenceSid, params, options).pipe(
      Effect.map(({ page }) => page),
      Effect.withSpan("Participants.page", {
        captureStackTrace: false,
        attributes: { "twilio.conference_sid": attribute(conferenceSid) }
      })
    )

  const nextPage: Service["nextPage"] = (current, options) =>
    Effect.gen(function* () {
      const call = yield* callOptions("nextPage", options)
      // Read the link as untyped input: a caller may hand over anything that looks like a page.
      const link: unknown = Predicate.isRecord(current) ? current.nextPageUri : undefined
      if (link === null || link === "") return Option.none()
      if (typeof link !== "string") {
        return yield* Effect.fail(
          new InvalidParameters({
            operation: "nextPage",
            message: "nextPage: page must be a ParticipantPage (its nextPageUri a string or null)"
          })
        )
      }
      return Option.some(yield* followPage(link, call))
    }).pipe(Effect.withSpan("Participants.nextPage", { captureStackTrace: false }))

  const list: Service["list"] = (conferenceSid, params = {}, options) =>
    Stream.unwrap(
      Effect.map(firstPage("list", conferenceSid, params, options), ({ page: first, limit, call }) =>
        Pagination.stream({
          first: Effect.succeed(toPage(first)),
          next: (uri) => Effect.map(followPage(uri, call), toPage),
          ...(limit === undefined ? {} : { limit })
        })
      )
    ).pipe(
      Stream.withSpan("Participants.list", {
        attributes: { "twilio.conference_sid": attribute(conferenceSid) }
      })
    )

  const listFrom: Service["listFrom"] = (cursor, params = {}, options) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const path = yield* Either.mapLeft(
          checkRosterPage(cursor),
          (reason) => new InvalidParameters({ operation: "listFrom", message: `listFrom: cursor: ${reason}` })
        )
        const fields: unknown = params
        const limit = Predicate.isRecord(fields)
          ? fields.limit
          : Predicate.isNullable(fields)
            ? undefined
            : Number.NaN
        if (
          limit !== undefined &&
          !(typeof limit === "number" && Number.isSafeInteger(limit) && limit >= 1)
        ) {
          return yield* Effect.fail(
            new InvalidParameters({
              operation: "listFrom",
              message: "listFrom: limit must be a positive whole number"
            })
          )
        }
        const call = yield* callOptions("listFrom", options)
        return Pagination.stream({
          first: Effect.map(followPage(path, call), toPage),
          next: (uri) => Effect.map(followPage(uri, call), toPage),
          ...(limit === undefined ? {} : { limit })
        })
      })
    ).pipe(Stream.withSpan("Participants.listFrom"))

  return { create, fetch, update, remove, list, listFrom, page, nextPage } satisfies Service
})

/**
 * The Participants service. An `Effect.Tag`, so operations are also static accessors:
 * `Participants.fetch(conferenceSid, "alice")`; `Participants.roster(…)` is the accessor for `list`.
 */
export class Participants extends Effect.Tag("@effect-twilio/participants/Participants")<
  Participants,
  Service
>() {
  /** The live layer: real HTTP through the `HttpClient` you provide, configured by `TwilioConfig`. */
  static readonly layer: Layer.Layer<Participants, never, TwilioConfig | HttpClient.HttpClient> =
    Layer.effect(Participants, make).pipe(Layer.provide(TwilioClient.layer))

  /** `list` as a stream that reads the service from the context. */
  static readonly roster = (
    conferenceSid: string,
    params?: ListParticipantsParams,
    options?: CallOptions.CallOptions
  ): Stream.Stream<Participant, ListError, Participants> =>
    Stream.unwrap(Effect.map(Participants, (service) => service.list(conferenceSid, params, options)))

  /** `listFrom` as a stream that reads the service from the context: resume a roster at a cursor. */
  static readonly rosterFrom = (
    cursor: string,
    params?: { readonly limit?: number },
    options?: CallOptions.CallOptions
  ): Stream.Stream<Participant, ListError, Participants> =>
    Stream.unwrap(Effect.map(Participants, (service) => service.listFrom(cursor, params, options)))
}
