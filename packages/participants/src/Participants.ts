/**
 * The `Participants` service: create, fetch, update, remove and list conference participants.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as UrlParams from "@effect/platform/UrlParams"
import {
  type CallOptions,
  type HttpError,
  InactiveConference,
  InvalidParameters,
  type InvalidRequest,
  Pagination,
  TwilioClient,
  type TwilioConfig,
  UnexpectedResponse
} from "@effect-twilio/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Stream from "effect/Stream"
import { type CreateParticipantParams, encodeCreateParticipantParams } from "./CreateParticipantParams.js"
import { describeParseError } from "./internal/issues.js"
import { decodeConferenceRef, decodeConferenceSid, decodeParticipantRef } from "./internal/service/refs.js"
import { encodeListParticipantsParams, type ListParticipantsParams } from "./ListParticipantsParams.js"
import { Participant } from "./Participant.js"
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
    options?: CallOptions
  ) => Effect.Effect<Participant, CreateError>
  /** One participant, by Call SID or label. */
  readonly fetch: (
    conferenceSid: string,
    participant: string,
    options?: CallOptions
  ) => Effect.Effect<Participant, FetchError>
  /** Changes a participant (mute, hold, announce, coach …), by Call SID or label. */
  readonly update: (
    conferenceSid: string,
    participant: string,
    params: UpdateParticipantParams,
    options?: CallOptions
  ) => Effect.Effect<Participant, UpdateError>
  /** Removes a participant from the conference (its call ends), by Call SID or label. */
  readonly remove: (
    conferenceSid: string,
    participant: string,
    options?: CallOptions
  ) => Effect.Effect<void, RemoveError>
  /** The roster as a lazy stream: pages are fetched as they are consumed, and not past `limit`. */
  readonly list: (
    conferenceSid: string,
    params?: ListParticipantsParams
  ) => Stream.Stream<Participant, ListError>
  /** One page of the roster, for callers that keep their own cursor. */
  readonly page: (
    conferenceSid: string,
    params?: ListParticipantsParams
  ) => Effect.Effect<ParticipantPage, ListError>
  /** The page after `page`, or none on the last page. */
  readonly nextPage: (page: ParticipantPage) => Effect.Effect<Option.Option<ParticipantPage>, ListError>
}

const invalid = (operation: string) => (error: ParseResult.ParseError) =>
  new InvalidParameters({ operation, message: `${operation}: ${describeParseError(error)}` })

