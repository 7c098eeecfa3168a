/**
 * `FakeTwilio`: a Twilio-compatible conference simulator, usable in process (an `HttpClient`
 * with no socket) or behind a real HTTP server on loopback.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { HttpClient as HttpClientTag } from "@effect/platform/HttpClient"
import type * as RetryPolicy from "@effect-twilio/core/RetryPolicy"
import { TwilioConfig } from "@effect-twilio/core/TwilioConfig"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Self from "./FakeTwilio.js"
import * as Deliveries from "./internal/deliveries.js"
import { httpClient } from "./internal/inProcess.js"
import { ListenError, type Listening, type ListenOptions, listen } from "./internal/server.js"
import * as Simulator from "./internal/simulator.js"

export type { Delivery, DeliveryOutcome, WebhookOptions } from "./internal/deliveries.js"
export type {
  ConferenceAnnouncement,
  ConferenceJson,
  ConferenceStatus,
  EndReason,
  ParticipantJson,
  ParticipantStatus,
  Timing
} from "./internal/model.js"
export type {
  ConferenceSeed,
  Options,
  ParticipantSeed,
  RecordedRequest,
  SeedOptions,
  Service
} from "./internal/simulator.js"
export { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, SeedError } from "./internal/simulator.js"

import { SeedError } from "./internal/simulator.js"

export type { Pair, WireOutcome, WireRequest, WireResponse } from "./internal/wire.js"
export { ListenError, type ListenOptions }

/** Options of the layers: the simulator's, plus the client settings handed to `TwilioConfig`. */
export interface LayerOptions extends Simulator.Options {
  /** Retry setting of the generated `TwilioConfig` (default: the SDK's default policy). */
  readonly retry?: RetryPolicy.Setting
  /** Per-request timeout of the generated `TwilioConfig`. */
  readonly timeout?: Duration.DurationInput
}

/** Options of `FakeTwilio.serve`: the simulator's, plus where to listen. */
export interface ServeOptions extends Simulator.Options, ListenOptions {
  /** Serve this existing simulator instead of a new one. */
  readonly simulator?: Simulator.Service
}

/** A simulator behind a listening server. */
export interface Served extends Simulator.Service, Listening {}

/** Loopback base URL of the in-process transport (no socket is opened; the host is never dialled). */
export const IN_PROCESS_BASE_URL = "http://127.0.0.1"

/** A simulator whose status callbacks are delivered until the scope closes. */
const make = (options: Simulator.Options = {}): Effect.Effect<Simulator.Service, never, Scope.Scope> =>
  Effect.gen(function* () {
    const deliveries = yield* Deliveries.make(
      options.authToken ?? Simulator.DEFAULT_AUTH_TOKEN,
      options.webhooks
    )
    const scope = yield* Effect.scope
    return Simulator.makeSimulator(options, { deliveries, scope })
  })

const configFor = (
  simulator: Simulator.Service,
  baseUrl: string,
  options: LayerOptions
): Layer.Layer<TwilioConfig, ConfigError.ConfigError> =>
  TwilioConfig.layer({
    accountSid: simulator.accountSid,
    authToken: simulator.authToken,
    baseUrl,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.timeout === undefined ? {} : { timeout: options.timeout })
  })

const layerWith = (
  options: LayerOptions = {}
): Layer.Layer<FakeTwilio | HttpClient.HttpClient | TwilioConfig, ConfigError.ConfigError> =>
  Layer.unwrapScoped(
    Effect.map(make(options), (simulator) =>
      Layer.mergeAll(
        Layer.succeed(FakeTwilio, simulator),
        Layer.succeed(HttpClientTag, httpClient(simulator)),
        configFor(simulator, IN_PROCESS_BASE_URL, options)
      )
    )
  )

const serve = (options: ServeOptions = {}): Effect.Effect<Served, ListenError, Scope.Scope> =>
  Effect.gen(function* () {
    const simulator = options.simulator ?? (yield* make(options))
    const listening = yield* listen(simulator, options)
    return { ...simulator, ...listening }
  })

const layerServer = (
  options: ServeOptions & LayerOptions = {}
): Layer.Layer<FakeTwilio | TwilioConfig, ListenError | ConfigError.ConfigError> =>
  Layer.unwrapScoped(
    Effect.map(serve(options), (served) =>
      Layer.merge(Layer.succeed(FakeTwilio, served), configFor(served, served.baseUrl, options))
    )
  )

/**
 * The simulator handle as a service: seed conferences and participants, stage faults, read
 * the request log and the state, and answer HTTP-shaped requests.
 */
export class FakeTwilio extends Context.Tag("@effect-twilio/testing/FakeTwilio")<
  FakeTwilio,
  Simulator.Service
>() {
  /** A fresh simulator; it delivers status callbacks until the scope closes. */
  static readonly make = make

  /**
   * A fresh simulator with an in-process `HttpClient` routed to it and a `TwilioConfig`
   * carrying its credentials, so `Participants.layer` runs unchanged on top.
   */
  static readonly layer: Layer.Layer<
    FakeTwilio | HttpClient.HttpClient | TwilioConfig,
    ConfigError.ConfigError
  > = layerWith()

  /** `layer` with options (credentials, timing, SID seed, retry and timeout of the config). */
  static readonly layerWith = layerWith

  /** The simulator behind a real HTTP server on 127.0.0.1 (ephemeral port by default) until the scope closes. */
  static readonly serve = serve

  /** A seed the simulator refuses (a duplicate label, an unknown conference …). */
  static readonly SeedError = SeedError

  /** The loopback server could not listen. */
  static readonly ListenError = ListenError

  /** A served simulator and a `TwilioConfig` pointing at it; bring your own `HttpClient` (e.g. undici). */
  static readonly layerServer = layerServer
}

/** The simulator's option, seed, state and wire types: `FakeTwilio.Options`, `FakeTwilio.Served` … */
export declare namespace FakeTwilio {
  /** Options of the simulator: accounts, credentials, timing, SID seed. */
  export type Options = Self.Options
  /** The simulator handle. */
  export type Service = Self.Service
  /** Options of `layerWith`: the simulator's plus the generated config's retry and timeout. */
  export type LayerOptions = Self.LayerOptions
  /** Options of `serve`. */
  export type ServeOptions = Self.ServeOptions
  /** A simulator behind a listening server. */
  export type Served = Self.Served
  /** What `SeedError` instances are. */
  export type SeedError = Self.SeedError
  /** What `ListenError` instances are. */
  export type ListenError = Self.ListenError
  /** A conference to seed. */
  export type ConferenceSeed = Self.ConferenceSeed
  /** A participant to seed. */
  export type ParticipantSeed = Self.ParticipantSeed
  /** Options of `seedParticipants` (`stress` to go beyond Twilio's 250). */
  export type SeedOptions = Self.SeedOptions
  /** One request in the simulator's log. */
  export type RecordedRequest = Self.RecordedRequest
  /** A conference as the simulator stores it (wire JSON). */
  export type ConferenceJson = Self.ConferenceJson
  /** A participant as the simulator stores it (wire JSON). */
  export type ParticipantJson = Self.ParticipantJson
  /** A conference's status. */
  export type ConferenceStatus = Self.ConferenceStatus
  /** A participant's status. */
  export type ParticipantStatus = Self.ParticipantStatus
  /** How long each participant status lasts. */
  export type Timing = Self.Timing
  /** A request as the simulator's router sees it. */
  export type WireRequest = Self.WireRequest
  /** An answer of the router. */
  export type WireResponse = Self.WireResponse
  /** An answer or a dropped connection. */
  export type WireOutcome = Self.WireOutcome
}
