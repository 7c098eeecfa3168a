/**
 * The authenticated HTTP client every resource uses. It is the user's `@effect/platform` `HttpClient`
 * with the base URL, Basic auth, `Accept` and `User-Agent` set once (`HttpClient.mapRequest`), no
 * platform span and no trace headers for Twilio; each request then takes a slot, runs under a
 * per-attempt timeout (which counts the wait for a slot), has its body read under a cap, is
 * classified into the `TwilioError` union, retried by the policy where a repeat is safe, and decoded.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import { flow, identity } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as CallOptions from "./CallOptions.js"
import { classify, parseJson } from "./internal/responses.js"
import * as Sanitize from "./internal/sanitize.js"
import * as Slots from "./internal/slots.js"
import * as telemetry from "./internal/telemetry.js"
import { describeTransportFailure } from "./internal/transportFailure.js"
import { version } from "./internal/version.js"
import * as Pacer from "./Pacer.js"
import * as ResponseInfo from "./ResponseInfo.js"
import * as RetryPolicy from "./RetryPolicy.js"
import { type Service as ConfigService, TwilioConfig } from "./TwilioConfig.js"
import { type HttpError, type HttpMethod, TransportError, UnexpectedResponse } from "./TwilioError.js"

/** One request to Twilio, described as data. */
export interface TwilioRequest {
  readonly method: HttpMethod
  /** Below the base URL, percent-encoded, starting with `/`; may carry a query (a `next_page_uri`). */
  readonly path: string
  /** The path with placeholders (`/Conferences/{ConferenceSid}/…`), for spans and metrics. */
  readonly route: string
  readonly query?: UrlParams.UrlParams
  /** Form body, for POST. */
  readonly form?: UrlParams.UrlParams
  /** Whether sending it twice is harmless; only then are 5xx and lost connections retried. */
  readonly repeatable: boolean
}

/** The client's operations. Timeout and retry come from `CallOptions` in force, else `TwilioConfig`. */
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

/** What one attempt brought back before classification. */
interface Exchange {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly text: string
}

const userAgent = (config: ConfigService) => {
  const base = `effect-twilio/${version} (node/${process.version}; ${process.platform} ${process.arch})`
  return Option.match(config.userAgentSuffix, { onNone: () => base, onSome: (suffix) => `${base} ${suffix}` })
}

/** The Basic credentials and every spelling of the secret a server could echo back. */
const authorization = (config: ConfigService) => {
  const [user, password] =
    config.credentials._tag === "AuthToken"
      ? [String(config.accountSid), config.credentials.authToken]
      : [config.credentials.apiKey, config.credentials.apiSecret]
  const secret = Redacted.value(password)
  const encoded = Buffer.from(`${user}:${secret}`).toString("base64")
  const header = `Basic ${encoded}`
  return {
    header: Redacted.make(header),
    spellings: [header, encoded, encodeURIComponent(encoded), `${user}:${secret}`, secret]
  }
}

/**
 * Transports that follow redirects themselves (fetch) are asked to hand them back: Twilio never
 * redirects, so one is reported rather than followed with the credentials.
 */
const manualRedirects = HttpClient.transformResponse(<A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (init) =>
    Effect.provideService(effect, FetchHttpClient.RequestInit, {
      ...Option.getOrElse(init, () => ({})),
      redirect: "manual"
    })
  )
)

/**
 * Reads a body as UTF-8 text, never more than `cap` decoded bytes. A declared length above the cap
 * fails before reading. A plain body of declared length is read whole (the transport stops at that
 * length); anything else, compressed bodies that a transport unpacks included, is counted chunk by
 * chunk and abandoned at the cap, so a small compressed body cannot become a large one in memory.
 */
