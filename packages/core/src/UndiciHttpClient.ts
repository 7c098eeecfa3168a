/**
 * A lean `HttpClient` over undici's `dispatch`, for Node: one handler object per request, the URL
 * split from its string, the body read once from the socket, and the request aborted on the wire
 * when the calling fiber is interrupted (also while its body is read). Redirects are not followed and
 * bodies are neither asked for compressed nor decompressed. Opt-in: `undici` 7 is an optional peer
 * dependency, loaded only by this subpath (`@effect-twilio/core/UndiciHttpClient`). Kept for speed:
 * `pnpm bench`, columns "effect-twilio" against "effect-twilio (platform undici)".
 */

import { Readable } from "node:stream"
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import { Agent, type Dispatcher as UndiciDispatcher } from "undici"

/** The undici `Dispatcher` (an `Agent`, `Pool`, `Client` …) the client sends through. */
export class Dispatcher extends Context.Tag("@effect-twilio/core/UndiciHttpClient/Dispatcher")<
  Dispatcher,
  UndiciDispatcher
>() {}

/** Settings of the `Agent` that `layerWith` creates. */
export interface Options {
  /** Most sockets open at once to one origin; default 100, `TwilioConfig`'s `maxConcurrentRequests`. */
  readonly connections?: number
  /** How long an idle socket is kept for reuse; default undici's 4 seconds. */
  readonly keepAliveTimeout?: Duration.DurationInput
  /** How long a TCP and TLS connect may take; default undici's 10 seconds. */
  readonly connectTimeout?: Duration.DurationInput
  /** A wait for response headers longer than this fails the request; default none (use `Effect.timeout`). */
  readonly headersTimeout?: Duration.DurationInput
  /** A silence between body chunks longer than this fails the request; default none. */
  readonly bodyTimeout?: Duration.DurationInput
  /** undici's connector options: TLS (`ca`, `rejectUnauthorized`, `servername`), `lookup`, `localAddress` … */
  readonly connect?: Agent.Options["connect"]
}

/** `layerWith` was given options it cannot use; nothing was opened. */
export class InvalidOptions extends Data.TaggedError("InvalidOptions")<{ readonly message: string }> {}

/** The default number of sockets per origin: the SDK's default number of requests in flight. */
export const DEFAULT_CONNECTIONS = 100

// Bytes of an unread body held before the socket is paused; a consumer's read resumes it.
const HIGH_WATER = 64 * 1024

const PHASE_HEAD = 0
const PHASE_BODY = 1
const PHASE_DONE = 2
const PHASE_FAILED = 3

/** The message of an undici or Node error, with its `code` when the message does not name it. */
const describe = (cause: unknown): string => {
  if (!(cause instanceof Error)) return String(cause)
  const first = cause instanceof AggregateError && cause.errors[0] instanceof Error ? cause.errors[0] : cause
  const message = cause.message || first.message || cause.name
  const code = "code" in cause && typeof cause.code === "string" ? cause.code : undefined
  return code === undefined || message.includes(code) ? message : `${message} (${code})`
}

/** The reason handed to undici when the caller gives up. */
const interrupted = () => Object.assign(new Error("the request was interrupted"), { name: "AbortError" })

/**
 * One request's life, as undici's dispatch handler. undici calls `onConnect`/`onHeaders`/`onData`/
 * `onComplete`/`onError` itself; the handler API with a controller is a wrapper over these (an object
 * more and headers parsed into another per request), so this speaks the one undici 7 runs natively.
 */
