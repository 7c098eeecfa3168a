/**
 * Example: configuring the SDK. Each layer below is a complete `TwilioConfig`; pick one and
 * put it under `Participants.layer`. Running this file prints what each one resolves to
 * (never a secret), reading `TWILIO_*` from the environment with example values as fallback.
 *
 *   node --conditions=@effect-twilio/source --import tsx examples/configuration.ts
 */
import { pathToFileURL } from "node:url"
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Config, ConfigProvider, Console, Duration, Effect, Layer, Option, Schedule } from "effect"

/** Everything from the environment: `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN` (or an API key), … */
export const FromEnvironment = TwilioConfig.layerConfig()

/**
 * An API key instead of the auth token, whatever else the environment holds (`layerConfig`
 * prefers `TWILIO_AUTH_TOKEN` when both are set). The key signs requests; the account SID still
 * names the account; the secret stays `Redacted`.
 */
export const WithApiKey = Layer.unwrapEffect(
  Effect.map(
    Config.all({
      accountSid: Config.string("TWILIO_ACCOUNT_SID"),
      apiKey: Config.string("TWILIO_API_KEY"),
      apiSecret: Config.redacted("TWILIO_API_SECRET")
    }),
    TwilioConfig.layer
  )
)

/** Traffic kept in Ireland through the Dublin edge: `https://api.dublin.ie1.twilio.com`. */
export const InIreland = TwilioConfig.layerConfig({
  region: Config.succeed("ie1"),
  edge: Config.succeed("dublin")
})

/** More patient retries and a shorter timeout per attempt. */
export const Patient = TwilioConfig.layerConfig({
  timeout: Config.succeed(Duration.seconds(10)),
  retry: { maxRetries: 5, baseDelay: "1 second", maxDelay: "20 seconds", maxRetryAfter: "2 minutes" }
})

/**
 * Your own schedule: fixed 2 s waits, at most 4 retries. The SDK still decides which failures
 * may be repeated at all; the schedule only decides when.
 */
export const FixedWaits = TwilioConfig.layerConfig({
  retry: Schedule.spaced("2 seconds").pipe(Schedule.intersect(Schedule.recurs(4)))
})

/** Retries off everywhere (each call can still opt back in with its own `retry`). */
export const NoRetries = TwilioConfig.layerConfig({ retry: false })

/** Per call: a tighter timeout and no retries for this one fetch only. */
export const fetchQuickly = (conferenceSid: string, participant: string) =>
  Effect.gen(function* () {
    const participants = yield* Participants
    return yield* participants.fetch(conferenceSid, participant, { timeout: "3 seconds", retry: false })
  })

/** What a configuration resolves to, as text without secrets. */
export const summary = Effect.map(TwilioConfig, (config) =>
  [
    config.baseUrl,
    config.credentials._tag === "AuthToken" ? "auth token" : `API key ${config.credentials.apiKey}`,
    `timeout ${Duration.format(config.timeout)}`,
    Option.isSome(config.retry) ? "retries on" : "retries off"
  ].join(" · ")
)

/** Example values used where the environment has none. */
const exampleEnvironment = ConfigProvider.fromMap(
  new Map([
    ["TWILIO_ACCOUNT_SID", `AC${"0123456789abcdef".repeat(2)}`],
    ["TWILIO_AUTH_TOKEN", "example-auth-token"],
    ["TWILIO_API_KEY", `SK${"fedcba9876543210".repeat(2)}`],
    ["TWILIO_API_SECRET", "example-api-secret"]
  ])
)

const program = Effect.gen(function* () {
  const layers = { FromEnvironment, WithApiKey, InIreland, Patient, FixedWaits, NoRetries }
  for (const [name, layer] of Object.entries(layers)) {
    yield* Console.log(`${name.padEnd(16)} ${yield* Effect.provide(summary, layer)}`)
  }
}).pipe(
  Effect.withConfigProvider(ConfigProvider.fromEnv().pipe(ConfigProvider.orElse(() => exampleEnvironment)))
)

/** How the chosen configuration is used: under the live layer, with the transport you pick. */
export const TwilioLive = Participants.layer.pipe(
  Layer.provide(InIreland),
  Layer.provide(NodeHttpClient.layerUndici)
)

// Started only when this file is the program (tests import the layers above).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(program)
}