const readCapped = <E>(
  response: HttpClientResponse.HttpClientResponse,
  headers: Readonly<Record<string, string | undefined>>,
  cap: number,
  tooLarge: (declared: number | undefined) => E
): Effect.Effect<string, HttpClientError.ResponseError | E> => {
  const declared = Number(headers["content-length"] ?? Number.NaN)
  const encoding = headers["content-encoding"]
  const plain = encoding === undefined || encoding === "" || encoding === "identity"
  if (Number.isSafeInteger(declared) && declared > cap) {
    // Ending the body stream early gives the connection back instead of leaving the body on it.
    return response.stream.pipe(
      Stream.take(1),
      Stream.runDrain,
      Effect.ignore,
      Effect.zipRight(Effect.fail(tooLarge(declared)))
    )
  }
  if (plain && Number.isSafeInteger(declared) && declared >= 0) return response.text
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

const pathOnly = (path: string) => {
  const q = path.indexOf("?")
  return q === -1 ? path : path.slice(0, q)
}

/** Builds the client from the configuration and the user's `HttpClient`. */
export const make: Effect.Effect<Service, never, TwilioConfig | HttpClient.HttpClient> = Effect.gen(
  function* () {
    const config = yield* TwilioConfig
    const auth = authorization(config)
    const sanitizer = Sanitize.make(auth.spellings)
    const headers = {
      accept: "application/json",
      "user-agent": userAgent(config),
      authorization: Redacted.value(auth.header)
    }
    const client = (yield* HttpClient.HttpClient).pipe(
      // The platform's span would record the request, Authorization header and all, and its trace
      // headers would go to a third party: the operation's own span stands in for it. Transports
      // propagate trace headers only from that span, so disabling it stops propagation too.
      HttpClient.withTracerDisabledWhen(() => true),
      manualRedirects,
      HttpClient.mapRequest(
        flow(HttpClientRequest.prependUrl(config.baseUrl), HttpClientRequest.setHeaders(headers))
      ),
      Option.getOrElse(config.transformClient, () => identity<HttpClient.HttpClient>)
    )
    // Bounds requests in flight, so a burst of fibers cannot open a socket each.
    const slots = Slots.make(config.maxConcurrentRequests)
    const serverAddress = new URL(config.baseUrl).host
    // Read once here, not per request: without a pacing layer the pipeline is unchanged.
    const pacer = yield* Pacer.Current
    const pace = Pacer.step(pacer, config.pacing, config.accountSid)
    if (Option.isNone(pacer) && Option.isSome(config.pacing)) {
      yield* Effect.logWarning(
        "effect-twilio: pacing budgets are configured but no pacing layer is provided (Pacing or PacingRedis): requests are not paced"
      )
    }

    const build = (request: TwilioRequest): HttpClientRequest.HttpClientRequest => {
      const base = HttpClientRequest.make(request.method)(request.path)
      const withQuery =
        request.query === undefined ? base : HttpClientRequest.setUrlParams(base, request.query)
      return request.form === undefined ? withQuery : HttpClientRequest.bodyUrlParams(withQuery, request.form)
    }

    /** One attempt: a slot, the exchange and the body read, all within the attempt's timeout. */
    const attempt = (
      request: TwilioRequest,
      built: HttpClientRequest.HttpClientRequest,
      n: number,
      timeout: Duration.Duration
    ): Effect.Effect<Exchange, HttpError> => {
      const path = pathOnly(request.path)
      const exchange = Effect.flatMap(client.execute(built), (response) => {
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
            ...(headers["twilio-request-id"] === undefined
              ? {}
              : { requestId: sanitizer.text(headers["twilio-request-id"]) })
          })
        return Effect.map(readCapped(response, headers, config.maxResponseBytes, tooLarge), (text) => ({
          status: response.status,
          headers,
          text
        }))
      })
      // Timed and counted while it holds its slot; the wait for the slot is a metric of its own.
      const measured = Effect.clockWith((clock) => {
        const queued = clock.unsafeCurrentTimeMillis()
        return slots.withSlot(
          Effect.suspend(() => {
            const started = clock.unsafeCurrentTimeMillis()
            return telemetry.started(started - queued).pipe(
              Effect.zipRight(exchange),
              Effect.onExit((exit) =>
                telemetry.finished(
                  request.route,
                  request.method,
                  Exit.isSuccess(exit)
                    ? telemetry.statusClass(exit.value.status)
                    : Exit.isInterrupted(exit)
                      ? "interrupted"
                      : "transport",
                  clock.unsafeCurrentTimeMillis() - started
                )
              )
            )
          })
        )
      })
      return measured.pipe(
        // The platform aborts the request when its fiber is interrupted, also while the body is read.
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () =>
            new TransportError({
              method: request.method,
              path,
              attempts: n,
              reason: "Timeout",
              description: `no answer within ${Duration.format(timeout)} (waiting for a free slot included)`
            })
        }),
        Effect.catchTags({
          RequestError: (error) => Effect.fail(transportError(request, path, n, error)),
          ResponseError: (error) => Effect.fail(transportError(request, path, n, error))
        })
      )
    }

    const transportError = (
      request: TwilioRequest,
      path: string,
      attempts: number,
      error: HttpClientError.RequestError | HttpClientError.ResponseError
    ) => {
      const failure = describeTransportFailure(error)
      return new TransportError({
        method: request.method,
        path,
        attempts,
        reason: "Transport",
        description: sanitizer.text(failure.description),
        ...(failure.code === undefined ? {} : { errorCode: failure.code }),
        ...(failure.unsent ? { unsent: true } : {})
      })
    }

    /** Sends with retries; `undefined` when a retried DELETE found its work already done. */
    const send = (
      request: TwilioRequest,
      onRetryNotFound: boolean
    ): Effect.Effect<Success | undefined, HttpError> =>
      Effect.flatMap(Effect.zip(CallOptions.Current, ResponseInfo.Sink), ([options, sink]) => {
        const built = build(request)
        const path = pathOnly(request.path)
        const timeout = options.timeout ?? config.timeout
        const schedule = options.retry === undefined ? config.retry : RetryPolicy.resolve(options.retry)
        // Local to this one call, so plain variables are enough to count attempts.
        let attempts = 0
        let ambiguous = false
        let answered: Exchange | undefined
        let retryReason: telemetry.RetryReason = "other"
        let pacedMillis = 0
        const once = Effect.suspend(() => {
          const n = ++attempts
          // Pacing waits before the attempt takes a slot and outside its timeout.
          const sent = Option.match(pace, {
            onNone: () => attempt(request, built, n, timeout),
            onSome: (step) =>
              Effect.flatMap(step({ method: request.method, route: request.route, path }), (waited) => {
                pacedMillis += waited
                return attempt(request, built, n, timeout)
              })
          })
          // Retries are events on the operation's span rather than spans of their own.
          const retrying =
            n > 1 ? Effect.zipRight(Effect.zipRight(retryEvent(n), telemetry.retry(retryReason)), sent) : sent
          return Effect.flatMap(retrying, (exchange) => {
            answered = exchange
            return Effect.flatMap(Clock.currentTimeMillis, (nowMillis) =>
              Either.match(
                classify({ method: request.method, path, attempt: n, nowMillis, sanitizer, ...exchange }),
                {
                  onLeft: (error): Effect.Effect<Success, HttpError> =>
                    error._tag === "RateLimited"
                      ? Effect.zipRight(telemetry.rateLimited(request.route), Effect.fail(error))
                      : Effect.fail(error),
                  onRight: (text): Effect.Effect<Success> =>
                    Effect.succeed({
                      status: exchange.status,
                      text,
                      requestId: exchange.headers["twilio-request-id"]
                    })
                }
              )
            )
          })
        })
        const retried = Option.match(schedule, {
          onNone: () => once,
          onSome: (policy) =>
            Effect.retry(once, {
              schedule: policy,
              while: (error: HttpError) => {
                // Twilio may have acted on a 5xx or a lost connection: noted for the DELETE rule below.
                if (
                  error._tag === "ServerError" ||
                  (error._tag === "TransportError" && error.unsent !== true)
                ) {
                  ambiguous = true
                }
                retryReason = telemetry.retryReason(error)
                return RetryPolicy.isRetryable(error, request.repeatable)
              }
            })
        })
        const settled = onRetryNotFound
          ? Effect.catchIf(
              retried,
              (error) => error._tag === "NotFound" && attempts > 1 && ambiguous,
              () => Effect.succeed(undefined)
            )
          : retried
        return Effect.onExit(settled, (exit) => {
          const requestId = answered?.headers["twilio-request-id"]
          // Handed on only when a caller asked (`ResponseInfo.capture`).
          if (sink !== undefined && answered !== undefined && Exit.isSuccess(exit)) {
            sink({
              method: request.method,
              route: request.route,
              status: answered.status,
              requestId,
              attempts,
              headers: headerRecord(answered.headers)
            })
          }
          return Effect.annotateCurrentSpan({
            "http.request.method": request.method,
            "url.template": request.route,
            "server.address": serverAddress,
            "twilio.attempts": attempts,
            ...(Option.isSome(pace) ? { "twilio.pacing.wait_ms": pacedMillis } : {}),
            ...(answered === undefined ? {} : { "http.response.status_code": answered.status }),
            ...(requestId === undefined ? {} : { "twilio.request_id": sanitizer.text(requestId) })
          })
        })
      })

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
            description: sanitizer.text(description),
            excerpt: sanitizer.excerpt(text),
            ...(success?.requestId === undefined ? {} : { requestId: sanitizer.text(success.requestId) })
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