class Exchange implements UndiciDispatcher.DispatchHandler {
  phase = PHASE_HEAD
  /** Unread body chunks and their size. */
  chunks: Array<Buffer> = []
  size = 0
  /** A whole-body read is under way: never pause. */
  collecting = false
  error: unknown = undefined
  private abortOnWire: ((error?: Error) => void) | undefined = undefined
  private cancelled: Error | undefined = undefined
  private resumeSocket: (() => void) | undefined = undefined
  private paused = false
  private readonly waiters: Array<() => void> = []

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    private onHead:
      | ((effect: Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError>) => void)
      | undefined
  ) {}

  onConnect(abort: (error?: Error) => void): void {
    // Given up while queued for a socket: abort as soon as undici lets us.
    if (this.cancelled !== undefined) abort(this.cancelled)
    else this.abortOnWire = abort
  }

  onHeaders(status: number, rawHeaders: Array<Buffer>, resume: () => void, _statusText: string): boolean {
    // 1xx answers are followed by the real one.
    if (status < 200) return true
    this.resumeSocket = resume
    this.phase = PHASE_BODY
    const onHead = this.onHead
    this.onHead = undefined
    onHead?.(Effect.succeed(new UndiciResponse(this, status, rawHeaders)))
    return true
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk)
    this.size += chunk.byteLength
    this.wake()
    if (this.collecting || this.size < HIGH_WATER) return true
    this.paused = true
    return false
  }

  onComplete(_trailers: Array<string> | null): void {
    this.phase = PHASE_DONE
    this.wake()
  }

  onError(error: Error): void {
    if (this.phase === PHASE_HEAD) {
      this.phase = PHASE_FAILED
      const onHead = this.onHead
      this.onHead = undefined
      onHead?.(
        Effect.fail(
          new HttpClientError.RequestError({
            request: this.request,
            reason: "Transport",
            cause: error,
            description: describe(error)
          })
        )
      )
      return
    }
    if (this.phase === PHASE_DONE) return
    this.phase = PHASE_FAILED
    this.error = error
    this.wake()
  }

  /** Gives up on the exchange: the socket is destroyed unless the answer is already complete. */
  abort(): void {
    this.onHead = undefined
    if (this.phase === PHASE_DONE || this.phase === PHASE_FAILED) return
    const reason = interrupted()
    if (this.abortOnWire === undefined) this.cancelled = reason
    else this.abortOnWire(reason)
  }

  /** Takes every buffered chunk, and lets the socket flow again. */
  take(): Array<Buffer> {
    const chunks = this.chunks
    this.chunks = []
    this.size = 0
    this.flow()
    return chunks
  }

  flow(): void {
    if (!this.paused) return
    this.paused = false
    this.resumeSocket?.()
  }

  /** Calls `waiter` on the next chunk, end or failure; answers how to stop waiting. */
  wait(waiter: () => void): () => void {
    this.waiters.push(waiter)
    return () => {
      const at = this.waiters.indexOf(waiter)
      if (at !== -1) this.waiters.splice(at, 1)
    }
  }

  private wake(): void {
    if (this.waiters.length === 0) return
    for (const waiter of this.waiters.splice(0)) waiter()
  }
}

/** UTF-8, a leading byte order mark dropped, as `Response.text()` does. */
const decodeText = (bytes: Buffer): string =>
  bytes.byteLength >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
    ? bytes.toString("utf8", 3)
    : bytes.toString("utf8")

const EMPTY = Buffer.alloc(0)

