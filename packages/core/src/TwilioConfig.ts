/**
 * Where and as whom the SDK talks to Twilio: account, credentials, host, timeout, retries.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as RetryPolicy from "./RetryPolicy.js"
import { AccountSid } from "./Sid.js"
import type { HttpError } from "./TwilioError.js"

/** Auth token credentials: Basic auth as `AccountSid:AuthToken`. */
export interface AuthTokenCredentials {
  readonly _tag: "AuthToken"
  readonly authToken: Redacted.Redacted<string>
}

/** API key credentials: Basic auth as `ApiKey:ApiSecret`; the account SID still names the account in paths. */
export interface ApiKeyCredentials {
  readonly _tag: "ApiKey"
  readonly apiKey: string
  readonly apiSecret: Redacted.Redacted<string>
}

/** The two ways Twilio accepts REST credentials. */
export type Credentials = AuthTokenCredentials | ApiKeyCredentials

/** Options shared by both kinds of credentials. */
export interface CommonOptions {
  readonly accountSid: string
  /** Default `https://api.twilio.com`; plain `http://` is accepted only for loopback hosts. */
  readonly baseUrl?: string
  /** Twilio region such as `ie1` or `au1` (host `api.{region}.twilio.com`). */
  readonly region?: string
  /** Twilio edge location such as `dublin` or `sydney` (host `api.{edge}.{region}.twilio.com`, region default `us1`). */
  readonly edge?: string
  /** Per-request timeout (default 30 seconds). */
  readonly timeout?: Duration.DurationInput
  /** Appended to the SDK's `User-Agent`. */
  readonly userAgent?: string
  /** `false`, options for the default policy, or your own `Schedule`. */
  readonly retry?: RetryPolicy.Setting
  /** Largest response body read, in bytes (default 10 MiB); a larger one fails with `UnexpectedResponse`. */
  readonly maxResponseBytes?: number
  /** Most requests in flight at once through this client, 1 to 10000 (default 100); the rest wait for a slot. */
  readonly maxConcurrentRequests?: number
  /** Your own middleware around the SDK's client (logging, a proxy header …); it sees every attempt. */
  readonly transformClient?: (client: HttpClient.HttpClient) => HttpClient.HttpClient
  /** Pacing budgets (`TWILIO_PACING_*`); they take effect with a pacing layer. */
  readonly pacing?: PacingOptions
}

/** Budgets for pacing; they apply once a pacing layer (`Pacing`, `PacingRedis`) is provided. */
export interface PacingOptions {
  /** Participant creates (each dials a call) per second, per account: the account's CPS (default 1). */
  readonly createsPerSecond?: number
  /** Every attempt, retries included, per second, per account (default: no such budget). */
  readonly requestsPerSecond?: number
  /** Longest a request waits for its turn; a longer wait fails with `PacingTimeout` (default 60 seconds). */
  readonly maxWait?: Duration.DurationInput
}

/** Checked pacing budgets. */
export interface PacingSettings {
  readonly createsPerSecond: number
  readonly requestsPerSecond?: number
  readonly maxWait: Duration.Duration
}

/** Options for `TwilioConfig.layer`: an auth token, or an API key and secret. */
export type Options = CommonOptions &
  (
    | { readonly authToken: string | Redacted.Redacted<string> }
    | { readonly apiKey: string; readonly apiSecret: string | Redacted.Redacted<string> }
  )

/** The resolved configuration every request is built from. */
export interface Service {
  readonly accountSid: AccountSid
  readonly credentials: Credentials
  /** Scheme and host, no trailing slash, e.g. `https://api.dublin.ie1.twilio.com`. */
  readonly baseUrl: string
  readonly timeout: Duration.Duration
  readonly userAgentSuffix: Option.Option<string>
  readonly retry: Option.Option<Schedule.Schedule<unknown, HttpError>>
  /** Largest response body the client reads, in bytes. */
  readonly maxResponseBytes: number
  /** Most requests in flight at once; each attempt holds one slot while it is on the wire. */
  readonly maxConcurrentRequests: number
  /** The user's middleware around the SDK's client, if any. */
  readonly transformClient: Option.Option<(client: HttpClient.HttpClient) => HttpClient.HttpClient>
  /** Pacing budgets, when configured (a pacing layer without them paces creates at 1 a second). */
  readonly pacing: Option.Option<PacingSettings>
}

