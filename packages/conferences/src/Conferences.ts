/**
 * The `Conferences` service: fetch, list, update, end and announce to conferences, and find the live
 * one by name, built on core's resource kit (`Resource`).
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as UrlParams from "@effect/platform/UrlParams"
import type * as CallOptions from "@effect-twilio/core/CallOptions"
import * as Resource from "@effect-twilio/core/Resource"
import { ConferenceSid } from "@effect-twilio/core/Sid"
import { TwilioClient } from "@effect-twilio/core/TwilioClient"
import type { TwilioConfig } from "@effect-twilio/core/TwilioConfig"
import {
  type HttpError,
  type InactiveConference,
  type InvalidParameters,
  InvalidRequest
} from "@effect-twilio/core/TwilioError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { Conference } from "./Conference.js"
import { ConferencePage } from "./ConferencePage.js"
import * as ListParams from "./ListConferencesParams.js"
import * as UpdateParams from "./UpdateConferenceParams.js"

const ITEM_ROUTE = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}.json"
const LIST_ROUTE = "/2010-04-01/Accounts/{AccountSid}/Conferences.json"

/** A page of conferences, its items left undecoded so one bad item can be named. */
const pageEnvelope = Resource.envelope("conferences")
type PageEnvelope = typeof pageEnvelope.Type
type PageEnvelopeEncoded = typeof pageEnvelope.Encoded

// The checks' parsers are made on their first use, not at import (a cold start may never need them).
const decodeSid = Resource.lazyDecoder(ConferenceSid)
const decodeName = Resource.lazyDecoder(
  Schema.String.pipe(
    Schema.minLength(1, { message: () => "friendlyName must not be empty" }),
    Schema.maxLength(128, { message: () => "friendlyName must be at most 128 characters" })
  )
)