const headerRecord = (headers: Readonly<Record<string, string | undefined>>): Record<string, string> => {
  const record: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) record[name] = value
  return record
}

const retryEvent = (attempt: number) =>
  Effect.currentSpan.pipe(
    Effect.flatMap((span) =>
      // From millis: the TestClock's own nanosecond reading fails on the fractional times jitter makes.
      Effect.map(Clock.currentTimeMillis, (now) =>
        span.event("twilio.retry", BigInt(Math.round(now)) * 1_000_000n, { "twilio.attempt": attempt })
      )
    ),
    Effect.ignore
  )

const schemaName = <A, I, R>(schema: Schema.Schema<A, I, R>) => String(schema.ast).slice(0, 80)

/** The authenticated Twilio HTTP client (base URL, Basic auth, retries, error mapping). */
export class TwilioClient extends Context.Tag("@effect-twilio/core/TwilioClient")<TwilioClient, Service>() {
  /** Builds the client from `TwilioConfig` and an `HttpClient`. */
  static readonly make = make
  /** Needs `TwilioConfig` and an `HttpClient` (e.g. `NodeHttpClient.layerUndici`). */
  static readonly layer: Layer.Layer<TwilioClient, never, TwilioConfig | HttpClient.HttpClient> =
    Layer.effect(TwilioClient, make)
}
