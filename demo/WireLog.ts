/**
 * A record of every HTTP exchange the SDK makes, taken by wrapping the `HttpClient` the SDK is
 * given: the SDK bundles no transport, so any middleware can sit between it and the network.
 * The demo uses it to show retries happening (each attempt is its own exchange).
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"

/** One request and the status it got back. */
export interface Exchange {
  readonly method: string
  /** Path below the host, without the query. */
  readonly path: string
  readonly status: number
  /** The `Retry-After` header, when the answer carried one. */
  readonly retryAfter: string | undefined
  /** When the answer arrived (epoch milliseconds, Effect clock). */
  readonly at: number
}

/** Every exchange so far, in order. */
export class WireLog extends Effect.Service<WireLog>()("effect-twilio-demo/WireLog", {
  effect: Effect.gen(function* () {
    const entries = yield* Ref.make<ReadonlyArray<Exchange>>([])
    return {
      /** Appends one exchange. */
      record: (exchange: Exchange) => Ref.update(entries, (all) => [...all, exchange]),
      /** Everything recorded. */
      all: Ref.get(entries),
      /** How many exchanges so far (a mark to read the ones after it). */
      size: Effect.map(Ref.get(entries), (all) => all.length)
    }
  })
}) {}

/** Wraps the `HttpClient` below it so each answer is recorded in the `WireLog`. */
export const recordingHttpClient: Layer.Layer<HttpClient.HttpClient, never, HttpClient.HttpClient | WireLog> =
  Layer.effect(
    HttpClient.HttpClient,
    Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      const log = yield* WireLog
      return HttpClient.tap(client, (response) =>
        Effect.flatMap(Clock.currentTimeMillis, (at) =>
          log.record({
            method: response.request.method,
            path: new URL(response.request.url).pathname,
            status: response.status,
            retryAfter: response.headers["retry-after"],
            at
          })
        )
      )
    })
  )
