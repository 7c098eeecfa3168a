/**
 * The simulator's outgoing side: each status callback the model leaves becomes Twilio's signed
 * request (`ConferenceWebhook.request` / `CallStatusWebhook.request`), waits in a bounded queue and
 * is delivered by one fiber, in order, over real HTTP, with Twilio's retry rules. Every delivery is
 * recorded (the in-process sink), so tests can observe callbacks without a socket.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import {
  CallStatusEvent,
  CallStatusWebhook,
  ConferenceEvent,
  ConferenceWebhook,
  type Webhook
} from "@effect-twilio/webhooks"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Queue from "effect/Queue"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as SubscriptionRef from "effect/SubscriptionRef"
import type { Outgoing } from "./callbacks.js"

/** How the simulator delivers status callbacks. */
export interface WebhookOptions {
  /**
   * Which URLs get real HTTP requests: `loopback` (the default: 127.0.0.0/8, `::1`, `localhost`),
   * `all`, or `none`. The others are only recorded, so a test never reaches the internet.
   */
  readonly send?: "loopback" | "all" | "none"
  /** How long one attempt may take, response included (default 5 seconds). */
  readonly timeout?: Duration.DurationInput
  /** Retries after a 5xx answer (default 0: Twilio retries only a failed connection, once). */
  readonly retryServerErrors?: number
  /** Callbacks waiting to be sent at most; more are recorded as `dropped` (default 1,000). */
  readonly queueSize?: number
  /** Deliveries kept in the log, newest last (default 10,000). */
  readonly logSize?: number
}

/** What became of one callback. */
export type DeliveryOutcome =
  /** An attempt got a 2xx–4xx answer (Twilio does not retry those). */
  | "delivered"
  /** Every attempt failed: no connection, a timeout, or 5xx. */
  | "failed"
  /** Not sent over HTTP (see `WebhookOptions.send`); recorded only. */
  | "recorded"
  /** The queue was full. */
  | "dropped"

interface DeliveryBase {
  /** The signed request, exactly as sent (or as it would have been). */
  readonly request: Webhook.SignedRequest
  readonly outcome: DeliveryOutcome
  /** HTTP attempts made (0 when not sent). */
  readonly attempts: number
  /** The last HTTP status answered, if any. */
  readonly status: number | undefined
  /** Why the last attempt failed, if it did. */
  readonly error: string | undefined
}

/** One status callback and what became of it. */
export type Delivery =
  | (DeliveryBase & { readonly kind: "conference"; readonly event: ConferenceEvent.ConferenceEvent })
  | (DeliveryBase & { readonly kind: "call"; readonly event: CallStatusEvent.CallStatusEvent })

/** The engine's side: hand over a callback, read the log. */
export interface Deliveries {
  readonly send: (outgoing: Outgoing) => Effect.Effect<void>
  readonly log: Effect.Effect<ReadonlyArray<Delivery>>
  /** Waits until at least `count` callbacks have been settled (delivered, failed, recorded or dropped). */
  readonly await: (count: number) => Effect.Effect<ReadonlyArray<Delivery>>
}

class AttemptFailed extends Data.TaggedError("AttemptFailed")<{
  readonly reason: "Connect" | "Timeout" | "ServerError"
  readonly status?: number
  readonly message: string
}> {}

const isLoopback = (url: string): boolean => {
  try {
    const host = new URL(url).hostname
    return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  } catch {
    return false
  }
}

type Prepared =
  | {
      readonly kind: "conference"
      readonly event: ConferenceEvent.ConferenceEvent
      readonly request: Webhook.SignedRequest
    }
  | {
      readonly kind: "call"
      readonly event: CallStatusEvent.CallStatusEvent
      readonly request: Webhook.SignedRequest
    }

/** Decodes the model's form into the typed event and signs it as Twilio would. */
const prepare = (outgoing: Outgoing, authToken: string): Effect.Effect<Prepared, ParseResult.ParseError> => {
  const options = { authToken, url: outgoing.url, method: outgoing.method }
  return outgoing.kind === "conference"
    ? Effect.flatMap(Schema.decodeUnknown(ConferenceEvent.ConferenceEvent)(outgoing.form), (event) =>
        Effect.map(ConferenceWebhook.request(event, options), (request) => ({
          kind: "conference" as const,
          event,
          request
        }))
      )
    : Effect.flatMap(Schema.decodeUnknown(CallStatusEvent.CallStatusEvent)(outgoing.form), (event) =>
        Effect.map(CallStatusWebhook.request(event, options), (request) => ({
          kind: "call" as const,
          event,
          request
        }))
      )
}

