/**
 * The README's transport snippet, type-checked with the examples.
 */
import { FetchHttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { TwilioConfig } from "@effect-twilio/core"
import * as UndiciHttpClient from "@effect-twilio/core/UndiciHttpClient"
import { Participants } from "@effect-twilio/participants"
import { Layer } from "effect"

const Config = TwilioConfig.layerConfig()

// #region transports
// The lean transport (`pnpm add undici@^7`): one undici Agent, at most 100 sockets per origin.
const Lean = Participants.layer.pipe(Layer.provide(Config), Layer.provide(UndiciHttpClient.layer))

// Fewer sockets, say as many as `maxConcurrentRequests`, or TLS and DNS settings of your own
// (`connect: { ca, lookup }`); bad options fail the layer with `InvalidOptions`.
const Sized = Participants.layer.pipe(
  Layer.provide(Config),
  Layer.provide(UndiciHttpClient.layerWith({ connections: 16, keepAliveTimeout: "10 seconds" }))
)

// The platform's clients work as well, with the same behaviour.
const PlatformUndici = Participants.layer.pipe(
  Layer.provide(Config),
  Layer.provide(NodeHttpClient.layerUndici)
)
const OnFetch = Participants.layer.pipe(Layer.provide(Config), Layer.provide(FetchHttpClient.layer))
// #endregion

/** Every snippet above, so none is unused. */
export const snippets = { Lean, Sized, PlatformUndici, OnFetch }
