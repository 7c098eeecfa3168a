/**
 * The `Participants` service: create, fetch, update, remove and list conference participants,
 * built on core's resource kit (`Resource`).
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as CallOptions from "@effect-twilio/core/CallOptions"
import * as Resource from "@effect-twilio/core/Resource"
import { TwilioClient } from "@effect-twilio/core/TwilioClient"
import type { TwilioConfig } from "@effect-twilio/core/TwilioConfig"
import type { HttpError, InactiveConference, InvalidParameters } from "@effect-twilio/core/TwilioError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Stream from "effect/Stream"
import { type CreateParticipantParams, encodeCreateParticipantParams } from "./CreateParticipantParams.js"
import { describeParseError } from "./internal/issues.js"
import { participantItem, participantPageEnvelope } from "./internal/listing.js"
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

const ITEM_ROUTE = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
const LIST_ROUTE = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json"
// The only lists a roster cursor may name, below the account's conferences.
const ROSTER_PATH = /^\/CF[0-9a-fA-F]{32}\/Participants\.json$/

/** A pure check's outcome, its failure as `InvalidParameters` naming the operation. */
const check = <A>(operation: string, result: Either.Either<A, ParseResult.ParseError>) =>
  Either.mapLeft(result, (error) => Resource.invalid(operation, describeParseError(error)))

/** Builds the live service from the authenticated client. */
const make: Effect.Effect<Participants.Service, never, TwilioClient> = Effect.gen(function* () {
  const client = yield* Resource.client
  const conferences = `${client.accountPath}/Conferences`
  const roster: Resource.List<ParticipantPageEnvelope, Participant, ParticipantPageEnvelopeEncoded> = {
    route: LIST_ROUTE,
    within: conferences,
    isListPath: (path) => path.startsWith(conferences) && ROSTER_PATH.test(path.slice(conferences.length)),
    page: participantPageEnvelope,
    items: (page) => page.participants,
    next: (page) => page.nextPageUri,
    item: participantItem
  }
  const op = (name: string, attributes?: Record<string, unknown>): Resource.Operation => ({
    resource: "Participants",
    name,
    ...(attributes === undefined ? {} : { attributes })
  })
  const itemAttributes = (conferenceSid: unknown, participant: unknown) => ({
    "twilio.conference_sid": conferenceSid,
    "twilio.participant": participant
  })

  /** The path of one participant, both references checked. */
  const itemPath = (operation: string, conferenceSid: string, participant: string) =>
    Either.flatMap(
      Either.all([
        check(operation, decodeConferenceSid(conferenceSid)),
        check(operation, decodeParticipantRef(participant))
      ]),
      ([sid, ref]) =>
        Resource.path(operation, conferences, [["conference", sid], "Participants", ["participant", ref]])
    )

  const create: Participants.Service["create"] = (conference, params, options) =>
    Resource.effect(op("create", { "twilio.conference": conference }), options, () =>
      Effect.flatMap(
        Either.gen(function* () {
          const ref = yield* check("create", decodeConferenceRef(conference))
          const pairs = yield* check("create", encodeCreateParticipantParams(params))
          if (params.label !== undefined) yield* check("create", decodeNewLabel(params.label))
          const form = yield* Resource.form("create", pairs)
          const path = yield* Resource.path("create", conferences, [["conference", ref], "Participants"])
          return { path, form }
        }),
        ({ path, form }) =>
          client
            .json({ method: "POST", path, route: LIST_ROUTE, form, repeatable: false }, ParticipantFromWire)
            .pipe(Resource.inactiveConference(conference))
      )
    )

  const fetch: Participants.Service["fetch"] = (conferenceSid, participant, options) =>
    Resource.effect(op("fetch", itemAttributes(conferenceSid, participant)), options, () =>
      Effect.flatMap(itemPath("fetch", conferenceSid, participant), (path) =>
        client.json({ method: "GET", path, route: ITEM_ROUTE, repeatable: true }, ParticipantFromWire)
      )
    )

  const update: Participants.Service["update"] = (conferenceSid, participant, params, options) =>
    Resource.effect(op("update", itemAttributes(conferenceSid, participant)), options, () =>
      Effect.flatMap(
        Either.gen(function* () {
          const path = yield* itemPath("update", conferenceSid, participant)
          const pairs = yield* check("update", encodeUpdateParticipantParams(params))
          const form = yield* Resource.form("update", pairs)
          return { path, form, repeatable: isRepeatableUpdate(params) }
        }),
        ({ path, form, repeatable }) =>
          client.json({ method: "POST", path, route: ITEM_ROUTE, form, repeatable }, ParticipantFromWire)
      )
    )

  const remove: Participants.Service["remove"] = (conferenceSid, participant, options) =>
    Resource.effect(op("remove", itemAttributes(conferenceSid, participant)), options, () =>
      Effect.flatMap(itemPath("remove", conferenceSid, participant), (path) =>
        client.empty({ method: "DELETE", path, route: ITEM_ROUTE, repeatable: true })
      )
    )

  /** The first page of a roster and the `limit` of the listing, checked. */
  const start = (operation: string, conferenceSid: string, params: ListParticipantsParams | undefined) =>
    Either.gen(function* () {
      const sid = yield* check(operation, decodeConferenceSid(conferenceSid))
      const { query, limit } = yield* check(operation, encodeListParticipantsParams(params ?? {}))
      const checked = yield* Resource.form(operation, query)
      const path = yield* Resource.path(operation, conferences, [["conference", sid], "Participants"])
      return { first: Resource.firstPage(path, checked, limit), limit }
    })

  const list: Participants.Service["list"] = (conferenceSid, params, options) =>
    Resource.stream(op("list", { "twilio.conference_sid": conferenceSid }), options, () =>
      Stream.unwrap(
        Effect.map(start("list", conferenceSid, params), ({ first, limit }) =>
          Resource.list(client, roster, first, limit)
        )
      )
    )

  const listFrom: Participants.Service["listFrom"] = (cursor, params, options) =>
    Resource.stream(op("listFrom"), options, () =>
      Resource.listFrom(client, "listFrom", roster, cursor, params)
    )

  const toPage = ({ page, items }: Resource.PageRead<ParticipantPageEnvelope, Participant>) =>
    // Every field was decoded already (the items one by one), so the class need not check them again.
    new ParticipantPage({ ...page, participants: items }, true)

  const page: Participants.Service["page"] = (conferenceSid, params, options) =>
    Resource.effect(op("page", { "twilio.conference_sid": conferenceSid }), options, () =>
      Effect.flatMap(start("page", conferenceSid, params), ({ first }) =>
        Effect.map(Resource.page(client, roster, first), toPage)
      )
    )

  const nextPage: Participants.Service["nextPage"] = (current, options) =>
    Resource.effect(op("nextPage"), options, () =>
      Effect.map(
        Resource.nextPage(client, "nextPage", roster, current, "ParticipantPage"),
        Option.map(toPage)
      )
    )

  return { create, fetch, update, remove, list, listFrom, page, nextPage } satisfies Participants.Service
})

