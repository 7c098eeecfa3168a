import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig, type TwilioConfigOptions } from "@effect-twilio/core"
import {
  Cause,
  Config,
  ConfigError,
  ConfigProvider,
  Duration,
  Effect,
  Exit,
  Layer,
  Option,
  Redacted,
  Schedule
} from "effect"
import { ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN } from "./fixtures/Transport.js"

const base = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }

const baseUrlOf = (options: Partial<TwilioConfigOptions>) =>
  Effect.map(TwilioConfig.make({ ...base, ...options }), (config) => config.baseUrl)

/** The ConfigError of a failed exit, asserted to name `variable` and never to print a secret. */
const configErrorOf = (exit: Exit.Exit<unknown, ConfigError.ConfigError>, variable: string) => {
  assert.isTrue(Exit.isFailure(exit), `expected a ConfigError naming ${variable}`)
  if (Exit.isSuccess(exit)) return assert.fail("unreachable")
  const error = Option.getOrThrow(Cause.failureOption(exit.cause))
  assert.isTrue(ConfigError.isConfigError(error))
  const rendered = [String(error), JSON.stringify(error), Cause.pretty(exit.cause)].join("\n")
  assert.include(String(error), variable)
  for (const secret of [AUTH_TOKEN, API_SECRET]) assert.notInclude(rendered, secret)
  return error
}

const refused = (options: Partial<TwilioConfigOptions>, variable: string) =>
  Effect.map(Effect.exit(baseUrlOf(options)), (exit) => configErrorOf(exit, variable))

describe("TwilioConfig base URL rules", () => {
  it.effect("defaults to https://api.twilio.com", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* baseUrlOf({}), "https://api.twilio.com")
    })
  )

  it.effect("region ie1 -> api.ie1.twilio.com", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* baseUrlOf({ region: "ie1" }), "https://api.ie1.twilio.com")
    })
  )

  it.effect("edge dublin + region ie1 -> api.dublin.ie1.twilio.com", () =>
    Effect.gen(function* () {
      assert.strictEqual(
        yield* baseUrlOf({ region: "ie1", edge: "dublin" }),
        "https://api.dublin.ie1.twilio.com"
      )
    })
  )

  it.effect("an edge alone implies region us1", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* baseUrlOf({ edge: "sydney" }), "https://api.sydney.us1.twilio.com")
    })
  )

  it.effect("a region applies to an explicit Twilio base URL", () =>
    Effect.gen(function* () {
      assert.strictEqual(
        yield* baseUrlOf({ baseUrl: "https://api.twilio.com/", region: "au1" }),
        "https://api.au1.twilio.com"
      )
      assert.strictEqual(
        yield* baseUrlOf({ baseUrl: "https://api.ie1.twilio.com", edge: "dublin" }),
        "https://api.dublin.ie1.twilio.com"
      )
    })
  )

  it.effect("the edge and region already in a Twilio base URL are kept unless replaced", () =>
    Effect.gen(function* () {
      assert.strictEqual(
        yield* baseUrlOf({ baseUrl: "https://api.dublin.ie1.twilio.com", region: "au1" }),
        "https://api.dublin.au1.twilio.com"
      )
      assert.strictEqual(
        yield* baseUrlOf({ baseUrl: "https://api.dublin.ie1.twilio.com", edge: "sydney" }),
        "https://api.sydney.ie1.twilio.com"
      )
      assert.strictEqual(
        yield* baseUrlOf({ baseUrl: "https://api.ie1.twilio.com", region: "au1" }),
        "https://api.au1.twilio.com"
      )
    })
  )

  it.effect("a trailing slash is dropped", () =>
    Effect.gen(function* () {
      assert.strictEqual(
        yield* baseUrlOf({ baseUrl: "https://proxy.example.com/twilio/" }),
        "https://proxy.example.com/twilio"
      )
    })
  )

  it.effect("plain http is accepted for loopback hosts only", () =>
    Effect.gen(function* () {
      for (const url of [
        "http://127.0.0.1:8080",
        "http://localhost:3000",
        "http://[::1]:4000",
        "http://127.1.2.3"
      ]) {
        assert.strictEqual(yield* baseUrlOf({ baseUrl: url }), url)
      }
      for (const url of [
        "http://api.twilio.com",
        "http://10.0.0.1",
        "http://localhost.example.com",
        "http://127.0.0.1.example.com",
        "ftp://api.twilio.com"
      ]) {
        yield* refused({ baseUrl: url }, "TWILIO_BASE_URL")
      }
    })
  )

  it.effect("a base URL that is not a URL, or carries credentials, is refused", () =>
    Effect.gen(function* () {
      yield* refused({ baseUrl: "not a url" }, "TWILIO_BASE_URL")
      yield* refused({ baseUrl: `https://${ACCOUNT_SID}:${AUTH_TOKEN}@api.twilio.com` }, "TWILIO_BASE_URL")
    })
  )

  it.effect("a region or edge with a non-Twilio base URL is an error", () =>
    Effect.gen(function* () {
      yield* refused({ baseUrl: "https://proxy.example.com", region: "ie1" }, "TWILIO_REGION")
      yield* refused({ baseUrl: "http://127.0.0.1:8080", edge: "dublin" }, "TWILIO_EDGE")
      yield* refused({ baseUrl: "https://twilio.com.evil.example", region: "ie1" }, "TWILIO_REGION")
    })
  )

  it.effect("bad region and edge labels are refused", () =>
    Effect.gen(function* () {
      for (const region of ["IE1", "ie_1", "-ie1", "ie1-", "", "ie1.evil.com", "a b"]) {
        yield* refused({ region }, "TWILIO_REGION")
      }
      for (const edge of ["Dublin", "dub lin", "dublin.", "x/y"]) {
        yield* refused({ edge }, "TWILIO_EDGE")
      }
    })
  )
})