/** Builds the live service from the authenticated client. */
const make: Effect.Effect<Conferences.Service, never, TwilioClient> = Effect.gen(function* () {
  const client = yield* Resource.client
  const account = client.accountPath
  const conferences = `${account}/Conferences`
  const listPath = `${conferences}.json`
  const spec: Resource.List<PageEnvelope, Conference, PageEnvelopeEncoded> = {
    route: LIST_ROUTE,
    within: account,
    isListPath: (path) => path === listPath,
    page: pageEnvelope,
    items: (page) => page.conferences,
    next: (page) => page.nextPageUri,
    item: Resource.itemDecoder(Conference)
  }
  const op = (name: string, conferenceSid?: unknown): Resource.Operation => ({
    resource: "Conferences",
    name,
    ...(conferenceSid === undefined ? {} : { attributes: { "twilio.conference_sid": conferenceSid } })
  })

  /** The path of one conference, its SID checked. */
  const itemPath = (operation: string, conferenceSid: unknown) =>
    Either.flatMap(Resource.checked(operation, decodeSid(conferenceSid)), (sid) =>
      Resource.path(operation, conferences, [["conference", sid]])
    )

  const fetchConference = (path: string) =>
    client.json({ method: "GET", path, route: ITEM_ROUTE, repeatable: true }, Conference)

  /** POSTs an update's checked form; retried after an ambiguous failure only when it is repeatable. */
  const post = (update: {
    readonly path: string
    readonly form: UrlParams.UrlParams
    readonly repeatable: boolean
  }) => client.json({ method: "POST", route: ITEM_ROUTE, ...update }, Conference)

  /** The path and form of an update, every part checked, and whether it may be sent again. */
  const prepareUpdate = (
    operation: string,
    conferenceSid: unknown,
    params: UpdateParams.UpdateConferenceParams
  ) =>
    Either.gen(function* () {
      const path = yield* itemPath(operation, conferenceSid)
      const pairs = yield* Resource.checked(operation, UpdateParams.encode(params))
      const form = yield* Resource.form(operation, pairs)
      return { path, form, repeatable: UpdateParams.isRepeatable(params) }
    })

  const fetch: Conferences.Service["fetch"] = (conferenceSid, options) =>
    Resource.effect(op("fetch", conferenceSid), options, () =>
      Effect.flatMap(itemPath("fetch", conferenceSid), fetchConference)
    )

  const update: Conferences.Service["update"] = (conferenceSid, params, options) =>
    Resource.effect(op("update", conferenceSid), options, () =>
      Effect.flatMap(prepareUpdate("update", conferenceSid, params), (prepared) =>
        // An announcement would play twice if repeated; ending alone is safe to send again.
        post(prepared).pipe(Resource.inactiveConference(conferenceSid))
      )
    )

  const end: Conferences.Service["end"] = (conferenceSid, options) =>
    Resource.effect(op("end", conferenceSid), options, () =>
      Effect.flatMap(prepareUpdate("end", conferenceSid, { status: "completed" }), (prepared) =>
        post(prepared).pipe(
          // Twilio refuses to end a conference that has ended (16099): when a look shows it completed,
          // the goal is reached, whether by an earlier call, a retry after an ambiguous attempt, or
          // its last participant leaving. Any other state keeps the refusal.
          Effect.catchIf(
            (error): error is InvalidRequest => error instanceof InvalidRequest,
            (refusal) =>
              Effect.flatMap(fetchConference(prepared.path), (conference) =>
                conference.status === "completed" ? Effect.succeed(conference) : Effect.fail(refusal)
              )
          ),
          Resource.inactiveConference(conferenceSid)
        )
      )
    )

  const announce: Conferences.Service["announce"] = (conferenceSid, announceUrl, options) =>
    Resource.effect(op("announce", conferenceSid), options, () => {
      // The trailing options carry both the announcement's method and the call's timeout and retry.
      const method = options?.announceMethod
      const params = method === undefined ? { announceUrl } : { announceUrl, announceMethod: method }
      return Effect.flatMap(prepareUpdate("announce", conferenceSid, params), (prepared) =>
        post(prepared).pipe(Resource.inactiveConference(conferenceSid))
      )
    })

  /** The first page of a listing and its `limit`, checked. */
  const start = (operation: string, params: ListParams.ListConferencesParams | undefined) =>
    Either.gen(function* () {
      const { query, limit } = yield* Resource.checked(operation, ListParams.encode(params ?? {}))
      const checked = yield* Resource.form(operation, query)
      return { first: Resource.firstPage(listPath, checked, limit), limit }
    })

  const list: Conferences.Service["list"] = (params, options) =>
    Resource.stream(op("list"), options, () =>
      Stream.unwrap(
        Effect.map(start("list", params), ({ first, limit }) => Resource.list(client, spec, first, limit))
      )
    )

  const listFrom: Conferences.Service["listFrom"] = (cursor, params, options) =>
    Resource.stream(op("listFrom"), options, () =>
      Resource.listFrom(client, "listFrom", spec, cursor, params)
    )

  const toPage = ({ page, items }: Resource.PageRead<PageEnvelope, Conference>) =>
    // Every field was decoded already (the items one by one), so the class need not check them again.
    new ConferencePage({ ...page, conferences: items }, true)

  const page: Conferences.Service["page"] = (params, options) =>
    Resource.effect(op("page"), options, () =>
      Effect.flatMap(start("page", params), ({ first }) =>
        Effect.map(Resource.page(client, spec, first), toPage)
      )
    )

  const nextPage: Conferences.Service["nextPage"] = (current, options) =>
    Resource.effect(op("nextPage"), options, () =>
      Effect.map(Resource.nextPage(client, "nextPage", spec, current, "ConferencePage"), Option.map(toPage))
    )

  const findInProgress: Conferences.Service["findInProgress"] = (friendlyName, options) =>
    Resource.effect(
      {
        resource: "Conferences",
        name: "findInProgress",
        attributes: { "twilio.friendly_name": friendlyName }
      },
      options,
      () =>
        Effect.flatMap(
          Either.flatMap(Resource.checked("findInProgress", decodeName(friendlyName)), (name) =>
            start("findInProgress", { friendlyName: name, status: "in-progress", limit: 1 })
          ),
          // One page of one conference: Twilio keeps at most one in-progress conference per name.
          ({ first, limit }) => Stream.runHead(Resource.list(client, spec, first, limit))
        )
    )

  return {
    fetch,
    list,
    listFrom,
    page,
    nextPage,
    update,
    end,
    announce,
    findInProgress
  } satisfies Conferences.Service
})

/**
 * The Conferences service, a `Context.Tag`: get it with `const conferences = yield* Conferences`,
 * then call `conferences.end(conferenceSid)`, `conferences.findInProgress("standup")` …
 */
export class Conferences extends Context.Tag("@effect-twilio/conferences/Conferences")<
  Conferences,
  Conferences.Service