type ParticipantPageEnvelope = typeof participantPageEnvelope.Type
type ParticipantPageEnvelopeEncoded = typeof participantPageEnvelope.Encoded

/**
 * The Participants service, a `Context.Tag`: get it with `const participants = yield* Participants`,
 * then call `participants.fetch(conferenceSid, "alice")`, `participants.list(conferenceSid)` …
 */
export class Participants extends Context.Tag("@effect-twilio/participants/Participants")<
  Participants,
  Participants.Service
>() {
  /** Builds the live service from `TwilioClient`. */
  static readonly make: Effect.Effect<Participants.Service, never, TwilioClient> = make

  /** The live layer: real HTTP through the `HttpClient` you provide, configured by `TwilioConfig`. */
  static readonly layer: Layer.Layer<Participants, never, TwilioConfig | HttpClient.HttpClient> =
    Layer.effect(Participants, make).pipe(Layer.provide(TwilioClient.layer))
}

/** The service's operations and their error types. */
export declare namespace Participants {
  /** Failures of a request that validated, and of validation: what every operation can report. */
  export type RequestError = HttpError | InvalidParameters
  /** `create` can also find the conference not in progress. */
  export type CreateError = RequestError | InactiveConference
  /** `fetch` failures. */
  export type FetchError = RequestError
  /** `update` failures. */
  export type UpdateError = RequestError
  /** `remove` failures. */
  export type RemoveError = RequestError
  /** `list`, `listFrom`, `page` and `nextPage` failures. */
  export type ListError = RequestError

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
     * `listFrom(error.cursor)` carries on from there without reading earlier pages again. A page
     * with a participant that does not decode also names the page after it (`nextCursor`).
     */
    readonly list: (
      conferenceSid: string,
      params?: ListParticipantsParams,
      options?: CallOptions.CallOptions
    ) => Stream.Stream<Participant, ListError>
    /**
     * The roster from a cursor on: the `cursor` or `nextCursor` of a failed list page, or a
     * `nextPageUri` a caller kept. It carries the conference, filters and page size; `limit` counts
     * from the cursor on. A cursor that does not point at a roster page of this account fails with
     * `InvalidParameters` before any request.
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
}
