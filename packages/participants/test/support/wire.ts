/** A recording HttpClient double: answers from a handler and keeps every request as sent. */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"

export const ACCOUNT = "AC0123456789abcdef0123456789abcdef"
export const TOKEN = "tok_wire_SECRET_4242"
export const CONFERENCE = "CF0123456789abcdef0123456789abcdef"
export const CALL = "CA0123456789abcdef0123456789abcdef"
export const BASE = `/2010-04-01/Accounts/${ACCOUNT}`

/** One request as it reached the wire. */
export interface Sent {
  readonly method: string
  /** Path exactly as encoded on the wire (no decoding). */
  readonly path: string
  readonly query: ReadonlyArray<[string, string]>
  readonly form: ReadonlyArray<[string, string]>
  readonly headers: Readonly<Record<string, string>>
}

/** What the double answers. */
export interface Reply {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

/** The recorded requests. */
export class Wire extends Effect.Tag("test/Wire")<Wire, { readonly sent: Ref.Ref<ReadonlyArray<Sent>> }>() {}

const bodyText = (body: unknown): string => {
  if (body instanceof Uint8Array) return new TextDecoder().decode(body)
  return ""
}

/** Participants over the double; `handler` sees each request and returns the reply. */
export const layer = (
  handler: (sent: Sent, index: number) => Reply,
  options: { readonly accountSid?: string } = {}
) => {
  const wire = Layer.effect(
    Wire,
    Effect.map(Ref.make<ReadonlyArray<Sent>>([]), (sent) => ({ sent }))
  )
  const http = Layer.effect(
    HttpClient.HttpClient,
    Effect.map(Wire, ({ sent }) =>
      HttpClient.make((request, url) =>
        Effect.gen(function* () {
          const form =
            request.body._tag === "Uint8Array" ? [...new URLSearchParams(bodyText(request.body.body))] : []
          const record: Sent = {
            method: request.method,
            path: url.pathname,
            query: [...url.searchParams],
            form,
            headers: { ...request.headers }
          }
          const index = (yield* Ref.get(sent)).length
          yield* Ref.update(sent, (all) => [...all, record])
          const reply = handler(record, index)
          const text =
            typeof reply.body === "string"
              ? reply.body
              : reply.body === undefined
                ? ""
                : JSON.stringify(reply.body)
          return HttpClientResponse.fromWeb(
            request,
            new Response(reply.status === 204 ? null : text, {
              status: reply.status,
              headers: { "content-type": "application/json", ...reply.headers }
            })
          )
        })
      )
    )
  )
  const config = TwilioConfig.layer({
    accountSid: options.accountSid ?? ACCOUNT,
    authToken: TOKEN,
    baseUrl: "http://127.0.0.1:1",
    retry: { baseDelay: "1 millis", maxDelay: "1 millis" }
  })
  return Participants.layer.pipe(
    Layer.provide(Layer.merge(http, config)),
    Layer.provideMerge(wire),
    Layer.orDie
  )
}

/** A participant as Twilio's JSON shapes it. */
export const participantJson = (overrides: Record<string, unknown> = {}) => ({
  account_sid: ACCOUNT,
  call_sid: CALL,
  label: "customer",
  call_sid_to_coach: null,
  coaching: false,
  conference_sid: CONFERENCE,
  date_created: "Fri, 18 Feb 2011 21:07:19 +0000",
  date_updated: "Fri, 18 Feb 2011 21:07:19 +0000",
  end_conference_on_exit: false,
  muted: false,
  hold: false,
  start_conference_on_enter: true,
  status: "connected",
  queue_time: null,
  uri: `${BASE}/Conferences/${CONFERENCE}/Participants/${CALL}.json`,
  ...overrides
})

/** A list page as Twilio shapes it. */
export const pageJson = (participants: ReadonlyArray<unknown>, page: number, nextPageUri: string | null) => ({
  participants,
  first_page_uri: `${BASE}/Conferences/${CONFERENCE}/Participants.json?PageSize=2&Page=0`,
  next_page_uri: nextPageUri,
  previous_page_uri: null,
  uri: `${BASE}/Conferences/${CONFERENCE}/Participants.json?PageSize=2&Page=${page}`,
  page,
  page_size: 2,
  start: page * 2,
  end: page * 2 + participants.length - 1
})
