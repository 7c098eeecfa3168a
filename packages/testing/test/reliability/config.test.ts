/**
 * The reliability settings of `TwilioConfig` are checked when the layer is built: a retry setting,
 * body cap, in-flight cap or timeout that cannot work is a `ConfigError` naming the setting, never
 * a client that misbehaves later. Plain HTTP is refused off loopback.
 */
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig, type TwilioConfigOptions } from "@effect-twilio/core"
import { Cause, ConfigError, Effect, Exit, Option } from "effect"
import { callUntyped } from "./support/untyped.js"

const base = { accountSid: `AC${"c0".repeat(16)}`, authToken: "token" }

/** The message of the `ConfigError` that building a config from `options` fails with. */
const refusal = (options: unknown) =>
  Effect.gen(function* () {
    const exit = yield* Effect.exit(callUntyped(TwilioConfig.make, options))
    assert.isTrue(Exit.isFailure(exit), "refused")
    if (Exit.isSuccess(exit)) return ""
    assert.isFalse(Cause.isDie(exit.cause), Cause.pretty(exit.cause))
    const error = Option.getOrThrow(Cause.failureOption(exit.cause))
    assert.isTrue(ConfigError.isConfigError(error))
    return String(error)
  })

describe("reliability settings are checked up front", () => {
  const refused: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
    ["a negative maxRetries", { retry: { maxRetries: -1 } }, "retry.maxRetries"],
    ["a fractional maxRetries", { retry: { maxRetries: 1.5 } }, "retry.maxRetries"],
    ["an unreadable baseDelay", { retry: { baseDelay: "soon" } }, "retry.baseDelay"],
    ["an infinite maxDelay", { retry: { maxDelay: Number.POSITIVE_INFINITY } }, "retry.maxDelay"],
    ["retry: true", { retry: true }, "retry must be false"],
    ["a zero body cap", { maxResponseBytes: 0 }, "maxResponseBytes"],
    ["a fractional body cap", { maxResponseBytes: 10.5 }, "maxResponseBytes"],
    ["no request slots", { maxConcurrentRequests: 0 }, "maxConcurrentRequests"],
    ["too many request slots", { maxConcurrentRequests: 1_000_000 }, "maxConcurrentRequests"],
    ["an unreadable timeout", { timeout: "a while" }, "timeout"],
    ["a negative timeout", { timeout: -5 }, "timeout"],
    ["plain http to a remote host", { baseUrl: "http://api.twilio.com" }, "https://"]
  ]
  for (const [name, options, field] of refused) {
    it.effect(`${name} is a ConfigError naming ${field}`, () =>
      Effect.map(refusal({ ...base, ...options }), (message) => assert.include(message, field))
    )
  }

  it.effect("the defaults: 10 MiB body cap, 100 requests in flight, 30 s timeout", () =>
    Effect.gen(function* () {
      const options: TwilioConfigOptions = base
      const config = yield* TwilioConfig.make(options)
      assert.strictEqual(config.maxResponseBytes, 10 * 1024 * 1024)
      assert.strictEqual(config.maxConcurrentRequests, 100)
      assert.strictEqual(config.timeout.toString(), "Duration(30s)")
    })
  )

  it.effect("plain http is fine on loopback (the simulator)", () =>
    Effect.gen(function* () {
      const config = yield* TwilioConfig.make({ ...base, baseUrl: "http://127.0.0.1:4010" })
      assert.strictEqual(config.baseUrl, "http://127.0.0.1:4010")
    })
  )
})