/** The answer: status and headers as they arrived; the body read once, on demand. */
class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly headers: Headers.Headers
  private readonly setCookie: Array<string> = []
  private cachedCookies: Cookies.Cookies | undefined = undefined
  /** The whole body, once read. */
  private bytes: Buffer | undefined = undefined
  private streamed = false

  constructor(
    private readonly exchange: Exchange,
    readonly status: number,
    rawHeaders: Array<Buffer>
  ) {
    super()
    // No prototype while filling, so a header named `__proto__` is just a header.
    const record: Record<string, string> = Object.create(null)
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = String(rawHeaders[i]?.toString("latin1")).toLowerCase()
      const value = String(rawHeaders[i + 1]?.toString("latin1"))
      if (name === "set-cookie") this.setCookie.push(value)
      const previous = record[name]
      record[name] = previous === undefined ? value : `${previous}, ${value}`
    }
    this.headers = Headers.unsafeFromRecord(record)
  }

  get request(): HttpClientRequest.HttpClientRequest {
    return this.exchange.request
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  get cookies(): Cookies.Cookies {
    if (this.cachedCookies === undefined) {
      this.cachedCookies = this.setCookie.length === 0 ? Cookies.empty : Cookies.fromSetCookie(this.setCookie)
    }
    return this.cachedCookies
  }

  private decodeError(cause: unknown, description = describe(cause)): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({
      request: this.request,
      response: this,
      reason: "Decode",
      cause,
      description
    })
  }

  /** The whole body as one buffer; interrupting the read aborts the request. */
  private get whole(): Effect.Effect<Buffer, HttpClientError.ResponseError> {
    return Effect.suspend(() => {
      const x = this.exchange
      if (this.bytes !== undefined) return Effect.succeed(this.bytes)
      if (this.streamed)
        return Effect.fail(this.decodeError(undefined, "the body was already read as a stream"))
      if (x.phase === PHASE_DONE) return Effect.succeed(this.settle())
      if (x.phase === PHASE_FAILED) return Effect.fail(this.decodeError(x.error))
      x.collecting = true
      x.flow()
      return Effect.async<Buffer, HttpClientError.ResponseError>((resume) => {
        const check = (): void => {
          if (x.phase === PHASE_DONE) resume(Effect.succeed(this.settle()))
          else if (x.phase === PHASE_FAILED) resume(Effect.fail(this.decodeError(x.error)))
          else stop = x.wait(check)
        }
        let stop = x.wait(check)
        return Effect.sync(() => {
          stop()
          x.abort()
        })
      })
    })
  }

  private settle(): Buffer {
    if (this.bytes !== undefined) return this.bytes
    const x = this.exchange
    const chunks = x.take()
    const size = chunks.reduce((n, c) => n + c.byteLength, 0)
    this.bytes =
      chunks.length === 0 ? EMPTY : chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size)
    return this.bytes
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.map(this.whole, decodeText)
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: (): unknown => (text === "" ? null : JSON.parse(text)),
        catch: (cause) => this.decodeError(cause)
      })
    )
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => UrlParams.fromInput(new URLSearchParams(text)),
        catch: (cause) => this.decodeError(cause)
      })
    )
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    // A copy: the buffer may be a view on a larger one.
    return Effect.map(this.whole, (bytes) => new Uint8Array(bytes).buffer)
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.flatMap(this.whole, (bytes) =>
      Effect.tryPromise({
        try: () =>
          new Response(new Uint8Array(bytes), {
            headers: { "content-type": this.headers["content-type"] ?? "" }
          }).formData(),
        catch: (cause) => this.decodeError(cause)
      })
    )
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.suspend(() => {
      if (this.bytes !== undefined)
        return this.bytes.byteLength === 0 ? Stream.empty : Stream.succeed(this.bytes)
      if (this.streamed || this.exchange.collecting) {
        return Stream.fail(this.decodeError(undefined, "the body is already being read"))
      }
      this.streamed = true
      // Ended early (a `take`, a failure, an interruption): the rest is not wanted, so the socket goes.
      return Stream.ensuring(
        Stream.repeatEffectChunkOption(this.pull),
        Effect.sync(() => this.exchange.abort())
      )
    })
  }

  /** The chunks buffered so far, waiting for one if there are none. */
  private readonly pull: Effect.Effect<
    Chunk.Chunk<Uint8Array>,
    Option.Option<HttpClientError.ResponseError>
  > = Effect.suspend(() => {
    const x = this.exchange
    if (x.size > 0) return Effect.succeed(Chunk.unsafeFromArray<Uint8Array>(x.take()))
    if (x.phase === PHASE_DONE) return Effect.fail(Option.none())
    if (x.phase === PHASE_FAILED) return Effect.fail(Option.some(this.decodeError(x.error)))
    return Effect.async<Chunk.Chunk<Uint8Array>, Option.Option<HttpClientError.ResponseError>>((resume) => {
      const stop = x.wait(() => resume(this.pull))
      return Effect.sync(stop)
    })
  })

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}

/** Where a request goes: undici's origin and path (with query). */
interface Target {
  readonly origin: string
  readonly path: string
}

