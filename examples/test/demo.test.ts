/**
 * `pnpm demo`, in process: the simulated session end to end over real HTTP (with short call
 * timings and a shorter conference history, so it stays quick), and the command line's other modes.
 */
import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio } from "@effect-twilio/testing"
import { ConfigProvider, Effect, Exit } from "effect"
import { run } from "../../demo/Cli.js"
import { defaultSessionOptions, type SessionOptions, session, simulatedLayer } from "../../demo/Session.js"
import { memorySink, Terminal } from "../../demo/Terminal.js"

const quick: SessionOptions = {
  ...defaultSessionOptions,
  timing: { queued: "30 millis", connecting: "30 millis", ringing: "30 millis" },
  pollEvery: "30 millis",
  historySize: 500
}

const noTwilioEnv = ConfigProvider.fromMap(new Map())

describe("demo", () => {
  it.live("the simulated session runs every step and reports what it did", () =>
    Effect.gen(function* () {
      const sink = memorySink()
      const report = yield* session(quick).pipe(
        Effect.provide(simulatedLayer(quick)),
        Effect.provide(Terminal.Default(sink))
      )
      const out = sink.text()
      assert.match(report.conferenceSid, /^CF[0-9a-f]{32}$/)
      assert.strictEqual(report.dialled, 6)
      assert.strictEqual(report.pagedThrough, 500)
      assert.strictEqual(report.pages, 5)
      assert.include(out, "5 updated; the Muted=true filter now lists 5 of 6")
      assert.include(out, "carol coaching: true")
      assert.include(out, "NotFound: ")
      assert.include(out, "Twilio code 20404")
      assert.include(out, "RateLimited: ")
      assert.match(out, /attempt 1 .* 429 Retry-After: 1/)
      assert.match(out, /attempt 2 .* 200/)
      assert.match(out, /ServerError: .* HTTP 503 after 2 attempt/)
      assert.include(out, "resuming at the failed page: listFrom(")
      assert.include(out, "500 conferences in 5 pages")
      assert.include(out, "conference is completed, reason conference-ended-via-api")
      assert.include(out, "0 participants left on the roster")
      assert.include(out, "ending it again succeeds")
      assert.include(out, "InactiveConference: ")
      assert.include(out, "Twilio code 16099")
      // Plain text when the sink is not a terminal: no ANSI escapes.
      assert.notInclude(out, "\u001b[")
    })
  )

  it.live("without TWILIO_* variables and arguments, the CLI runs the simulated session", () =>
    Effect.gen(function* () {
      const sink = memorySink()
      yield* run([], { ...quick, historySize: 200 }).pipe(
        Effect.provide(Terminal.Default(sink)),
        Effect.withConfigProvider(noTwilioEnv)
      )
      assert.include(sink.text(), "Done.")
    })
  )

  it.effect("refuses to guess when an account is configured but no conference is named", () =>
    Effect.gen(function* () {
      const exit = yield* run([]).pipe(
        Effect.provide(Terminal.Default(memorySink())),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(new Map([["TWILIO_ACCOUNT_SID", `AC${"1".repeat(32)}`]]))
        ),
        Effect.exit
      )
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit) && exit.cause._tag === "Fail") {
        assert.strictEqual(exit.cause.error._tag, "UsageError")
        assert.include(exit.cause.error.message, "--conference CF")
      } else assert.fail("expected a UsageError")
    })
  )

  it.effect("refuses unknown arguments and malformed Conference SIDs", () =>
    Effect.gen(function* () {
      for (const argv of [["--bogus"], ["--conference", "CF123"], ["--conference"]]) {
        const error = yield* Effect.flip(
          run(argv).pipe(
            Effect.provide(Terminal.Default(memorySink())),
            Effect.withConfigProvider(noTwilioEnv)
          )
        )
        assert.strictEqual(error._tag, "UsageError")
      }
    })
  )

  it.live("--conference with credentials shows a real roster read-only (here: a served FakeTwilio)", () =>
    Effect.gen(function* () {
      const served = yield* FakeTwilio.serve()
      const conference = yield* served.seedConference({ friendlyName: "support" })
      yield* served.seedParticipants(conference.sid, [{ label: "agent" }, { label: "customer", muted: true }])
      const sink = memorySink()
      yield* run(["--conference", conference.sid]).pipe(
        Effect.provide(Terminal.Default(sink)),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([
              ["TWILIO_ACCOUNT_SID", served.accountSid],
              ["TWILIO_AUTH_TOKEN", served.authToken],
              ["TWILIO_BASE_URL", served.baseUrl]
            ])
          )
        )
      )
      const out = sink.text()
      assert.include(out, "agent")
      assert.include(out, "customer")
      assert.include(out, "2 participants: 2 connected")
      const methods = new Set((yield* served.requests).map((request) => request.method))
      assert.deepStrictEqual([...methods], ["GET"])
    }).pipe(Effect.scoped)
  )
})
