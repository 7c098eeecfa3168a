/**
 * A scripted transport under the live `Participants.layer` (and `Conferences.layer`): every request gets the answer a
 * function gives, so tests can send what the simulator never would (HTML error pages, wrong
 * shapes, endless bodies). Requests are counted.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import { Conferences } from "@effect-twilio/conferences"
import { TwilioConfig, type TwilioConfigOptions } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Effect, Either, Layer, Ref } from "effect"

/** The test account. */
export const ACCOUNT_SID = `AC${"5eed".repeat(8)}`
/** A distinctive auth token that must never show up anywhere. */
export const AUTH_TOKEN = "tok_RELIABILITY_SECRET_7c1f0e"
/** A well-formed conference SID. */
export const CONFERENCE_SID = `CF${"ab".repeat(16)}`
/** A well-formed call SID. */
export const CALL_SID = `CA${"cd".repeat(16)}`
/** Where the account's rosters live. */
export const ROSTER = `/2010-04-01/Accounts/${ACCOUNT_SID}/Conferences/${CONFERENCE_SID}/Participants.json`

/** What the transport answers: a status, headers and a body (text, or a stream for endless bodies). */
export interface Answer {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly body?: string | ReadableStream<Uint8Array> | null
}

/** A JSON answer. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body)
})

/** A stream of `total` bytes of `fill`, in 64 KiB chunks, that records how much was pulled. */
export const endlessBody = (total: number, fill = 0x20) => {
  let pulled = 0
  const chunk = new Uint8Array(64 * 1024).fill(fill)
  const stream = new ReadableStream<Uint8Array>({
    pull: (controller) => {
      if (pulled >= total) return controller.close()
      pulled += chunk.byteLength
      controller.enqueue(chunk)
    }
  })
  return { stream, pulled: () => pulled }
}

/** `Participants` over a transport that answers every request with `answer(requestNumber)`. */
export const scripted = (
  answer: (n: number, url: string) => Answer,
  options: Partial<TwilioConfigOptions> = {}
) =>
  Effect.gen(function* () {
    const sent = yield* Ref.make(0)
    const client = HttpClient.make((request) =>
      Effect.map(
        Ref.updateAndGet(sent, (n) => n + 1),
        (n) => {
          // The path and query as the server would see them.
          const url = Either.match(UrlParams.makeUrl(request.url, request.urlParams, request.hash), {
            onLeft: () => request.url,
            onRight: (u) => `${u.pathname}${u.search}`
          })
          const a = answer(n, url)
          return HttpClientResponse.fromWeb(
            request,
            new Response(a.status === 204 ? null : (a.body ?? ""), {
              status: a.status,
              headers: a.headers ?? {}
            })
          )
        }
      )
    )
    const wiring = Layer.merge(
      TwilioConfig.layer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, retry: false, ...options }),
      Layer.succeed(HttpClient.HttpClient, client)
    )
    const layer = Participants.layer.pipe(Layer.provide(wiring))
    // The same script under `Conferences`, for the conference list's paging rules.
    const conferences = Conferences.layer.pipe(Layer.provide(wiring))
    return { layer, conferences, requests: Ref.get(sent) }
  })