/** Default cap on a response body: far above any page Twilio sends (1000 participants is about 1.5 MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024

/** Default cap on requests in flight, in line with the concurrency Twilio grants an account by default. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 100

const DEFAULT_BASE_URL = "https://api.twilio.com"
// Twilio's regions are two letters and a number (us1, ie1, au1); edges are lower-case words joined by
// hyphens (dublin, sao-paulo, ashburn-ix). Anything else is a typo or worse, and would become a host name.
const REGION = /^[a-z]{2}[0-9]{1,2}$/
const EDGE = /^[a-z]{2,20}(-[a-z]{2,20}){0,2}$/
const API_KEY = /^SK[0-9a-fA-F]{32}$/
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

const invalid = (path: string, message: string) => ConfigError.InvalidData([path], message)

/** Applies the region/edge host rule to a Twilio base URL and refuses plain HTTP off loopback. */
export const resolveBaseUrl = (options: {
  readonly baseUrl?: string | undefined
  readonly region?: string | undefined
  readonly edge?: string | undefined
}): Either.Either<string, ConfigError.ConfigError> => {
  let url: URL
  try {
    url = new URL(options.baseUrl ?? DEFAULT_BASE_URL)
  } catch {
    // Nothing of a rejected URL is echoed: a token pasted into it can stand anywhere (userinfo, port …).
    return Either.left(
      invalid("TWILIO_BASE_URL", "not a URL such as https://api.twilio.com (the value is not shown)")
    )
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
    return Either.left(
      invalid(
        "TWILIO_BASE_URL",
        "must be https:// (plain http:// is allowed only for loopback hosts; the value is not shown)"
      )
    )
  }
  if (url.username !== "" || url.password !== "") {
    return Either.left(invalid("TWILIO_BASE_URL", "must not carry credentials; use the auth options"))
  }
  if (options.region !== undefined && !REGION.test(options.region)) {
    return Either.left(invalid("TWILIO_REGION", 'must be a Twilio region such as "ie1" or "au1"'))
  }
  if (options.edge !== undefined && !EDGE.test(options.edge)) {
    return Either.left(invalid("TWILIO_EDGE", 'must be a Twilio edge such as "dublin" or "sao-paulo"'))
  }
  const base = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`
  if (options.region === undefined && options.edge === undefined) return Either.right(base)
  // Twilio's rule: api[.edge][.region].twilio.com, with region us1 when only an edge is given.
  const labels = url.hostname.split(".")
  if (labels.length < 3 || labels.slice(-2).join(".") !== "twilio.com") {
    return Either.left(
      invalid(
        options.region === undefined ? "TWILIO_EDGE" : "TWILIO_REGION",
        `region and edge apply only to twilio.com hosts, not ${url.hostname}`
      )
    )
  }
  const product = labels[0]
  const currentRegion = labels.length > 3 ? labels[labels.length - 3] : undefined
  const currentEdge = labels.length > 4 ? labels[labels.length - 4] : undefined
  const edge = options.edge ?? currentEdge
  const region = options.region ?? currentRegion ?? (edge !== undefined ? "us1" : undefined)
  const host = [product, edge, region, "twilio", "com"].filter((label) => label !== undefined).join(".")
  return Either.right(`${url.protocol}//${host}${url.port === "" ? "" : `:${url.port}`}`)
}

const toRedacted = (value: string | Redacted.Redacted<string>) =>
  Redacted.isRedacted(value) ? value : Redacted.make(value)

const isBlank = (secret: Redacted.Redacted<string>) => {
  const value: unknown = Redacted.value(secret)
  return typeof value !== "string" || value.trim() === ""
}

