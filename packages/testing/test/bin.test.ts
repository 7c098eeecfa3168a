import * as Command from "@effect/platform/Command"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Option, Stream } from "effect"
import { parse, USAGE } from "../src/internal/cli.js"

const root = new URL("../../../", import.meta.url).pathname
const bin = new URL("../src/bin.ts", import.meta.url).pathname

/** `fake-twilio` from its sources, as the root `pnpm fake-twilio` script runs it. */
const fakeTwilio = (...args: ReadonlyArray<string>) =>
  Command.make("node", "--conditions=@effect-twilio/source", "--import", "tsx", bin, ...args).pipe(
    Command.workingDirectory(root)
  )

describe("fake-twilio flags", () => {
  it.effect("read every option, in both spellings, into serve options", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* parse([]), { _tag: "Serve", options: {} })
      const all = yield* parse([
        "--port",
        "4010",
        "--host=localhost",
        "--account-sid",
        `AC${"1".repeat(32)}`,
        "--auth-token",
        "token",
        "--seed",
        "7"
      ])
      assert.deepStrictEqual(all, {
        _tag: "Serve",
        options: {
          port: 4010,
          host: "localhost",
          accountSid: `AC${"1".repeat(32)}`,
          authToken: "token",
          seed: 7
        }
      })
      assert.deepStrictEqual(yield* parse(["-h"]), { _tag: "Help" })
      assert.deepStrictEqual(yield* parse(["--port", "1", "--help"]), { _tag: "Help" })
    })
  )

  it.effect("refuse unknown flags, missing values, stray words and bad numbers, naming the flag", () =>
    Effect.gen(function* () {
      const refused = (argv: ReadonlyArray<string>) =>
        Effect.flip(parse(argv)).pipe(Effect.map((e) => e.message))
      assert.include(yield* refused(["--prot", "4010"]), "'--prot'")
      assert.include(yield* refused(["--port"]), "--port")
      assert.include(yield* refused(["4010"]), "'4010'")
      assert.include(yield* refused(["--port", "x"]), '--port takes a port number from 0 to 65535, not "x"')
      assert.include(yield* refused(["--port", "65536"]), '"65536"')
      assert.include(yield* refused(["--port", "-1"]), "--port")
      assert.include(yield* refused(["--port", "80.5"]), '"80.5"')
      assert.include(yield* refused(["--seed", "one"]), '--seed takes an integer, not "one"')
      assert.include(yield* refused(["--auth-token", ""]), "--auth-token")
      const error = yield* Effect.flip(parse(["--bogus"]))
      assert.strictEqual(error._tag, "UsageError")
      assert.include(error.message, "fake-twilio --help")
    })
  )
})

describe("the fake-twilio command", () => {
  it.scopedLive(
    "serves on the port it prints until SIGTERM, with the credentials it prints",
    () =>
      Effect.gen(function* () {
        const process = yield* Command.start(
          fakeTwilio("--port", "0", "--account-sid", `AC${"2".repeat(32)}`, "--auth-token", "cli-token")
        )
        // Read until the last of the four lines it prints at start; a bounded stream of lines.
        const lines = yield* process.stdout.pipe(
          Stream.decodeText(),
          Stream.splitLines,
          Stream.takeUntil((line) => line.startsWith("TWILIO_AUTH_TOKEN=")),
          Stream.runCollect,
          Effect.map(Chunk.toReadonlyArray)
        )
        const value = (name: string) =>
          Option.fromNullable(lines.find((line) => line.startsWith(`${name}=`))).pipe(
            Option.map((line) => line.slice(name.length + 1)),
            Option.getOrElse(() => "")
          )
        const baseUrl = value("TWILIO_BASE_URL")
        assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
        assert.strictEqual(value("TWILIO_ACCOUNT_SID"), `AC${"2".repeat(32)}`)
        assert.strictEqual(value("TWILIO_AUTH_TOKEN"), "cli-token")

        const created = yield* Effect.promise(() =>
          fetch(`${baseUrl}/2010-04-01/Accounts/AC${"2".repeat(32)}/Conferences/standup/Participants.json`, {
            method: "POST",
            headers: {
              authorization: `Basic ${Buffer.from(`AC${"2".repeat(32)}:cli-token`).toString("base64")}`,
              "content-type": "application/x-www-form-urlencoded"
            },
            body: "From=%2B15005550006&To=%2B15005550001"
          })
        )
        assert.strictEqual(created.status, 201)

        yield* process.kill("SIGTERM")
        assert.strictEqual(yield* process.exitCode, 0)
      }).pipe(Effect.provide(NodeContext.layer)),
    60_000
  )

  it.scopedLive(
    "prints its usage with --help and exits 0; a bad flag exits 2 on stderr",
    () =>
      Effect.gen(function* () {
        const help = yield* Command.string(fakeTwilio("--help"))
        assert.strictEqual(help.trim(), USAGE.trim())
        const bad = yield* Command.start(fakeTwilio("--port", "nope"))
        const stderr = yield* bad.stderr.pipe(Stream.decodeText(), Stream.mkString)
        assert.include(stderr, '--port takes a port number from 0 to 65535, not "nope"')
        assert.strictEqual(yield* bad.exitCode, 2)
      }).pipe(Effect.provide(NodeContext.layer)),
    // Two processes that each load tsx: slow on a busy machine, bounded all the same.
    60_000
  )
})
