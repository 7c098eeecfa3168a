/**
 * The `Participants` service backed by the simulator, for tests that swap the live layer out:
 * the real SDK codecs talk to `FakeTwilio` through the in-process `HttpClient`.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type { TwilioConfig } from "@effect-twilio/core/TwilioConfig"
import { Participants } from "@effect-twilio/participants"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import { FakeTwilio, type LayerOptions } from "./FakeTwilio.js"

/** `Participants` on a fresh simulator, with options for the simulator and the client's config. */
export const participantsTestWith = (
  options?: LayerOptions
): Layer.Layer<Participants | FakeTwilio | HttpClient.HttpClient | TwilioConfig, ConfigError.ConfigError> =>
  Participants.layer.pipe(Layer.provideMerge(FakeTwilio.layerWith(options)))

/** `Participants` on a fresh simulator; the `FakeTwilio` handle comes with it for seeding and faults. */
export const ParticipantsTest: Layer.Layer<
  Participants | FakeTwilio | HttpClient.HttpClient | TwilioConfig,
  ConfigError.ConfigError
> = participantsTestWith()
