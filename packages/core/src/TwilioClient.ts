/**
 * The authenticated HTTP client every resource uses: builds requests, sends them through the
 * user's `@effect/platform` `HttpClient`, retries what is safe to retry, and turns every
 * outcome into a decoded value or a `TwilioError`.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as FiberRefs from "effect/FiberRefs"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { InFlight } from "./internal/inFlight.js"
import { classify, excerpt, parseJson } from "./internal/responses.js"
import { version } from "./internal/version.js"
import * as RetryPolicy from "./RetryPolicy.js"
import { type Service as ConfigService, TwilioConfig } from "./TwilioConfig.js"
import { type HttpError, type HttpMethod, TransportError, UnexpectedResponse } from "./TwilioError.js"

/** One request to Twilio, described as data. */
export interface TwilioRequest {
  readonly method: HttpMethod
  /** Below the base URL, percent-encoded, starting with `/`; may carry a query (a `next_page_uri`). */
  readonly path: string
  /** The path with placeholders (`/Conferences/{ConferenceSid}/…`), used to name spans. */
  readonly route: string
  readonly query?: UrlParams.UrlParams
  /** Form body, for POST. */
  readonly form?: UrlParams.UrlParams
  /** Whether sending it twice is harmless; only then are 5xx and transport failures retried. */
  readonly repeatable: boolean
  /** Per-call timeout, replacing the configured one. */
  readonly timeout?: Duration.DurationInput
  /** Per-call retry setting, replacing the configured one. */
  readonly retry?: RetryPolicy.Setting
  /** Extra span attributes (conference SID, participant …). */
  readonly attributes?: Record<string, string>
  /**
   * The span the request's client span belongs under (the calling operation's). Handing it over
   * costs less than making it the current span around the whole call; without it, the current span.
   */
  readonly parentSpan?: Tracer.AnySpan
}

/** The client's operations. */
export interface Service {
  readonly config: ConfigService
  /** `/2010-04-01/Accounts/{AccountSid}`, the prefix of every path of this account. */
  readonly accountPath: string
  /** Sends the request and decodes a 2xx JSON body with `schema`. */
  readonly json: <A, I, R>(
    request: TwilioRequest,
    schema: Schema.Schema<A, I, R>
  ) => Effect.Effect<A, HttpError, R>
  /**
   * Sends a request whose success has no body (a DELETE). When an earlier attempt failed
   * ambiguously and a retry answers 404, the first attempt did its work: that counts as done.
   */
  readonly empty: (request: TwilioRequest) => Effect.Effect<void, HttpError>
}

/** A 2xx answer: its status, body text and `Twilio-Request-Id`. */
interface Success {
  readonly status: number
  readonly text: string
  readonly requestId: string | undefined
}

/**
 * Reads a response body as UTF-8 text, never more than `cap` bytes. A Content-Length above the cap
 * fails with `tooLarge(declared)` before reading; without a length the body is read chunk by chunk
 * and abandoned at the cap, failing with `tooLarge(undefined)`.
 */
const readCapped = <E>(
  response: HttpClientResponse.HttpClientResponse,
  headers: Headers.Headers,
  cap: number,
  tooLarge: (declared: number | undefined) => E
): Effect.Effect<string, HttpClientError.ResponseError | E> => {
  const declared = Number(headers["content-length"] ?? Number.NaN)
  if (Number.isSafeInteger(declared) && declared >= 0) {
    // The transport stops at the announced length, so the fast path cannot read past the cap.
    if (declared <= cap) return response.text
    // Not read, but not left on the socket either: ending the body stream early gives the connection back.
    return response.stream.pipe(
      Stream.take(1),
      Stream.runDrain,
      Effect.ignore,
      Effect.zipRight(Effect.fail(tooLarge(declared)))
    )
  }
  if (response.status === 204 || response.status === 304) return Effect.succeed("")
  return Effect.suspend(() => {
    const decoder = new TextDecoder()
    const parts: Array<string> = []
    let size = 0
    return response.stream.pipe(
      Stream.runForEach((chunk) => {
        size += chunk.byteLength
        if (size > cap) return Effect.fail(tooLarge(undefined))
        parts.push(decoder.decode(chunk, { stream: true }))
        return Effect.void
      }),
      // A web `Response` without a body has no stream: that is an empty body.
      Effect.catchIf(
        (error) => error instanceof HttpClientError.ResponseError && error.reason === "EmptyBody",
        () => Effect.void
      ),
      Effect.map(() => parts.join("") + decoder.decode())
    )
  })
}

const tracerOff = () => true

/**
 * Fiber refs for the fiber that talks to the transport (it is the attempt's own, see `InFlight`):
 * no platform span for Twilio requests, since its end value holds the request, Authorization header
 * and all, for any tracer to render, and it would send trace headers to a third party (the SDK's
 * client span, current in that fiber, takes its place); should an application re-enable it anyway,
 * its header attributes stay redacted; and transports that honour it (fetch) hand a redirect back
 * instead of following it.
 */