// Header values travel as visible ASCII: anything else would fail every request later, as an
// ambiguous transport error, though nothing ever left the process.
const HEADER_TEXT = /^[\x20-\x7e]*$/

// Budgets become whole-millisecond windows (the Redis store counts in milliseconds): 1000 a second at most.
const perSecond = (value: unknown, path: string) =>
  typeof value === "number" && Number.isFinite(value) && value > 0 && value <= 1000
    ? Either.right(value)
    : Either.left(invalid(path, "must be a number of requests per second above 0 and at most 1000"))

/** Checks pacing budgets. */
export const checkPacing = (options: PacingOptions): Either.Either<PacingSettings, ConfigError.ConfigError> =>
  Either.gen(function* () {
    const createsPerSecond = yield* perSecond(
      options.createsPerSecond ?? 1,
      "TWILIO_PACING_CREATES_PER_SECOND"
    )
    const requestsPerSecond =
      options.requestsPerSecond === undefined
        ? undefined
        : yield* perSecond(options.requestsPerSecond, "TWILIO_PACING_REQUESTS_PER_SECOND")
    const maxWait = Duration.decodeUnknown(options.maxWait ?? Duration.seconds(60))
    if (Option.isNone(maxWait) || !Duration.isFinite(maxWait.value)) {
      return yield* Either.left(
        invalid("TWILIO_PACING_MAX_WAIT", 'must be a finite duration such as "30 seconds"')
      )
    }
    return {
      createsPerSecond,
      ...(requestsPerSecond === undefined ? {} : { requestsPerSecond }),
      maxWait: maxWait.value
    }
  })

/** Validates options into the resolved configuration. */
export const make = (options: Options): Effect.Effect<Service, ConfigError.ConfigError> =>
  Effect.gen(function* () {
    const accountSid = yield* Schema.decodeUnknown(AccountSid)(options.accountSid).pipe(
      Effect.mapError(() => invalid("TWILIO_ACCOUNT_SID", 'must be "AC" followed by 32 hexadecimal digits'))
    )
    const credentials: Credentials =
      "authToken" in options
        ? { _tag: "AuthToken", authToken: toRedacted(options.authToken) }
        : { _tag: "ApiKey", apiKey: options.apiKey, apiSecret: toRedacted(options.apiSecret) }
    if (credentials._tag === "AuthToken" && isBlank(credentials.authToken)) {
      return yield* Effect.fail(invalid("TWILIO_AUTH_TOKEN", "must not be empty or blank"))
    }
    if (credentials._tag === "ApiKey") {
      if (typeof credentials.apiKey !== "string" || !API_KEY.test(credentials.apiKey)) {
        return yield* Effect.fail(invalid("TWILIO_API_KEY", 'must be "SK" followed by 32 hexadecimal digits'))
      }
      if (isBlank(credentials.apiSecret)) {
        return yield* Effect.fail(invalid("TWILIO_API_SECRET", "must not be empty or blank"))
      }
    }
    const baseUrl = yield* resolveBaseUrl(options)
    const timeout = Duration.decodeUnknown(options.timeout ?? Duration.seconds(30))
    if (Option.isNone(timeout) || !Duration.greaterThan(timeout.value, Duration.zero)) {
      return yield* Effect.fail(invalid("timeout", "must be a positive duration"))
    }
    const retry = RetryPolicy.check(options.retry ?? {})
    if (Either.isLeft(retry)) return yield* Effect.fail(invalid("retry", retry.left))
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
    if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
      return yield* Effect.fail(invalid("maxResponseBytes", "must be a positive whole number of bytes"))
    }
    const maxConcurrentRequests = options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS
    if (
      !Number.isSafeInteger(maxConcurrentRequests) ||
      maxConcurrentRequests < 1 ||
      maxConcurrentRequests > 10_000
    ) {
      return yield* Effect.fail(invalid("maxConcurrentRequests", "must be a whole number from 1 to 10000"))
    }
    if (
      options.userAgent !== undefined &&
      !(typeof options.userAgent === "string" && HEADER_TEXT.test(options.userAgent))
    ) {
      return yield* Effect.fail(
        invalid(
          "TWILIO_USER_AGENT",
          "must be printable ASCII without control characters (it becomes a header)"
        )
      )
    }
    if (options.transformClient !== undefined && typeof options.transformClient !== "function") {
      return yield* Effect.fail(
        invalid("transformClient", "must be a function from HttpClient to HttpClient")
      )
    }
    const pacing =
      options.pacing === undefined ? Option.none() : Option.some(yield* checkPacing(options.pacing))
    return {
      accountSid,
      credentials,
      pacing,
      baseUrl,
      timeout: timeout.value,
      userAgentSuffix: Option.fromNullable(options.userAgent).pipe(Option.filter((s) => s.trim() !== "")),
      transformClient: Option.fromNullable(options.transformClient),
      retry: RetryPolicy.resolve(options.retry),
      maxResponseBytes,
      maxConcurrentRequests
    }
  })