describe("TwilioConfig.make", () => {
  it.effect("keeps credentials Redacted and applies defaults", () =>
    Effect.gen(function* () {
      const config = yield* TwilioConfig.make(base)
      assert.strictEqual(config.accountSid, ACCOUNT_SID)
      assert.strictEqual(config.credentials._tag, "AuthToken")
      if (config.credentials._tag === "AuthToken") {
        assert.isTrue(Redacted.isRedacted(config.credentials.authToken))
        assert.strictEqual(Redacted.value(config.credentials.authToken), AUTH_TOKEN)
      }
      assert.isTrue(Duration.equals(config.timeout, Duration.seconds(30)))
      assert.isTrue(Option.isNone(config.userAgentSuffix))
      assert.isTrue(Option.isSome(config.retry))
    })
  )

  it.effect("retry: false resolves to no schedule, a Schedule is kept as is", () =>
    Effect.gen(function* () {
      assert.isTrue(Option.isNone((yield* TwilioConfig.make({ ...base, retry: false })).retry))
      const custom = Schedule.recurs(1)
      assert.deepStrictEqual(
        (yield* TwilioConfig.make({ ...base, retry: custom })).retry,
        Option.some(custom)
      )
    })
  )

  it.effect("refuses a malformed account SID, empty credentials and a non-positive timeout", () =>
    Effect.gen(function* () {
      configErrorOf(
        yield* Effect.exit(TwilioConfig.make({ ...base, accountSid: "AC123" })),
        "TWILIO_ACCOUNT_SID"
      )
      configErrorOf(yield* Effect.exit(TwilioConfig.make({ ...base, authToken: "" })), "TWILIO_AUTH_TOKEN")
      configErrorOf(
        yield* Effect.exit(TwilioConfig.make({ accountSid: ACCOUNT_SID, apiKey: API_KEY, apiSecret: "" })),
        "TWILIO_API_SECRET"
      )
      configErrorOf(yield* Effect.exit(TwilioConfig.make({ ...base, timeout: Duration.zero })), "timeout")
    })
  )

  it.effect("the layer fails with the ConfigError", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        Effect.provide(TwilioConfig, TwilioConfig.layer({ ...base, accountSid: "nope" }))
      )
      configErrorOf(exit, "TWILIO_ACCOUNT_SID")
    })
  )
})