/** The delivery queue and its worker, until the scope closes (then waiting callbacks are discarded). */
export const make = (
  authToken: string,
  options: WebhookOptions = {}
): Effect.Effect<Deliveries, never, Scope.Scope> =>
  Effect.gen(function* () {
    const send = options.send ?? "loopback"
    const timeout = Duration.decode(options.timeout ?? Duration.seconds(5))
    const retryServerErrors = Math.max(0, Math.floor(options.retryServerErrors ?? 0))
    const logSize = Math.max(1, Math.floor(options.logSize ?? 10_000))
    const queue = yield* Effect.acquireRelease(
      Queue.dropping<Prepared>(Math.max(1, Math.floor(options.queueSize ?? 1000))),
      Queue.shutdown
    )
    const client = yield* Effect.provide(HttpClient.HttpClient, FetchHttpClient.layer)
    const log: Array<Delivery> = []
    const settled = yield* SubscriptionRef.make(0)

    const record = (delivery: Delivery) =>
      Effect.zipRight(
        Effect.sync(() => {
          log.push(delivery)
          if (log.length > logSize) log.splice(0, log.length - logSize)
        }),
        SubscriptionRef.update(settled, (n) => n + 1)
      )

    const attempt = (request: Webhook.SignedRequest) => {
      const base =
        request.method === "GET"
          ? HttpClientRequest.get(request.url)
          : HttpClientRequest.post(request.url).pipe(
              HttpClientRequest.bodyText(request.body, request.contentType)
            )
      return client
        .execute(
          base.pipe(
            HttpClientRequest.setHeader("X-Twilio-Signature", request.signature),
            HttpClientRequest.setHeader("User-Agent", "TwilioProxy/1.1")
          )
        )
        .pipe(
          // Read the body so the connection is released.
          Effect.tap((response) => Effect.ignore(response.text)),
          Effect.mapError((error) => new AttemptFailed({ reason: "Connect", message: error.message })),
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () =>
              new AttemptFailed({
                reason: "Timeout",
                message: `no answer within ${Duration.format(timeout)}`
              })
          }),
          Effect.flatMap((response) =>
            response.status >= 500
              ? Effect.fail(
                  new AttemptFailed({
                    reason: "ServerError",
                    status: response.status,
                    message: `answered ${response.status}`
                  })
                )
              : Effect.succeed(response.status)
          ),
          Effect.scoped
        )
    }

    const deliver = (prepared: Prepared) =>
      Effect.gen(function* () {
        let attempts = 0
        const counted = Effect.suspend(() => {
          attempts += 1
          return attempt(prepared.request)
        })
        // Twilio retries a failed connection once; a 5xx only when configured to.
        const exit = yield* counted.pipe(
          Effect.retry({ times: 1, while: (e) => e.reason === "Connect" }),
          Effect.retry({ times: retryServerErrors, while: (e) => e.reason === "ServerError" }),
          Effect.either
        )
        const outcome =
          exit._tag === "Right"
            ? { outcome: "delivered" as const, status: exit.right, error: undefined }
            : { outcome: "failed" as const, status: exit.left.status, error: exit.left.message }
        yield* record({ ...prepared, attempts, ...outcome })
      }).pipe(Effect.withSpan("FakeTwilio.deliverWebhook", { attributes: { kind: prepared.kind } }))

    yield* Effect.forkScoped(Effect.forever(Effect.flatMap(Queue.take(queue), deliver)))

    return {
      send: (outgoing) =>
        prepare(outgoing, authToken).pipe(
          Effect.flatMap((prepared) => {
            const wanted = send === "all" || (send === "loopback" && isLoopback(outgoing.url))
            if (!wanted)
              return record({
                ...prepared,
                outcome: "recorded",
                attempts: 0,
                status: undefined,
                error: undefined
              })
            return Effect.flatMap(Queue.offer(queue, prepared), (queued) =>
              queued
                ? Effect.void
                : record({
                    ...prepared,
                    outcome: "dropped",
                    attempts: 0,
                    status: undefined,
                    error: undefined
                  })
            )
          }),
          // The model builds only forms the webhook schemas accept; a mismatch is a simulator bug, logged.
          Effect.catchAll((error) => Effect.logError("FakeTwilio could not encode a status callback", error))
        ),
      log: Effect.sync((): ReadonlyArray<Delivery> => log.slice()),
      await: (count) =>
        settled.changes.pipe(
          Stream.filter((n) => n >= count),
          Stream.runHead,
          Effect.zipRight(Effect.sync((): ReadonlyArray<Delivery> => log.slice()))
        )
    }
  })