>() {
  /** Builds the live service from `TwilioClient`. */
  static readonly make: Effect.Effect<Conferences.Service, never, TwilioClient> = make

  /** The live layer: real HTTP through the `HttpClient` you provide, configured by `TwilioConfig`. */
  static readonly layer: Layer.Layer<Conferences, never, TwilioConfig | HttpClient.HttpClient> = Layer.effect(
    Conferences,
    make
  ).pipe(Layer.provide(TwilioClient.layer))
}

/** The service's operations and their error types. */
export declare namespace Conferences {
  /** Failures of a request that validated, and of validation: what every operation can report. */
  export type RequestError = HttpError | InvalidParameters
  /** `fetch` failures. */
  export type FetchError = RequestError
  /** `list`, `listFrom`, `page` and `nextPage` failures. */
  export type ListError = RequestError
  /** `findInProgress` failures. */
  export type FindError = RequestError
  /** `update` can also find the conference completed (Twilio 16099). */
  export type UpdateError = RequestError | InactiveConference
  /** `end` is refused (`InactiveConference`) only when the conference is not completed after all. */
  export type EndError = RequestError | InactiveConference
  /** `announce` can find the conference completed. */
  export type AnnounceError = RequestError | InactiveConference

  /** `announce`'s options: how Twilio fetches the URL, and the call's `{ timeout, retry }`. */
  export interface AnnounceOptions extends CallOptions.CallOptions {
    /** How Twilio fetches `announceUrl` (Twilio's default: POST). */
    readonly announceMethod?: "GET" | "POST"
  }

  /** The operations on one account's conferences. */
  export interface Service {
    /** One conference by SID. */
    readonly fetch: (
      conferenceSid: string,
      options?: CallOptions.CallOptions
    ) => Effect.Effect<Conference, FetchError>
    /**
     * The account's conferences, newest first, as a lazy stream: pages are fetched as they are
     * consumed, and not past `limit`. A failed page ends the stream with an error whose `cursor`
     * names it, for `listFrom`.
     */
    readonly list: (
      params?: ListParams.ListConferencesParams,
      options?: CallOptions.CallOptions
    ) => Stream.Stream<Conference, ListError>
    /**
     * The list from a cursor on: the `cursor` or `nextCursor` of a failed page, or a `nextPageUri`
     * a caller kept; it carries the filters and page size, and `limit` counts from there.
     */
    readonly listFrom: (
      cursor: string,
      params?: { readonly limit?: number },
      options?: CallOptions.CallOptions
    ) => Stream.Stream<Conference, ListError>
    /** One page of the list, for callers that keep their own cursor. */
    readonly page: (
      params?: ListParams.ListConferencesParams,
      options?: CallOptions.CallOptions
    ) => Effect.Effect<ConferencePage, ListError>
    /** The page after `page`, or none on the last page. */
    readonly nextPage: (
      page: ConferencePage,
      options?: CallOptions.CallOptions
    ) => Effect.Effect<Option.Option<ConferencePage>, ListError>
    /**
     * Ends the conference and/or plays an announcement to it. Retried after an ambiguous failure
     * only when it only ends the conference (an announcement would play twice).
     */
    readonly update: (
      conferenceSid: string,
      params: UpdateParams.UpdateConferenceParams,
      options?: CallOptions.CallOptions
    ) => Effect.Effect<Conference, UpdateError>
    /**
     * Ends the conference for everyone (every participant's call is hung up). Safe to repeat: 5xx
     * and transport failures are retried, and when Twilio refuses it a completed conference counts
     * as done, so ending twice succeeds with the completed conference.
     */
    readonly end: (
      conferenceSid: string,
      options?: CallOptions.CallOptions
    ) => Effect.Effect<Conference, EndError>
    /**
     * Plays the audio or TwiML at `announceUrl` once to everyone in the conference. Never repeated
     * after an ambiguous failure: it might have played already.
     */
    readonly announce: (
      conferenceSid: string,
      announceUrl: string,
      options?: AnnounceOptions
    ) => Effect.Effect<Conference, AnnounceError>
    /**
     * The in-progress conference of that name, if any, from one list request (no polling). A
     * conference started by `<Dial>` can take a moment to appear in lists (twilio-node #604): a
     * caller that has just dialled may see none at first.
     */
    readonly findInProgress: (
      friendlyName: string,
      options?: CallOptions.CallOptions
    ) => Effect.Effect<Option.Option<Conference>, FindError>
  }
}
