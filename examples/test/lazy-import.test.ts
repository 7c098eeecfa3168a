/**
 * What a function that imports deeply loads (issue #13): the config and the two services load no
 * barrel, and no module of another package's that they do not use. (The parameter schemas are
 * loaded but built on first use: see RequestParams' tests.) Listed by scripts/list-imports.mjs in
 * a process of its own, on the TypeScript sources.
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

describe("import cost", () => {
  it.live(
    "deep imports of the config and both services load no barrel and nothing of webhooks or testing",
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
          loaded.filter(
            (file) =>
              file.endsWith("/index.ts") || file.startsWith("webhooks/") || file.startsWith("testing/")
          ),
          []
        )
        // Pacing is its own layer: nothing loads it unless the program does.
        assert.notInclude(loaded, "core/Pacing.ts")
        assert.notInclude(loaded, "core/PacingRedis.ts")
      }),
    { timeout: 90_000 }
  )

  it.live(
    "a barrel import loads the barrel and every module it exports",
    () =>
      Effect.gen(function* () {
        const loaded = yield* loadedBy("@effect-twilio/participants")
        assert.include(loaded, "participants/CreateParticipantParams.ts")
        assert.include(loaded, "participants/index.ts")
      }),
    { timeout: 90_000 }
  )
})
