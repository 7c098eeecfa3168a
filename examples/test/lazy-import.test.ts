/**
 * Nothing built at import that a call may never need (issue #13): a function that imports the
 * config and the two services deeply loads neither the parameter modules (their schemas are built
 * on the first create, update or list) nor the barrels. Listed by scripts/list-imports.mjs in a
 * process of its own, on the TypeScript sources.
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"

const root = fileURLToPath(new URL("../../", import.meta.url))

const loadedBy = (...specifiers: ReadonlyArray<string>) =>
  Effect.async<ReadonlyArray<string>, Error>((resume) => {
    const child = execFile(
      process.execPath,
      ["--conditions=@effect-twilio/source", "--import", "tsx", "scripts/list-imports.mjs", ...specifiers],
      { cwd: root, timeout: 60_000 },
      (error, stdout, stderr) =>
        resume(
          error === null
            ? Effect.succeed(stdout.split("\n").filter((line) => line !== ""))
            : Effect.fail(new Error(`${error.message}\n${stderr}`))
        )
    )
    return Effect.sync(() => child.kill())
  })

const PARAMS = /Params\.ts$|\/internal\/params\.ts$|\/internal\/fields\.ts$/

describe("import cost", () => {
  it.live(
    "deep imports of the config and both services load no parameter module and no barrel",
    () =>
      Effect.gen(function* () {
        const loaded = yield* loadedBy(
          "@effect-twilio/core/TwilioConfig",
          "@effect-twilio/participants/Participants",
          "@effect-twilio/conferences/Conferences"
        )
        assert.include(loaded, "participants/Participants.ts")
        assert.include(loaded, "conferences/Conferences.ts")
        assert.deepStrictEqual(
          loaded.filter((file) => PARAMS.test(file) || file.endsWith("/index.ts")),
          []
        )
        // The request parameter kit is only for the parameter modules.
        assert.notInclude(loaded, "core/RequestParams.ts")
      }),
    { timeout: 90_000 }
  )

  it.live(
    "a barrel import still offers every parameter module (loaded, as the barrel exports them)",
    () =>
      Effect.gen(function* () {
        const loaded = yield* loadedBy("@effect-twilio/participants")
        assert.include(loaded, "participants/CreateParticipantParams.ts")
        assert.include(loaded, "participants/index.ts")
      }),
    { timeout: 90_000 }
  )
})
