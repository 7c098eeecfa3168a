/**
 * The README's configuration snippets (each `#region` is one snippet), type-checked with the examples.
 */
import { FetchHttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Config, Duration, Layer, Redacted, Schedule } from "effect"

const accountSid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
const authToken = Redacted.make("auth-token")

// #region layers
// Values from your own secret store:
const WithToken = TwilioConfig.layer({ accountSid, authToken })
const WithApiKey = TwilioConfig.layer({
  accountSid,
  apiKey: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
  apiSecret: Redacted.make("api-secret")
})

// From TWILIO_* through Effect Config, with some values fixed in code:
const InIreland = TwilioConfig.layerConfig({
  region: Config.succeed("ie1"),
  edge: Config.succeed("dublin"),
  timeout: Config.succeed(Duration.seconds(10))
})

// Under the live layer, with the transport of your choice:
const TwilioLive = Participants.layer.pipe(
  Layer.provide(InIreland),
  Layer.provide(NodeHttpClient.layerUndici)
)
const OnFetch = Participants.layer.pipe(Layer.provide(WithToken), Layer.provide(FetchHttpClient.layer))
// #endregion

// #region retry
const Patient = TwilioConfig.layer({
  accountSid,
  authToken,
  retry: { maxRetries: 5, baseDelay: "200 millis" }
})
const Never = TwilioConfig.layer({ accountSid, authToken, retry: false })
const Fixed = TwilioConfig.layer({
  accountSid,
  authToken,
  retry: Schedule.spaced("1 second").pipe(Schedule.upTo("10 seconds"))
})
// #endregion

/** Every snippet above, so none is unused. */
export const snippets = { WithToken, WithApiKey, InIreland, TwilioLive, OnFetch, Patient, Never, Fixed }