const callOptions = (options: CallOptions | undefined) => ({
  ...(options?.timeout === undefined ? {} : { timeout: options.timeout }),
  ...(options?.retry === undefined ? {} : { retry: options.retry })
})

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

  const validate = <A>(operation: string, effect: Effect.Effect<A, ParseResult.ParseError>) =>
    Effect.mapError(effect, invalid(operation))

  const create: Service["create"] = (conference, params, options) =>
    Effect.gen(function* () {
      const ref = yield* validate("create", decodeConferenceRef(conference))
      const form = yield* validate("create", encodeCreateParticipantParams(params))
      return yield* client.json(
        {
          method: "POST",
          path: `${participantsPath(ref)}.json`,
          route: LIST_ROUTE,
          form,
          repeatable: false,
          ...callOptions(options)
        },
        Participant
      )
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
      ),
      Effect.withSpan("Participants.create", { attributes: { "twilio.conference": conference } })
    )

  const itemRequest = (
    operation: "fetch" | "update" | "remove",
    conferenceSid: string,
    participant: string
  ) =>
    Effect.all([
      validate(operation, decodeConferenceSid(conferenceSid)),
      validate(operation, decodeParticipantRef(participant))
    ]).pipe(Effect.map(([sid, ref]) => participantPath(sid, ref)))

  const itemSpan = (operation: string, conferenceSid: string, participant: string) =>
    Effect.withSpan(`Participants.${operation}`, {
      attributes: { "twilio.conference_sid": conferenceSid, "twilio.participant": participant }
    })

  const fetch: Service["fetch"] = (conferenceSid, participant, options) =>
    itemRequest("fetch", conferenceSid, participant).pipe(
      Effect.flatMap((path) =>
        client.json(
          { method: "GET", path, route: ITEM_ROUTE, repeatable: true, ...callOptions(options) },
          Participant
        )
      ),
      itemSpan("fetch", conferenceSid, participant)
    )

  const update: Service["update"] = (conferenceSid, participant, params, options) =>
    Effect.all([
      itemRequest("update", conferenceSid, participant),
      validate("update", encodeUpdateParticipantParams(params))
    ]).pipe(
      Effect.flatMap(([path, form]) =>
        client.json(
          {
            method: "POST",
            path,
            route: ITEM_ROUTE,
            form,
            repeatable: isRepeatableUpdate(params),
            ...callOptions(options)
          },
          Participant
        )
      ),
      itemSpan("update", conferenceSid, participant)
    )

  const remove: Service["remove"] = (conferenceSid, participant, options) =>
    itemRequest("remove", conferenceSid, participant).pipe(
      Effect.flatMap((path) =>
        client.empty({ method: "DELETE", path, route: ITEM_ROUTE, repeatable: true, ...callOptions(options) })
      ),
      itemSpan("remove", conferenceSid, participant)
    )

  const firstPage = (conferenceSid: string, params: ListParticipantsParams) =>
    Effect.all([
      validate("list", decodeConferenceSid(conferenceSid)),
      validate("list", encodeListParticipantsParams(params))
    ]).pipe(
      Effect.flatMap(([sid, { query, limit }]) => {
        // A small limit needs no more than one small page.
        const sized =
          limit !== undefined && Option.isNone(UrlParams.getFirst(query, "PageSize"))
            ? UrlParams.set(query, "PageSize", String(Math.min(limit, 1000)))
            : query
        return Effect.map(
          client.json(
            {
              method: "GET",
              path: `${participantsPath(sid)}.json`,
              route: LIST_ROUTE,
              query: sized,
              repeatable: true
            },
            ParticipantPage
          ),
          (page) => ({ page, limit })
        )
      })
    )

  // A next_page_uri is followed only inside this account's conferences: never to another host or account.
  const followPage = (uri: string) =>
    uri.startsWith(`${conferences}/`)
      ? client.json({ method: "GET", path: uri, route: LIST_ROUTE, repeatable: true }, ParticipantPage)
      : Effect.fail(
          new UnexpectedResponse({
            method: "GET",
            path: LIST_ROUTE,
            status: 200,
            description: "next_page_uri points outside this account's conferences",
            excerpt: uri.slice(0, 200)
          })
        )

  const page: Service["page"] = (conferenceSid, params = {}) =>
    firstPage(conferenceSid, params).pipe(
      Effect.map(({ page }) => page),
      Effect.withSpan("Participants.page", { attributes: { "twilio.conference_sid": conferenceSid } })
    )

  const nextPage: Service["nextPage"] = (current) =>
    current.nextPageUri === null || current.nextPageUri === ""
      ? Effect.succeed(Option.none())
      : followPage(current.nextPageUri).pipe(
          Effect.map(Option.some),
          Effect.withSpan("Participants.nextPage")
        )

  const toPage = (page: ParticipantPage): Pagination.Page<Participant> => ({
    items: page.participants,
    nextPageUri: page.nextPageUri
  })

  const list: Service["list"] = (conferenceSid, params = {}) =>
    Stream.unwrap(
      Effect.map(firstPage(conferenceSid, params), ({ page: first, limit }) =>
        Pagination.stream({
          first: Effect.succeed(toPage(first)),
          next: (uri) => Effect.map(followPage(uri), toPage),
          ...(limit === undefined ? {} : { limit })
        })
      )
    ).pipe(Stream.withSpan("Participants.list", { attributes: { "twilio.conference_sid": conferenceSid } }))

  return { create, fetch, update, remove, list, page, nextPage } satisfies Service
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
    params?: ListParticipantsParams
  ): Stream.Stream<Participant, ListError, Participants> =>
    Stream.unwrap(Effect.map(Participants, (service) => service.list(conferenceSid, params)))
}
