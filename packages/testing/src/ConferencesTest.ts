/**
 * The `Conferences` service backed by the simulator, for tests that swap the live layer out; with
 * `Participants` on the same simulator when a test needs both (`ConferenceServicesTest`).
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { Conferences } from "@effect-twilio/conferences"
import type { TwilioConfig } from "@effect-twilio/core/TwilioConfig"
import { Participants } from "@effect-twilio/participants"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import { FakeTwilio, type LayerOptions } from "./FakeTwilio.js"

/** What the test layers provide beside the services: the simulator handle and its client wiring. */
type Wiring = FakeTwilio | HttpClient.HttpClient | TwilioConfig

/** `Conferences` on a fresh simulator, with options for the simulator and the client's config. */
export const conferencesTestWith = (
  options?: LayerOptions
): Layer.Layer<Conferences | Wiring, ConfigError.ConfigError> =>
  Conferences.layer.pipe(Layer.provideMerge(FakeTwilio.layerWith(options)))

/** `Conferences` on a fresh simulator; the `FakeTwilio` handle comes with it for seeding and faults. */
export const ConferencesTest: Layer.Layer<Conferences | Wiring, ConfigError.ConfigError> =
  conferencesTestWith()

/** `Conferences` and `Participants` on one fresh simulator, with options. */
export const conferenceServicesTestWith = (
  options?: LayerOptions
): Layer.Layer<Conferences | Participants | Wiring, ConfigError.ConfigError> =>
  Layer.merge(Conferences.layer, Participants.layer).pipe(Layer.provideMerge(FakeTwilio.layerWith(options)))

/** `Conferences` and `Participants` on one fresh simulator, with the `FakeTwilio` handle. */
export const ConferenceServicesTest: Layer.Layer<
  Conferences | Participants | Wiring,
  ConfigError.ConfigError
> = conferenceServicesTestWith()