const transportRefs = (clientSpan: Tracer.AnySpan) =>
  // One update of the fiber's refs rather than three.
  Effect.updateFiberRefs((fiberId, refs) => {
    const context = FiberRefs.getOrDefault(refs, FiberRef.currentContext)
    const init = Option.getOrElse(Context.getOption(context, FetchHttpClient.RequestInit), () => ({}))
    return FiberRefs.updateManyAs(refs, {
      entries: [
        [HttpClient.currentTracerDisabledWhen, [[fiberId, tracerOff]]],
        [
          Headers.currentRedactedNames,
          [[fiberId, [...FiberRefs.getOrDefault(refs, Headers.currentRedactedNames), "authorization"]]]
        ],
        [
          FiberRef.currentContext,
          [
            [
              fiberId,
              Context.add(
                Context.add(context, FetchHttpClient.RequestInit, { ...init, redirect: "manual" }),
                Tracer.ParentSpan,
                clientSpan
              )
            ]
          ]
        ]
      ]
    })
  })

const userAgent = (config: ConfigService) => {
  const base = `effect-twilio/${version} (node/${process.version}; ${process.platform} ${process.arch})`
  return Option.match(config.userAgentSuffix, { onNone: () => base, onSome: (suffix) => `${base} ${suffix}` })
}