describe("TwilioConfig.layerConfig", () => {
  const fromEnv = (env: Record<string, string>, overrides?: Parameters<typeof TwilioConfig.layerConfig>[0]) =>
    Effect.exit(
      Effect.provide(
        TwilioConfig,
        TwilioConfig.layerConfig(overrides).pipe(
          Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
        )
      )
    )

  it.effect("reads every variable", () =>
    Effect.gen(function* () {
      const exit = yield* fromEnv({
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_REGION: "ie1",
        TWILIO_EDGE: "dublin",
        TWILIO_TIMEOUT: "10 seconds",
        TWILIO_USER_AGENT: "my-app/1.0"
      })
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isFailure(exit)) return
      const config = exit.value
      assert.strictEqual(config.accountSid, ACCOUNT_SID)
      assert.strictEqual(config.baseUrl, "https://api.dublin.ie1.twilio.com")
      assert.isTrue(Duration.equals(config.timeout, Duration.seconds(10)))
      assert.deepStrictEqual(Option.getOrNull(config.userAgentSuffix), "my-app/1.0")
    })
  )

  it.effect("auth token credentials", () =>
    Effect.gen(function* () {
      const exit = yield* fromEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN })
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isFailure(exit)) return
      const { credentials } = exit.value
      assert.strictEqual(credentials._tag, "AuthToken")
      if (credentials._tag === "AuthToken")
        assert.strictEqual(Redacted.value(credentials.authToken), AUTH_TOKEN)
      assert.strictEqual(exit.value.baseUrl, "https://api.twilio.com")
    })
  )

  it.effect("API key + secret credentials", () =>
    Effect.gen(function* () {
      const exit = yield* fromEnv({
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_API_KEY: API_KEY,
        TWILIO_API_SECRET: API_SECRET
      })
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isFailure(exit)) return
      const { credentials } = exit.value
      assert.strictEqual(credentials._tag, "ApiKey")
      if (credentials._tag === "ApiKey") {
        assert.strictEqual(credentials.apiKey, API_KEY)
        assert.strictEqual(Redacted.value(credentials.apiSecret), API_SECRET)
      }
    })
  )

  it.effect("overrides replace the environment", () =>
    Effect.gen(function* () {
      const exit = yield* fromEnv(
        { MY_SID: ACCOUNT_SID, MY_TOKEN: AUTH_TOKEN },
        {
          accountSid: Config.string("MY_SID"),
          authToken: Config.redacted("MY_TOKEN"),
          region: Config.succeed("au1")
        }
      )
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isSuccess(exit)) assert.strictEqual(exit.value.baseUrl, "https://api.au1.twilio.com")
    })
  )

  it.effect("missing account SID names TWILIO_ACCOUNT_SID", () =>
    Effect.gen(function* () {
      configErrorOf(yield* fromEnv({ TWILIO_AUTH_TOKEN: AUTH_TOKEN }), "TWILIO_ACCOUNT_SID")
    })
  )

  it.effect("missing token and key names TWILIO_AUTH_TOKEN", () =>
    Effect.gen(function* () {
      const error = configErrorOf(yield* fromEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID }), "TWILIO_AUTH_TOKEN")
      assert.isTrue(error._op === "MissingData")
    })
  )

  it.effect("a key without its secret names TWILIO_API_SECRET, and the reverse TWILIO_API_KEY", () =>
    Effect.gen(function* () {
      configErrorOf(
        yield* fromEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: API_KEY }),
        "TWILIO_API_SECRET"
      )
      configErrorOf(
        yield* fromEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_SECRET: API_SECRET }),
        "TWILIO_API_KEY"
      )
    })
  )

  it.effect("a malformed account SID names TWILIO_ACCOUNT_SID", () =>
    Effect.gen(function* () {
      const error = configErrorOf(
        yield* fromEnv({
          TWILIO_ACCOUNT_SID: "CF0123456789abcdef0123456789abcdef",
          TWILIO_AUTH_TOKEN: AUTH_TOKEN
        }),
        "TWILIO_ACCOUNT_SID"
      )
      assert.isTrue(error._op === "InvalidData")
    })
  )

  it.effect("a malformed base URL names TWILIO_BASE_URL", () =>
    Effect.gen(function* () {
      configErrorOf(
        yield* fromEnv({
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: AUTH_TOKEN,
          TWILIO_BASE_URL: "::nope::"
        }),
        "TWILIO_BASE_URL"
      )
    })
  )

  it.effect("a malformed TWILIO_TIMEOUT names TWILIO_TIMEOUT", () =>
    Effect.gen(function* () {
      configErrorOf(
        yield* fromEnv({
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: AUTH_TOKEN,
          TWILIO_TIMEOUT: "soon"
        }),
        "TWILIO_TIMEOUT"
      )
    })
  )
})

