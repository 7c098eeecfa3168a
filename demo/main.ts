/**
 * Entry point of `pnpm demo` (see `Cli.ts` for what it does). Expected failures are printed as
 * readable text with an exit code; only a bug would show a stack trace.
 */
import { NodeRuntime } from "@effect/platform-node"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { exitCodeFor, run } from "./Cli.js"
import { describe } from "./Errors.js"
import { paintFor, TerminalLive } from "./Terminal.js"

const stderrPaint = paintFor(process.stderr.isTTY === true && (process.env.NO_COLOR ?? "") === "")

const main = run(process.argv.slice(2)).pipe(
  Effect.provide(TerminalLive),
  Effect.catchAll((error) =>
    Effect.gen(function* () {
      yield* Console.error("")
      yield* Effect.forEach(describe(error, stderrPaint), (line) => Console.error(line), { discard: true })
      yield* Effect.sync(() => {
        process.exitCode = exitCodeFor(error)
      })
    })
  )
)

NodeRuntime.runMain(main)
