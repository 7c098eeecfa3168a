import { inspect } from "node:util"
import * as Headers from "@effect/platform/Headers"
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig, type TwilioConfigOptions } from "@effect-twilio/core"
import {
  Cause,
  ConfigProvider,
  Duration,
  Effect,
  Exit,
  Fiber,
  Inspectable,
  Layer,
  Option,
  Schema,
  TestClock
} from "effect"
import { collectingTracer } from "./fixtures/Tracing.js"
import {
  ACCOUNT_SID,
  API_KEY,
  API_SECRET,
  AUTH_TOKEN,
  getParticipant,
  hang,
  makeClient,
  reply,
  type Step,
  tokenOptions,
  transportFailure,
  twilioError
} from "./fixtures/Transport.js"

const Body = Schema.Struct({ ok: Schema.Boolean })
const tokenAuth = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")
const keyAuth = Buffer.from(`${API_KEY}:${API_SECRET}`).toString("base64")
const secrets = [AUTH_TOKEN, API_SECRET, tokenAuth, keyAuth]

const assertNoSecret = (label: string, rendered: string) => {
  for (const secret of secrets) assert.notInclude(rendered, secret, `${label} leaks a secret`)
}

/** Every way a value can end up in a log or a terminal. */
const renderings = (value: unknown): Record<string, string> => ({
  String: String(value),
  "JSON.stringify": JSON.stringify(value) ?? "",
  "Inspectable.toJSON": JSON.stringify(Inspectable.toJSON(value)) ?? "",
  "Inspectable.format": Inspectable.format(value),
  "util.inspect": inspect(value, { depth: 10 })
})

const assertNothingLeaks = (label: string, value: unknown) => {
  for (const [how, text] of Object.entries(renderings(value))) assertNoSecret(`${label} (${how})`, text)
}

/** Each failure kind, with the HTTP status the request span should record (none without an answer). */
const failureKinds: ReadonlyArray<readonly [string, Step, number | undefined]> = [
  ["401", twilioError(401, 20003, "Authenticate"), 401],
  ["403", twilioError(403, 20003, "Forbidden"), 403],
  ["404", twilioError(404, 20404, "Not found"), 404],
  ["400", twilioError(400, 21217, "Bad number"), 400],
  ["429", twilioError(429, 20429, "Too many", { "retry-after": "1" }), 429],
  ["503", twilioError(503, 20503, "Unavailable"), 503],
  [
    "502 html",
    reply(502, "<html><title>502 Bad Gateway</title></html>", { "content-type": "text/html" }),
    502
  ],
  ["non-JSON 400", reply(400, "nope"), 400],
  ["undecodable 200", reply(200, { ok: "yes" }), 200],
  ["invalid JSON 200", reply(200, "{"), 200],
  ["302", reply(302, "", { location: "https://example.invalid/" }), 302],
  ["transport", transportFailure(), undefined],
  ["timeout", hang, undefined]
]

const credentialSets: ReadonlyArray<[string, TwilioConfigOptions]> = [
  ["auth token", { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, timeout: "1 second", retry: false }],
  [
    "API key",
    { accountSid: ACCOUNT_SID, apiKey: API_KEY, apiSecret: API_SECRET, timeout: "1 second", retry: false }
  ]
]

/** The configuration `layerConfig` reads from the current `ConfigProvider`. */
const configFromEnv = Effect.provide(TwilioConfig, TwilioConfig.layerConfig())

/** Runs one GET against the scripted answer, moving the clock past the timeout. */
const runOnce = (step: Step, options: TwilioConfigOptions) =>
  Effect.gen(function* () {
    const { client } = yield* makeClient([step], options)
    const fiber = yield* Effect.fork(Effect.exit(client.json(getParticipant, Body)))
    yield* TestClock.adjust(Duration.seconds(2))
    return { client, exit: yield* Fiber.join(fiber) }
  })

