/**
 * The `fake-twilio` command line: flags to `FakeTwilio.serve` options, with the usage text.
 * Kept apart from the bin so it can be tested without starting a process.
 */
import { parseArgs } from "node:util"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { ServeOptions } from "../FakeTwilio.js"

/** The usage text that `--help` prints. */
export const USAGE = `usage: fake-twilio [options]

Runs the effect-twilio conference simulator as a local Twilio stand-in (API 2010-04-01),
prints TWILIO_BASE_URL, TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN for your client, and serves
until interrupted (Ctrl-C or SIGTERM).

options:
  --port N             port to listen on (default 0: an ephemeral port, printed at start)
  --host H             address to bind (default 127.0.0.1)
  --account-sid AC…    the account SID the simulator accepts (default: a fixed fake SID)
  --auth-token T       its auth token (default: a fixed fake token)
  --seed N             seed of the SID generator, for reproducible SIDs (default 1)
  -h, --help           print this text and exit`

/** What the command line asks for. */
export type Command = { readonly _tag: "Help" } | { readonly _tag: "Serve"; readonly options: ServeOptions }

/** A command line that cannot be run; the message names the flag and ends with the usage. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

const Port = Schema.compose(Schema.NumberFromString, Schema.Int.pipe(Schema.between(0, 65_535)))
const Seed = Schema.compose(Schema.NumberFromString, Schema.Int)

const usageError = (problem: string) =>
  new UsageError({ message: `fake-twilio: ${problem}\nRun fake-twilio --help for the options.` })

/** One flag's value through its schema; the message names the flag and what it takes. */
const decodeFlag = <A>(
  flag: string,
  schema: Schema.Schema<A, string>,
  expected: string,
  value: string | undefined
): Effect.Effect<A | undefined, UsageError> =>
  value === undefined
    ? Effect.succeed(undefined)
    : Schema.decode(schema)(value).pipe(
        Effect.mapError(() => usageError(`--${flag} takes ${expected}, not ${JSON.stringify(value)}`))
      )

/** Reads the arguments after the command name; unknown flags and stray values are refused. */
export const parse = (argv: ReadonlyArray<string>): Effect.Effect<Command, UsageError> =>
  Effect.try({
    try: () =>
      parseArgs({
        args: [...argv],
        strict: true,
        allowPositionals: false,
        options: {
          port: { type: "string" },
          host: { type: "string" },
          "account-sid": { type: "string" },
          "auth-token": { type: "string" },
          seed: { type: "string" },
          help: { type: "boolean", short: "h" }
        }
      }).values,
    // node:util explains the problem itself ("Unknown option '--prot'" …).
    catch: (error) => usageError(error instanceof Error ? error.message : String(error))
  }).pipe(
    Effect.flatMap((flags) =>
      flags.help === true
        ? Effect.succeed<Command>({ _tag: "Help" })
        : Effect.all({
            port: decodeFlag("port", Port, "a port number from 0 to 65535", flags.port),
            host: decodeFlag("host", Schema.NonEmptyTrimmedString, "a host name or address", flags.host),
            accountSid: decodeFlag(
              "account-sid",
              Schema.NonEmptyTrimmedString,
              "an account SID",
              flags["account-sid"]
            ),
            authToken: decodeFlag("auth-token", Schema.NonEmptyString, "a token", flags["auth-token"]),
            seed: decodeFlag("seed", Seed, "an integer", flags.seed)
          }).pipe(
            Effect.map(
              ({ accountSid, authToken, host, port, seed }): Command => ({
                _tag: "Serve",
                options: {
                  ...(port === undefined ? {} : { port }),
                  ...(host === undefined ? {} : { host }),
                  ...(accountSid === undefined ? {} : { accountSid }),
                  ...(authToken === undefined ? {} : { authToken }),
                  ...(seed === undefined ? {} : { seed })
                }
              })
            )
          )
    )
  )
