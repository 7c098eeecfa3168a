/**
 * The serverless recipe cannot rot: scripts/cold-start.mjs bundles the quick start and the
 * Lambda-style webhook handler with the README's esbuild command and runs both bundles against the
 * simulator on loopback (see the script for what each must do).
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"

const root = fileURLToPath(new URL("../../", import.meta.url))

interface Finished {
  readonly code: number | string
  readonly stdout: string
  readonly stderr: string
}

const coldStart = Effect.async<Finished>((resume) => {
  const child = execFile(
    process.execPath,
    ["scripts/cold-start.mjs"],
    { cwd: root, timeout: 150_000 },
    (error, stdout, stderr) =>
      resume(
        Effect.succeed({ code: error === null ? 0 : (error.code ?? error.signal ?? "error"), stdout, stderr })
      )
  )
  return Effect.sync(() => child.kill())
})

describe("serverless recipe", () => {
  it.live(
    "the bundled quick start and the bundled webhook handler run against the simulator",
    () =>
      Effect.gen(function* () {
        const { code, stdout, stderr } = yield* coldStart
        assert.strictEqual(code, 0, `${stdout}\n${stderr}`)
        assert.match(stdout, /quickstart\.mjs ran against the simulator .*: exit 0, the moderator listed/)
        assert.match(
          stdout,
          /serverless\.cjs handled a signed participant-join .*: 204 and the guest muted; a forged one: 403/
        )
      }),
    180_000
  )
})
