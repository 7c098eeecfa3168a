/**
 * The configuration example: what each layer resolves to, and a per-call override at work.
 */
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig } from "@effect-twilio/core"
import { FakeTwilio, Fault, ParticipantsTest } from "@effect-twilio/testing"
import { ConfigProvider, Duration, Effect, type Layer, Option } from "effect"
import {
  FixedWaits,
  FromEnvironment,
  fetchQuickly,
  InIreland,
  NoRetries,
  Patient,
  WithApiKey
} from "../configuration.js"

const environment = ConfigProvider.fromMap(
  new Map([
    ["TWILIO_ACCOUNT_SID", `AC${"a".repeat(32)}`],
    ["TWILIO_AUTH_TOKEN", "token"],
    ["TWILIO_API_KEY", `SK${"b".repeat(32)}`],
    ["TWILIO_API_SECRET", "secret"]
  ])
)

const resolve = (layer: Layer.Layer<TwilioConfig, unknown>) =>
  Effect.provide(TwilioConfig, layer).pipe(Effect.withConfigProvider(environment))

describe("configuration example", () => {
  it.effect("each layer resolves to the host, credentials, timeout and retry setting it promises", () =>
    Effect.gen(function* () {
      const env = yield* resolve(FromEnvironment)
      assert.strictEqual(env.baseUrl, "https://api.twilio.com")
      assert.strictEqual(env.credentials._tag, "AuthToken")
      const apiKey = yield* resolve(WithApiKey)
      assert.strictEqual(apiKey.credentials._tag, "ApiKey")
      assert.strictEqual(apiKey.accountSid, `AC${"a".repeat(32)}`)
      assert.strictEqual((yield* resolve(InIreland)).baseUrl, "https://api.dublin.ie1.twilio.com")
      const patient = yield* resolve(Patient)
      assert.isTrue(Duration.equals(patient.timeout, Duration.seconds(10)))
      assert.isTrue(Option.isSome((yield* resolve(FixedWaits)).retry))
      assert.isTrue(Option.isNone((yield* resolve(NoRetries)).retry))
    })
  )

  it.effect("a missing variable fails with a ConfigError naming it", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Effect.provide(TwilioConfig, FromEnvironment).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
        )
      )
      assert.include(String(error), "TWILIO_ACCOUNT_SID")
    })
  )

  it.effect("a per-call retry: false reports the first 503 instead of retrying it", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      yield* fake.seedParticipants(conference.sid, [{ label: "agent" }])
      yield* fake.injectFault(Fault.unavailable)
      const error = yield* Effect.flip(fetchQuickly(conference.sid, "agent"))
      assert.strictEqual(error._tag, "ServerError")
      assert.lengthOf(yield* fake.requests, 1)
    }).pipe(Effect.provide(ParticipantsTest))
  )
})