// The shapes split by hand; anything else (upper case, IDN, credentials, characters `new URL` would
// escape, dot segments) goes through `new URL`, so both give the same request.
const PLAIN_ORIGIN = /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/
const PLAIN_PATH = /^(?:\/[A-Za-z0-9\-._~!$&()*+,;=:@/%]*)?(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@/%?]*)?$/
const DOT_SEGMENT = /\/(?:\.|%2e)/i

const invalidUrl = (request: HttpClientRequest.HttpClientRequest, description: string, cause?: unknown) =>
  new HttpClientError.RequestError({ request, reason: "InvalidUrl", description, cause })

const splitPlain = (url: string): Target | undefined => {
  const schemeEnd = url.startsWith("https://") ? 8 : url.startsWith("http://") ? 7 : -1
  if (schemeEnd === -1) return undefined
  let end = url.length
  for (let i = schemeEnd; i < url.length; i++) {
    const c = url.charCodeAt(i)
    // `/`, `?` or `#` ends the authority.
    if (c === 47 || c === 63 || c === 35) {
      end = i
      break
    }
  }
  const origin = url.slice(0, end)
  const hash = url.indexOf("#", end)
  // The fragment is the client's own business: never sent.
  let path = hash === -1 ? url.slice(end) : url.slice(end, hash)
  if (!PLAIN_ORIGIN.test(origin) || !PLAIN_PATH.test(path)) return undefined
  const query = path.indexOf("?")
  if (DOT_SEGMENT.test(query === -1 ? path : path.slice(0, query))) return undefined
  // An empty query is no query, as `new URL` has it.
  if (query !== -1 && query === path.length - 1) path = path.slice(0, -1)
  if (path === "" || path.charCodeAt(0) === 63) path = `/${path}`
  return { origin, path }
}

/** The request's origin and path, split from its URL string when it is plain, else through `new URL`. */
const targetOf = (
  request: HttpClientRequest.HttpClientRequest
): Either.Either<Target, HttpClientError.RequestError> => {
  const plain = splitPlain(request.url)
  if (plain !== undefined && (request.urlParams.length === 0 || !plain.path.includes("?"))) {
    return Either.right(
      request.urlParams.length === 0
        ? plain
        : { origin: plain.origin, path: `${plain.path}?${UrlParams.toString(request.urlParams)}` }
    )
  }
  const parsed = UrlParams.makeUrl(request.url, request.urlParams, Option.none())
  if (Either.isLeft(parsed)) return Either.left(invalidUrl(request, describe(parsed.left), parsed.left))
  const url = parsed.right
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Either.left(invalidUrl(request, `only http and https URLs can be sent, not ${url.protocol}`))
  }
  if (url.username !== "" || url.password !== "") {
    return Either.left(invalidUrl(request, "the URL carries credentials; send them in a header"))
  }
  return Either.right({ origin: url.origin, path: `${url.pathname}${url.search}` })
}

type Body = string | Uint8Array | Readable | null

/** What is sent: the request (a multipart body adds its content type) and its body as undici takes it. */
interface Outgoing {
  readonly request: HttpClientRequest.HttpClientRequest
  readonly body: Body | Effect.Effect<Body>
}

/** The body of a `Stream` request, read as undici sends it, in the caller's runtime. */
const streamBody = (stream: Stream.Stream<Uint8Array, unknown>): Effect.Effect<Body> =>
  Effect.map(Effect.runtime<never>(), (runtime) =>
    Readable.from(Stream.toAsyncIterableRuntime(stream, runtime))
  )

const isAsyncIterable = (u: unknown): u is AsyncIterable<unknown> =>
  typeof u === "object" && u !== null && typeof Reflect.get(u, Symbol.asyncIterator) === "function"

