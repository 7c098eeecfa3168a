/**
 * `fake-twilio`: runs the simulator as a standalone HTTP server.
 *
 *   fake-twilio [--port 4010] [--host 127.0.0.1] [--account-sid AC…] [--auth-token …]
 *
 * Prints the base URL and the (fake) credentials it accepts, then serves until interrupted.
 */
import { NodeRuntime } from "@effect/platform-node"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { FakeTwilio, type ServeOptions } from "./FakeTwilio.js"

const USAGE = "usage: fake-twilio [--port N] [--host H] [--account-sid AC…] [--auth-token T]"

/** Reads `--name value` pairs; unknown flags are refused so typos do not pass silently. */
const parseArgs = (argv: ReadonlyArray<string>): Effect.Effect<ServeOptions, string> =>
  Effect.suspend(() => {
    let options: ServeOptions = {}
    for (let i = 0; i < argv.length; i += 2) {
      const flag = argv[i]
      const value = argv[i + 1]
      if (flag === "--help" || flag === "-h") return Effect.fail(USAGE)
      if (value === undefined) return Effect.fail(`missing value for ${flag}\n${USAGE}`)
      switch (flag) {
        case "--port": {
          const port = Number(value)
          if (!Number.isInteger(port) || port < 0 || port > 65_535) return Effect.fail(`bad port ${value}`)
          options = { ...options, port }
          break
        }
        case "--host":
          options = { ...options, host: value }
          break
        case "--account-sid":
          options = { ...options, accountSid: value }
          break
        case "--auth-token":
          options = { ...options, authToken: value }
          break
        default:
          return Effect.fail(`unknown option ${flag}\n${USAGE}`)
      }
    }
    return Effect.succeed(options)
  })

const main = Effect.gen(function* () {
  const options = yield* parseArgs(process.argv.slice(2))
  const served = yield* FakeTwilio.serve(options)
  // The token is the simulator's own fake credential, printed so clients can be pointed at it.
  yield* Console.log(`FakeTwilio listening on ${served.baseUrl}`)
  yield* Console.log(`TWILIO_BASE_URL=${served.baseUrl}`)
  yield* Console.log(`TWILIO_ACCOUNT_SID=${served.accountSid}`)
  yield* Console.log(`TWILIO_AUTH_TOKEN=${served.authToken}`)
  return yield* Effect.never
}).pipe(
  Effect.scoped,
  Effect.catchAll((error) =>
    Console.error(typeof error === "string" ? error : error.message).pipe(
      Effect.zipRight(
        Effect.sync(() => {
          process.exitCode = 2
        })
      )
    )
  )
)

NodeRuntime.runMain(main)