/** `Config` values that replace what `layerConfig` reads from the environment. */
export interface ConfigOverrides {
  readonly accountSid?: Config.Config<string>
  readonly authToken?: Config.Config<Redacted.Redacted<string>>
  readonly apiKey?: Config.Config<string>
  readonly apiSecret?: Config.Config<Redacted.Redacted<string>>
  readonly baseUrl?: Config.Config<string>
  readonly region?: Config.Config<string>
  readonly edge?: Config.Config<string>
  readonly timeout?: Config.Config<Duration.Duration>
  readonly userAgent?: Config.Config<string>
  /** Not read from the environment: a value, as for `layer`. */
  readonly retry?: RetryPolicy.Setting
  /** Not read from the environment: a value, as for `layer`. */
  readonly maxResponseBytes?: number
  /** Not read from the environment: a value, as for `layer`. */
  readonly maxConcurrentRequests?: number
  /** Not read from the environment: a function, as for `layer`. */
  readonly transformClient?: (client: HttpClient.HttpClient) => HttpClient.HttpClient
  /** Replace `TWILIO_PACING_CREATES_PER_SECOND`, `TWILIO_PACING_REQUESTS_PER_SECOND`, `TWILIO_PACING_MAX_WAIT`. */
  readonly pacing?: {
    readonly createsPerSecond?: Config.Config<number>
    readonly requestsPerSecond?: Config.Config<number>
    readonly maxWait?: Config.Config<Duration.Duration>
  }
}

// An empty variable counts as unset: `TWILIO_AUTH_TOKEN=` must not hide a valid API key pair.
const optional = <A>(config: Config.Config<A> | undefined, fallback: Config.Config<A>) =>
  Config.option(config ?? fallback).pipe(Config.map(Option.filter((value) => !isEmptyValue(value))))

const isEmptyValue = (value: unknown) =>
  value === "" || (Redacted.isRedacted(value) && Redacted.value(value) === "")

