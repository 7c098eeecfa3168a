/**
 * An `HttpClient` that hands each request straight to the simulator: no socket, same wire
 * format. The form body is read from the request's bytes, never through the SDK's encoders.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import type { Service } from "./simulator.js"
import { isFormContentType, type Pair, parseUrlEncoded, type WireResponse } from "./wire.js"

const bodyText = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return ""
    case "Uint8Array":
      return new TextDecoder().decode(body.body)
    case "Raw":
      return typeof body.body === "string"
        ? body.body
        : body.body instanceof Uint8Array
          ? new TextDecoder().decode(body.body)
          : undefined
    default:
      return undefined
  }
}

const toWeb = (response: WireResponse, body: string) =>
  // A 204 must not carry a body, even an empty one.
  new Response(response.status === 204 ? null : body, { status: response.status, headers: response.headers })

/** The in-process transport over a simulator. */
export const httpClient = (simulator: Service): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const text = bodyText(request)
      if (text === undefined) {
        return yield* Effect.fail(
          new HttpClientError.RequestError({
            request,
            reason: "Encode",
            description: `FakeTwilio reads text bodies only, got a ${request.body._tag} body`
          })
        )
      }
      const headers: Record<string, string> = { ...request.headers }
      const contentType = request.body._tag === "Empty" ? undefined : request.body.contentType
      if (contentType !== undefined && headers["content-type"] === undefined)
        headers["content-type"] = contentType
      const query: Array<Pair> = []
      for (const [k, v] of url.searchParams) query.push([k, v])
      const outcome = yield* simulator.handle({
        method: request.method,
        path: url.pathname,
        query,
        form: isFormContentType(contentType ?? headers["content-type"]) ? parseUrlEncoded(text) : [],
        headers
      })
      switch (outcome._tag) {
        case "Drop":
          return yield* Effect.fail(
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              description: "FakeTwilio dropped the connection"
            })
          )
        case "Truncate":
          return HttpClientResponse.fromWeb(
            request,
            toWeb(outcome.response, outcome.response.body.slice(0, outcome.keep))
          )
        case "Respond":
          return HttpClientResponse.fromWeb(request, toWeb(outcome.response, outcome.response.body))
      }
    })
  )