describe("TwilioConfig: what adversarial probing found (reliability #10, #11, #14)", () => {
  const made = (options: TwilioConfigOptions) => Effect.exit(TwilioConfig.make(options))

  it.effect("a rejected base URL is never echoed, whatever part holds the secret", () =>
    Effect.gen(function* () {
      for (const baseUrl of [
        `https://api.twilio.com:${AUTH_TOKEN}`,
        `https://user:${AUTH_TOKEN}\n@api.twilio.com`,
        `http://${AUTH_TOKEN}.example.com`,
        `ftp://${AUTH_TOKEN}@host`,
        `not a url ${AUTH_TOKEN}`
      ]) {
        const error = configErrorOf(yield* made({ ...base, baseUrl }), "TWILIO_BASE_URL")
        assert.notInclude(String(error), AUTH_TOKEN)
      }
    })
  )

  it.effect("a user agent that cannot be a header is refused when the config is built", () =>
    Effect.gen(function* () {
      for (const userAgent of ["app\r\nX-Evil: 1", "app\n", "app\u0000", "app/ü", "app\u0007", "😀"]) {
        configErrorOf(yield* made({ ...base, userAgent }), "TWILIO_USER_AGENT")
      }
      assert.isTrue(Exit.isSuccess(yield* made({ ...base, userAgent: "my-app/1.0 (+https://example.com)" })))
    })
  )

  it.effect("API keys are SK + 32 hex; blank secrets are refused", () =>
    Effect.gen(function* () {
      for (const apiKey of ["weird:key", "SK123", `AC${"0".repeat(32)}`, `SK${"g".repeat(32)}`, ""]) {
        configErrorOf(
          yield* made({ accountSid: ACCOUNT_SID, apiKey, apiSecret: API_SECRET }),
          "TWILIO_API_KEY"
        )
      }
      configErrorOf(yield* made({ ...base, authToken: "   \t" }), "TWILIO_AUTH_TOKEN")
      configErrorOf(
        yield* made({ accountSid: ACCOUNT_SID, apiKey: API_KEY, apiSecret: Redacted.make(" ") }),
        "TWILIO_API_SECRET"
      )
    })
  )

  it.effect("regions and edges are checked by shape, not just as host labels", () =>
    Effect.gen(function* () {
      configErrorOf(yield* made({ ...base, region: "a".repeat(300) }), "TWILIO_REGION")
      configErrorOf(yield* made({ ...base, region: "dublin" }), "TWILIO_REGION")
      configErrorOf(yield* made({ ...base, edge: "e".repeat(300) }), "TWILIO_EDGE")
      configErrorOf(yield* made({ ...base, edge: "ie1" }), "TWILIO_EDGE")
      assert.isTrue(Exit.isSuccess(yield* made({ ...base, region: "au1", edge: "sao-paulo" })))
      assert.isTrue(Exit.isSuccess(yield* made({ ...base, edge: "ashburn-ix" })))
    })
  )

  it.effect("an empty variable counts as unset: TWILIO_AUTH_TOKEN= does not hide an API key pair", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        Effect.provide(
          TwilioConfig,
          TwilioConfig.layerConfig().pipe(
            Layer.provide(
              Layer.setConfigProvider(
                ConfigProvider.fromMap(
                  new Map([
                    ["TWILIO_ACCOUNT_SID", ACCOUNT_SID],
                    ["TWILIO_AUTH_TOKEN", ""],
                    ["TWILIO_API_KEY", API_KEY],
                    ["TWILIO_API_SECRET", API_SECRET],
                    ["TWILIO_REGION", ""]
                  ])
                )
              )
            )
          )
        )
      )
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isSuccess(exit)) assert.strictEqual(exit.value.credentials._tag, "ApiKey")
    })
  )
})