/** Reads the configuration through Effect `Config` (`TWILIO_*` environment variables by default). */
export const fromConfig = (
  overrides: ConfigOverrides = {}
): Effect.Effect<Service, ConfigError.ConfigError> =>
  Effect.gen(function* () {
    const accountSid = yield* overrides.accountSid ?? Config.string("TWILIO_ACCOUNT_SID")
    const authToken = yield* optional(overrides.authToken, Config.redacted("TWILIO_AUTH_TOKEN"))
    const apiKey = yield* optional(overrides.apiKey, Config.string("TWILIO_API_KEY"))
    const apiSecret = yield* optional(overrides.apiSecret, Config.redacted("TWILIO_API_SECRET"))
    const baseUrl = yield* optional(overrides.baseUrl, Config.string("TWILIO_BASE_URL"))
    const region = yield* optional(overrides.region, Config.string("TWILIO_REGION"))
    const edge = yield* optional(overrides.edge, Config.string("TWILIO_EDGE"))
    const timeout = yield* optional(overrides.timeout, Config.duration("TWILIO_TIMEOUT"))
    const userAgent = yield* optional(overrides.userAgent, Config.string("TWILIO_USER_AGENT"))
    const creates = yield* optional(
      overrides.pacing?.createsPerSecond,
      Config.number("TWILIO_PACING_CREATES_PER_SECOND")
    )
    const requests = yield* optional(
      overrides.pacing?.requestsPerSecond,
      Config.number("TWILIO_PACING_REQUESTS_PER_SECOND")
    )
    const maxWait = yield* optional(overrides.pacing?.maxWait, Config.duration("TWILIO_PACING_MAX_WAIT"))
    const pacing: PacingOptions = {
      ...Option.match(creates, { onNone: () => ({}), onSome: (v) => ({ createsPerSecond: v }) }),
      ...Option.match(requests, { onNone: () => ({}), onSome: (v) => ({ requestsPerSecond: v }) }),
      ...Option.match(maxWait, { onNone: () => ({}), onSome: (v) => ({ maxWait: v }) })
    }
    const common: CommonOptions = {
      accountSid,
      ...Option.match(baseUrl, { onNone: () => ({}), onSome: (v) => ({ baseUrl: v }) }),
      ...Option.match(region, { onNone: () => ({}), onSome: (v) => ({ region: v }) }),
      ...Option.match(edge, { onNone: () => ({}), onSome: (v) => ({ edge: v }) }),
      ...Option.match(timeout, { onNone: () => ({}), onSome: (v) => ({ timeout: v }) }),
      ...Option.match(userAgent, { onNone: () => ({}), onSome: (v) => ({ userAgent: v }) }),
      ...(overrides.retry === undefined ? {} : { retry: overrides.retry }),
      ...(overrides.maxResponseBytes === undefined ? {} : { maxResponseBytes: overrides.maxResponseBytes }),
      ...(overrides.maxConcurrentRequests === undefined
        ? {}
        : { maxConcurrentRequests: overrides.maxConcurrentRequests }),
      ...(overrides.transformClient === undefined ? {} : { transformClient: overrides.transformClient }),
      ...(Object.keys(pacing).length === 0 ? {} : { pacing })
    }
    if (Option.isSome(authToken)) return yield* make({ ...common, authToken: authToken.value })
    if (Option.isSome(apiKey) && Option.isSome(apiSecret)) {
      return yield* make({ ...common, apiKey: apiKey.value, apiSecret: apiSecret.value })
    }
    const missing = Option.isSome(apiKey)
      ? "TWILIO_API_SECRET"
      : Option.isSome(apiSecret)
        ? "TWILIO_API_KEY"
        : "TWILIO_AUTH_TOKEN"
    return yield* Effect.fail(
      ConfigError.MissingData(
        [missing],
        "Expected TWILIO_AUTH_TOKEN, or TWILIO_API_KEY together with TWILIO_API_SECRET"
      )
    )
  })

/** The resolved account, credentials, host, timeout and retry policy that every request uses. */
export class TwilioConfig extends Context.Tag("@effect-twilio/core/TwilioConfig")<TwilioConfig, Service>() {
  /** Validates options into the resolved configuration. */
  static readonly make = make

  /** A layer from explicit options; invalid options fail with a `ConfigError`. */
  static readonly layer = (options: Options): Layer.Layer<TwilioConfig, ConfigError.ConfigError> =>
    Layer.effect(TwilioConfig, make(options))

  /** A layer read through Effect `Config`: `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN` or `TWILIO_API_KEY` + `TWILIO_API_SECRET`, `TWILIO_REGION`, `TWILIO_EDGE`, `TWILIO_BASE_URL`, `TWILIO_TIMEOUT`, `TWILIO_USER_AGENT`, `TWILIO_PACING_*`. */
  static readonly layerConfig = (
    overrides?: ConfigOverrides
  ): Layer.Layer<TwilioConfig, ConfigError.ConfigError> => Layer.effect(TwilioConfig, fromConfig(overrides))
}
