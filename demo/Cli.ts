/**
 * What `pnpm demo` does with its arguments and environment: the simulated session when no
 * Twilio account is configured, a read-only roster of a real conference when one is and
 * `--conference CF…` names it, a usage message otherwise.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { type Expected, UsageError } from "./Errors.js"
import { rosterView } from "./LiveRoster.js"
import { defaultSessionOptions, type SessionOptions, session, simulatedLayer } from "./Session.js"
import { Terminal } from "./Terminal.js"

/** How to call the demo. */
export const USAGE = `usage:
  pnpm demo                        the simulated session (no Twilio account needed)
  pnpm demo --conference CF…       read-only roster of a real conference; needs TWILIO_ACCOUNT_SID and
                                   TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)
  pnpm demo --simulate             the simulated session even when TWILIO_* variables are set`

/** What the command line asked for. */
export interface Args {
  readonly conference: Option.Option<string>
  readonly simulate: boolean
  readonly help: boolean
}

const usage = (problem: string) => new UsageError({ message: `${problem}\n${USAGE}` })

/** Reads the arguments; anything unknown is refused so a typo never runs the wrong mode. */
export const parseArgs = (argv: ReadonlyArray<string>): Effect.Effect<Args, UsageError> =>
  Effect.suspend(() => {
    let args: Args = { conference: Option.none(), simulate: false, help: false }
    // pnpm may pass a lone "--" before the script's own arguments.
    const rest = argv.filter((arg) => arg !== "--")
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i] ?? ""
      if (arg === "--help" || arg === "-h") args = { ...args, help: true }
      else if (arg === "--simulate") args = { ...args, simulate: true }
      else if (arg === "--conference" || arg.startsWith("--conference=")) {
        const value = arg === "--conference" ? rest[++i] : arg.slice("--conference=".length)
        if (value === undefined || !/^CF[0-9a-fA-F]{32}$/.test(value)) {
          return Effect.fail(usage("--conference needs a Conference SID (CF followed by 32 hex digits)"))
        }
        args = { ...args, conference: Option.some(value) }
      } else return Effect.fail(usage(`unknown argument ${JSON.stringify(arg)}`))
    }
    return Effect.succeed(args)
  })

/** The SDK against the real Twilio, configured from the environment (`TWILIO_*`). */
const TwilioLive = Participants.layer.pipe(
  Layer.provide(TwilioConfig.layerConfig()),
  Layer.provide(NodeHttpClient.layerUndici)
)

/** Runs the demo for these arguments, reading `TWILIO_ACCOUNT_SID` through Effect `Config`. */
export const run = (
  argv: ReadonlyArray<string>,
  options: SessionOptions = defaultSessionOptions
): Effect.Effect<void, Expected, Terminal> =>
  Effect.gen(function* () {
    const args = yield* parseArgs(argv)
    const terminal = yield* Terminal
    if (args.help) return yield* terminal.line(USAGE)
    const account = yield* Config.option(Config.string("TWILIO_ACCOUNT_SID"))
    if (args.simulate || (Option.isNone(account) && Option.isNone(args.conference))) {
      yield* Effect.provide(session(options), simulatedLayer(options))
      return
    }
    if (Option.isNone(account)) {
      return yield* usage("--conference reads a real conference: set TWILIO_ACCOUNT_SID and its credentials")
    }
    if (Option.isNone(args.conference)) {
      return yield* usage(
        "TWILIO_ACCOUNT_SID is set, so the demo would talk to the real Twilio (where it only ever reads).\n" +
          "Name the conference to show with --conference CF…, or pass --simulate for the simulated session."
      )
    }
    yield* Effect.provide(rosterView(args.conference.value), TwilioLive)
  })

/** The process exit code for a failure: 2 for a command-line mistake, 1 for anything else. */
export const exitCodeFor = (error: Expected): number => (error._tag === "UsageError" ? 2 : 1)