/** Builds the client from the configuration and the user's `HttpClient`. */
export const make: Effect.Effect<Service, never, TwilioConfig | HttpClient.HttpClient> = Effect.gen(
  function* () {
    const config = yield* TwilioConfig
    const http = yield* HttpClient.HttpClient
    const [user, password] =
      config.credentials._tag === "AuthToken"
        ? [config.accountSid as string, config.credentials.authToken]
        : [config.credentials.apiKey, config.credentials.apiSecret]
    const authorization = Redacted.make(
      `Basic ${Buffer.from(`${user}:${Redacted.value(password)}`).toString("base64")}`
    )
    const headers = {
      accept: "application/json",
      "user-agent": userAgent(config),
      authorization: Redacted.value(authorization)
    }
    // One request per method with the headers already set; each call only adds its URL, query and body.
    const templates: Record<HttpMethod, HttpClientRequest.HttpClientRequest> = {
      GET: HttpClientRequest.get("", { headers }),
      POST: HttpClientRequest.post("", { headers }),
      DELETE: HttpClientRequest.del("", { headers })
    }

    const build = (request: TwilioRequest): HttpClientRequest.HttpClientRequest => {
      const url = HttpClientRequest.setUrl(templates[request.method], `${config.baseUrl}${request.path}`)
      const withQuery = request.query === undefined ? url : HttpClientRequest.setUrlParams(url, request.query)
      return request.form === undefined ? withQuery : HttpClientRequest.bodyUrlParams(withQuery, request.form)
    }

    const pathOnly = (path: string) => {
      const q = path.indexOf("?")
      return q === -1 ? path : path.slice(0, q)
    }

    const serverAddress = new URL(config.baseUrl).host

    // Bounds requests in flight, so a burst of fibers cannot open a socket each.
    const inFlight = new InFlight(config.maxConcurrentRequests)

    /** One attempt: the status, headers and body text of an answer, or a transport failure. */
    const attempt = (
      request: TwilioRequest,
      built: HttpClientRequest.HttpClientRequest,
      n: number,
      span: Tracer.AnySpan
    ) => {
      const path = pathOnly(request.path)
      const transport = (reason: "Timeout" | "Transport", description: string) =>
        new TransportError({ method: request.method, path, attempts: n, reason, description })
      const timeout = request.timeout === undefined ? config.timeout : Duration.decode(request.timeout)
      // The platform aborts the request when its fiber is interrupted (a timeout, a caller giving up),
      // also while the body is read; a body the SDK refuses to read is ended in `readCapped`.
      const exchange = Effect.flatMap(http.execute(built), (response) => {
        // Read once: a transport may build a fresh headers object on every read.
        const headers = response.headers
        const tooLarge = (declared: number | undefined) =>
          new UnexpectedResponse({
            method: request.method,
            path,
            status: response.status,
            description: `the body is larger than maxResponseBytes (${config.maxResponseBytes} bytes${
              declared === undefined ? "" : `; Content-Length ${declared}`
            }); it was not read`,
            excerpt: "",
            ...(headers["twilio-request-id"] === undefined ? {} : { requestId: headers["twilio-request-id"] })
          })
        return Effect.map(readCapped(response, headers, config.maxResponseBytes, tooLarge), (text) => ({
          status: response.status,
          headers,
          text
        }))
      })
      return inFlight
        .run(Effect.zipRight(transportRefs(span), exchange), timeout, () =>
          transport("Timeout", `no answer within ${Duration.format(timeout)}`)
        )
        .pipe(
          Effect.catchTags({
            RequestError: (e) => Effect.fail(transport("Transport", e.description ?? e.reason)),
            ResponseError: (e) =>
              Effect.fail(transport("Transport", `reading the body failed: ${e.description ?? e.reason}`))
          })
        )
    }

    const send = (
      request: TwilioRequest,
      onRetryNotFound: boolean
    ): Effect.Effect<Success | undefined, HttpError> =>
      Effect.useSpan(
        `Twilio ${request.method} ${request.route}`,
        {
          kind: "client",
          // A stack trace per request costs more than the rest of the span; the route names the call site.
          captureStackTrace: false,
          attributes: {
            "http.request.method": request.method,
            "url.template": request.route,
            "server.address": serverAddress,
            ...request.attributes
          },
          ...(request.parentSpan === undefined ? {} : { parent: request.parentSpan })
        },
        (span) => {
          const built = build(request)
          const path = pathOnly(request.path)
          // Local to this one call, so plain variables are enough to count attempts.
          let attempts = 0
          let ambiguous = false
          const once = Effect.suspend(() => {
            const n = ++attempts
            return Effect.flatMap(attempt(request, built, n, span), ({ status, headers, text }) => {
              span.attribute("http.response.status_code", status)
              return Effect.clockWith((clock) =>
                Either.map(
                  classify({
                    method: request.method,
                    path,
                    status,
                    headers,
                    text,
                    attempt: n,
                    nowMillis: clock.unsafeCurrentTimeMillis()
                  }),
                  // The status and request id are kept so a 2xx that fails to decode can still name them.
                  (): Success => ({ status, text, requestId: headers["twilio-request-id"] })
                )
              )
            })
          })
          const schedule = request.retry === undefined ? config.retry : RetryPolicy.resolve(request.retry)
          const withRetry: Effect.Effect<Success | undefined, HttpError> = Option.match(schedule, {
            onNone: () => once,
            // The retry machinery starts only after a failure (most calls never fail); the schedule
            // still sees that first failure, so timings are exactly those of retrying `once` itself.
            onSome: (policy) =>
              Effect.catchAll(once, (first) => {
                let replay = true
                const again = Effect.suspend(() => {
                  if (!replay) return once
                  replay = false
                  return Effect.fail(first)
                })
                return Effect.retry(again, {
                  schedule: policy,
                  // Every failure passes here (the first one replayed), so this is where an
                  // ambiguous one (Twilio may have acted) is noted.
                  while: (error: HttpError) => {
                    if (error._tag === "ServerError" || error._tag === "TransportError") ambiguous = true
                    return RetryPolicy.isRetryable(error, request.repeatable)
                  }
                })
              })
          })
          // The span is current in the attempt's own fiber (`transportRefs`), not around the whole call.
          return onRetryNotFound
            ? Effect.catchIf(
                withRetry,
                (error) => error._tag === "NotFound" && attempts > 1 && ambiguous,
                () => Effect.succeed(undefined)
              )
            : withRetry
        }
      )

    const json = <A, I, R>(
      request: TwilioRequest,
      schema: Schema.Schema<A, I, R>
    ): Effect.Effect<A, HttpError, R> => {
      const decode = Schema.decodeUnknown(schema, { onExcessProperty: "ignore" })
      return Effect.flatMap(send(request, false), (success) => {
        const text = success?.text ?? ""
        const unexpected = (description: string) =>
          new UnexpectedResponse({
            method: request.method,
            path: pathOnly(request.path),
            status: success?.status ?? 200,
            description,
            excerpt: excerpt(text),
            ...(success?.requestId === undefined ? {} : { requestId: success.requestId })
          })
        return Option.match(parseJson(text), {
          onNone: () => Effect.fail(unexpected("the body is not JSON")),
          onSome: (body) =>
            Effect.mapError(decode(body), (error) =>
              unexpected(
                `the body does not match ${schemaName(schema)}: ${ParseResult.TreeFormatter.formatErrorSync(error)}`
              )
            ).pipe(
              // The body is untrusted: a pathological one (nesting deep enough to exhaust the stack
              // while an issue is rendered) is still an answer we cannot read, never a defect.
              Effect.catchAllDefect(() =>
                Effect.fail(unexpected(`the body cannot be decoded as ${schemaName(schema)}`))
              )
            )
        })
      })
    }

    const empty = (request: TwilioRequest): Effect.Effect<void, HttpError> =>
      Effect.asVoid(send(request, request.method === "DELETE"))

    return { config, accountPath: `/2010-04-01/Accounts/${config.accountSid}`, json, empty } satisfies Service
  }
)

const schemaName = <A, I, R>(schema: Schema.Schema<A, I, R>) => String(schema.ast).slice(0, 80)

/** The authenticated Twilio HTTP client (base URL, Basic auth, retries, error mapping). */
export class TwilioClient extends Context.Tag("@effect-twilio/core/TwilioClient")<TwilioClient, Service>() {
  /** Needs `TwilioConfig` and an `HttpClient` (e.g. `NodeHttpClient.layerUndici`). */
  static readonly layer: Layer.Layer<TwilioClient, never, TwilioConfig | HttpClient.HttpClient> =
    Layer.effect(TwilioClient, make)
}
