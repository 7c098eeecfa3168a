#!/usr/bin/env node
/**
 * `fake-twilio`: runs the simulator as a standalone HTTP server (`fake-twilio --help`).
 *
 *   fake-twilio [--port 4010] [--host 127.0.0.1] [--account-sid AC…] [--auth-token …] [--seed N]
 *
 * Prints the base URL and the (fake) credentials it accepts, then serves until interrupted.
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { FakeTwilio } from "./FakeTwilio.js"
import { parse, USAGE } from "./internal/cli.js"

const main = Effect.gen(function* () {
  const command = yield* parse(process.argv.slice(2))
  if (command._tag === "Help") return yield* Console.log(USAGE)
  const served = yield* FakeTwilio.serve(command.options)
  // The token is the simulator's own fake credential, printed so clients can be pointed at it.
  yield* Console.log(`FakeTwilio listening on ${served.baseUrl}`)
  yield* Console.log(`TWILIO_BASE_URL=${served.baseUrl}`)
  yield* Console.log(`TWILIO_ACCOUNT_SID=${served.accountSid}`)
  yield* Console.log(`TWILIO_AUTH_TOKEN=${served.authToken}`)
  return yield* Effect.never
}).pipe(
  Effect.scoped,
  Effect.catchTags({
    // Usage errors exit with 2, as command-line tools do; a port that cannot be bound with 1.
    UsageError: (error) => exitWith(2, error.message),
    ListenError: (error) => exitWith(1, `fake-twilio: ${error.message}`)
  })
)

const exitWith = (code: number, message: string) =>
  Console.error(message).pipe(
    Effect.zipRight(
      Effect.sync(() => {
        process.exitCode = code
      })
    )
  )

// `@effect/platform-node` is an optional peer of this package (only this command needs it), so
// it is loaded here, where a missing install can be explained instead of crashing on import.
const isMissing = (cause: unknown) =>
  cause instanceof Error &&
  Reflect.get(cause, "code") === "ERR_MODULE_NOT_FOUND" &&
  cause.message.includes("@effect/platform-node")

import("@effect/platform-node/NodeRuntime").then(
  (NodeRuntime) => NodeRuntime.runMain(main),
  (cause: unknown) => {
    process.exitCode = 1
    console.error(
      isMissing(cause)
        ? "fake-twilio needs @effect/platform-node next to @effect-twilio/testing:\n  npm install -D @effect/platform-node@^0.108"
        : cause
    )
  }
)