/** The request body as undici takes it. */
const outgoing = (
  request: HttpClientRequest.HttpClientRequest
): Either.Either<Outgoing, HttpClientError.RequestError> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Either.right({ request, body: null })
    case "Uint8Array":
      return Either.right({ request, body: body.body })
    case "Stream":
      return Either.right({ request, body: streamBody(body.stream) })
    case "FormData": {
      // The web encoder writes the multipart body and names its boundary.
      const encoded = new Response(body.formData)
      const contentType = encoded.headers.get("content-type")
      return Either.right({
        request:
          contentType === null ? request : HttpClientRequest.setHeader(request, "content-type", contentType),
        body: encoded.body === null ? null : Readable.fromWeb(encoded.body)
      })
    }
    case "Raw": {
      const raw = body.body
      if (typeof raw === "string" || raw instanceof Uint8Array || raw instanceof Readable) {
        return Either.right({ request, body: raw })
      }
      if (raw instanceof ArrayBuffer) return Either.right({ request, body: new Uint8Array(raw) })
      if (raw instanceof Blob) return Either.right({ request, body: Readable.fromWeb(raw.stream()) })
      if (isAsyncIterable(raw)) return Either.right({ request, body: Readable.from(raw) })
      return Either.left(
        new HttpClientError.RequestError({
          request,
          reason: "Encode",
          description:
            "a raw body must be a string, bytes, a Blob, a Node or web stream, or an async iterable"
        })
      )
    }
  }
}

/** Sends `request` to `target`; the effect ends with the status line and headers. */
const send = (
  dispatcher: UndiciDispatcher,
  request: HttpClientRequest.HttpClientRequest,
  target: Target,
  body: Body
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> =>
  Effect.async((resume) => {
    const exchange = new Exchange(request, resume)
    try {
      dispatcher.dispatch(
        { origin: target.origin, path: target.path, method: request.method, headers: request.headers, body },
        exchange
      )
    } catch (cause) {
      // A closed dispatcher or bad arguments may throw instead of calling `onError`.
      exchange.onError(cause instanceof Error ? cause : new Error(String(cause)))
    }
    return Effect.sync(() => exchange.abort())
  })

/** Adds the platform's client span, unless tracing is off for this request. */
const traced = (
  request: HttpClientRequest.HttpClientRequest,
  target: Target,
  run: (
    request: HttpClientRequest.HttpClientRequest
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>
) =>
  Effect.withFiberRuntime<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>((fiber) => {
    if (
      !fiber.getFiberRef(FiberRef.currentTracerEnabled) ||
      fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)(request)
    ) {
      return run(request)
    }
    const name = Context.get(fiber.currentContext, HttpClient.SpanNameGenerator)(request)
    const redacted = fiber.getFiberRef(Headers.currentRedactedNames)
    return Effect.useSpan(name, { kind: "client", captureStackTrace: false }, (span: Tracer.Span) => {
      const scheme = target.origin.slice(0, target.origin.indexOf(":"))
      const port = /:(\d+)$/.exec(target.origin)?.[1]
      const query = target.path.indexOf("?")
      span.attribute("http.request.method", request.method)
      span.attribute("server.address", target.origin)
      if (port !== undefined) span.attribute("server.port", Number(port))
      span.attribute("url.full", `${target.origin}${target.path}`)
      span.attribute("url.path", query === -1 ? target.path : target.path.slice(0, query))
      span.attribute("url.scheme", scheme)
      if (query !== -1 && query < target.path.length - 1)
        span.attribute("url.query", target.path.slice(query + 1))
      for (const [key, value] of Object.entries(Headers.redact(request.headers, redacted))) {
        span.attribute(`http.request.header.${key}`, String(value))
      }
      const sent = fiber.getFiberRef(HttpClient.currentTracerPropagation)
        ? HttpClientRequest.setHeaders(request, HttpTraceContext.toHeaders(span))
        : request
      return run(sent).pipe(
        Effect.withParentSpan(span),
        Effect.tap((response) => {
          span.attribute("http.response.status_code", response.status)
          for (const [key, value] of Object.entries(Headers.redact(response.headers, redacted))) {
            span.attribute(`http.response.header.${key}`, String(value))
          }
        })
      )
    })
  })

/** An `HttpClient` that sends every request through `dispatcher`. */
export const fromDispatcher = (dispatcher: UndiciDispatcher): HttpClient.HttpClient =>
  HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (effect) =>
      Effect.flatMap(
        effect,
        (request): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
          const target = targetOf(request)
          if (Either.isLeft(target)) return Effect.fail(target.left)
          const out = outgoing(request)
          if (Either.isLeft(out)) return Effect.fail(out.left)
          const { body } = out.right
          return traced(out.right.request, target.right, (sent) =>
            Effect.isEffect(body)
              ? Effect.flatMap(body, (b) => send(dispatcher, sent, target.right, b))
              : send(dispatcher, sent, target.right, body)
          )
        }
      ),
    Effect.succeed
  )