describe("secrets never leak", () => {
  for (const [credentialName, options] of credentialSets) {
    it.effect(`from any failure, with ${credentialName} credentials`, () =>
      Effect.gen(function* () {
        for (const [kind, step] of failureKinds) {
          const { exit, client } = yield* runOnce(step, options)
          assert.isTrue(Exit.isFailure(exit), kind)
          if (Exit.isSuccess(exit)) continue
          assertNoSecret(`${kind}: Cause.pretty`, Cause.pretty(exit.cause))
          const error = Option.getOrThrow(Cause.failureOption(exit.cause))
          assertNothingLeaks(kind, error)
          assertNoSecret(`${kind}: message`, error.message)
          assertNoSecret(`${kind}: stack`, error.stack ?? "")
          assertNothingLeaks(`${kind}: exit`, exit)
          assertNothingLeaks("client service", client)
          assertNothingLeaks("config service", client.config)
        }
      })
    )

    it.effect(`from spans, with ${credentialName} credentials`, () =>
      Effect.gen(function* () {
        const { tracer, spans } = yield* collectingTracer
        for (const [kind, step, status] of [
          ["200", reply(200, { ok: true }), 200] as const,
          ...failureKinds
        ]) {
          spans.length = 0
          // The SDK's operations wrap each request in their own span, which the pipeline annotates.
          yield* Effect.withTracer(Effect.withSpan(runOnce(step, options), "Participants.fetch"), tracer)
          const span = spans.find((s) => s.name === "Participants.fetch")
          assert.isDefined(span, `${kind}: operation span`)
          if (span === undefined) continue
          assert.strictEqual(span.attributes.get("http.request.method"), "GET")
          assert.strictEqual(span.attributes.get("url.template"), getParticipant.route)
          assert.strictEqual(
            span.attributes.get("http.response.status_code"),
            status,
            `${kind}: status attribute`
          )
          for (const s of spans) {
            for (const [name, value] of s.attributes) {
              assertNoSecret(`${kind}: span ${s.name} attribute ${name}`, String(value))
              assert.notInclude(String(value), "Basic ", `${kind}: span ${s.name} attribute ${name}`)
            }
          }
        }
      })
    )
  }

  it.effect("from spans, even when the application clears the redacted header names", () =>
    Effect.gen(function* () {
      const { tracer, spans } = yield* collectingTracer
      yield* runOnce(reply(200, { ok: true }), tokenOptions).pipe(
        Effect.withSpan("Participants.fetch"),
        Effect.withTracer(tracer),
        Effect.locally(Headers.currentRedactedNames, [])
      )
      assert.isAbove(spans.length, 0)
      for (const s of spans) {
        for (const [name, value] of s.attributes) {
          assertNoSecret(`span ${s.name} attribute ${name}`, String(value))
          assert.notInclude(String(value), "Basic ", `span ${s.name} attribute ${name}`)
        }
      }
    })
  )

  it.effect("from the config service made by a layer", () =>
    Effect.gen(function* () {
      for (const [, options] of credentialSets) {
        const config = yield* Effect.provide(TwilioConfig, TwilioConfig.layer(options))
        assertNothingLeaks("config", config)
        assertNothingLeaks("credentials", config.credentials)
      }
      const fromEnv = yield* Effect.provide(
        TwilioConfig,
        TwilioConfig.layerConfig().pipe(
          Layer.provide(
            Layer.setConfigProvider(
              ConfigProvider.fromMap(
                new Map([
                  ["TWILIO_ACCOUNT_SID", ACCOUNT_SID],
                  ["TWILIO_API_KEY", API_KEY],
                  ["TWILIO_API_SECRET", API_SECRET]
                ])
              )
            )
          )
        )
      )
      assertNothingLeaks("config from Config", fromEnv)
    })
  )

  it.effect("from ConfigErrors, whatever is wrong", () =>
    Effect.gen(function* () {
      const cases: ReadonlyArray<Record<string, string>> = [
        { TWILIO_ACCOUNT_SID: "not-a-sid", TWILIO_AUTH_TOKEN: AUTH_TOKEN },
        { TWILIO_AUTH_TOKEN: AUTH_TOKEN },
        { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_SECRET: API_SECRET },
        {
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: AUTH_TOKEN,
          TWILIO_BASE_URL: "http://api.twilio.com"
        },
        { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_REGION: "Not A Label" },
        { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_TIMEOUT: "soon" },
        // Credentials pasted into the base URL, well-formed or not, are never echoed back.
        {
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: AUTH_TOKEN,
          TWILIO_BASE_URL: `https://${ACCOUNT_SID}:${AUTH_TOKEN}@api.twilio.com`
        },
        {
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: AUTH_TOKEN,
          TWILIO_BASE_URL: `https://${ACCOUNT_SID}:${AUTH_TOKEN}@api twilio com`
        },
        {
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_API_KEY: API_KEY,
          TWILIO_API_SECRET: API_SECRET,
          TWILIO_BASE_URL: `ftp://${API_KEY}:${API_SECRET}@api.twilio.com`
        }
      ]
      for (const env of cases) {
        const exit = yield* Effect.exit(
          Effect.withConfigProvider(configFromEnv, ConfigProvider.fromMap(new Map(Object.entries(env))))
        )
        assert.isTrue(Exit.isFailure(exit), JSON.stringify(Object.keys(env)))
        if (Exit.isSuccess(exit)) continue
        assertNoSecret("Cause.pretty", Cause.pretty(exit.cause))
        assertNothingLeaks("ConfigError", Option.getOrThrow(Cause.failureOption(exit.cause)))
      }
    })
  )
})