/** The client over the `Dispatcher` in context. */
export const make: Effect.Effect<HttpClient.HttpClient, never, Dispatcher> = Effect.map(
  Dispatcher,
  fromDispatcher
)

const millis = (
  input: Duration.DurationInput | undefined,
  name: string
): Either.Either<number | undefined, InvalidOptions> => {
  if (input === undefined) return Either.right(undefined)
  const duration = Duration.decodeUnknown(input)
  if (
    Option.isNone(duration) ||
    !Duration.isFinite(duration.value) ||
    Duration.toMillis(duration.value) < 0
  ) {
    return Either.left(
      new InvalidOptions({ message: `${name} must be a finite duration such as "5 seconds"` })
    )
  }
  return Either.right(Math.round(Duration.toMillis(duration.value)))
}

/** Checks `options` and turns them into undici `Agent` options. */
const agentOptions = (options: Options): Either.Either<Agent.Options, InvalidOptions> =>
  Either.gen(function* () {
    const connections = options.connections ?? DEFAULT_CONNECTIONS
    if (!Number.isSafeInteger(connections) || connections < 1) {
      return yield* Either.left(new InvalidOptions({ message: "connections must be a positive integer" }))
    }
    const keepAliveTimeout = yield* millis(options.keepAliveTimeout, "keepAliveTimeout")
    const connectTimeout = yield* millis(options.connectTimeout, "connectTimeout")
    const headersTimeout = yield* millis(options.headersTimeout, "headersTimeout")
    const bodyTimeout = yield* millis(options.bodyTimeout, "bodyTimeout")
    const connect =
      options.connect === undefined || typeof options.connect === "function"
        ? options.connect
        : { ...options.connect, ...(connectTimeout === undefined ? {} : { timeout: connectTimeout }) }
    return {
      connections,
      // Timeouts are the caller's (`Effect.timeout`) unless asked for here; 0 turns undici's off.
      headersTimeout: headersTimeout ?? 0,
      bodyTimeout: bodyTimeout ?? 0,
      ...(keepAliveTimeout === undefined ? {} : { keepAliveTimeout }),
      ...(connect === undefined
        ? connectTimeout === undefined
          ? {}
          : { connect: { timeout: connectTimeout } }
        : { connect })
    }
  })

/** A scoped undici `Agent` with `options`, destroyed (every socket closed) when the scope closes. */
export const makeAgent = (
  options: Options = {}
): Effect.Effect<UndiciDispatcher, InvalidOptions, Scope.Scope> =>
  Effect.flatMap(agentOptions(options), (checked) =>
    Effect.acquireRelease(
      Effect.sync(() => new Agent(checked)),
      (agent) => Effect.promise(() => agent.destroy())
    )
  )

/** The client over the `Dispatcher` in context (yours: a `Pool`, a proxy agent, a mock agent …). */
export const layerDispatcher: Layer.Layer<HttpClient.HttpClient, never, Dispatcher> = Layer.effect(
  HttpClient.HttpClient,
  make
)

/** The client over an `Agent` of its own with `options`, closed with the layer. */
export const layerWith = (options: Options): Layer.Layer<HttpClient.HttpClient, InvalidOptions> =>
  Layer.provide(layerDispatcher, Layer.scoped(Dispatcher, makeAgent(options)))

/** The client over an `Agent` of its own with at most 100 sockets per origin, closed with the layer. */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.provide(
  layerDispatcher,
  Layer.scoped(Dispatcher, Effect.orDie(makeAgent()))
)
