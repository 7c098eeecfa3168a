/**
 * Secrets stay secret end to end: the auth token, the API secret and a SIP password given to
 * `create` appear in no error, log line (every built-in logger format, at the most verbose
 * level), span (attributes, events, end status), `Cause` rendering, `Inspectable` output, JSON
 * or `util.inspect` of any SDK value, on every failure path and on success, over a real socket.
 */
import { inspect } from "node:util"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig, type TwilioConfigOptions } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import {
  Cause,
  Effect,
  Exit,
  Inspectable,
  Layer,
  Logger,
  LogLevel,
  Option,
  Redacted,
  Stream,
  type Tracer
} from "effect"
import { recordingTracer } from "../support/observe.js"

const AUTH_TOKEN = "tok_E2E_SECRET_93b1d7c4"
const API_KEY = `SK${"a1".repeat(16)}`
const API_SECRET = "sec_E2E_SECRET_5f2e8a06"
const SIP_PASSWORD = "sip_E2E_SECRET_0c4d2b91"
const secrets = [
  AUTH_TOKEN,
  API_SECRET,
  SIP_PASSWORD,
  // Basic credentials as they go on the wire, for both kinds.
  Buffer.from(`AC${"e2e0".repeat(8)}:${AUTH_TOKEN}`).toString("base64"),
  Buffer.from(`${API_KEY}:${API_SECRET}`).toString("base64")
]

/** Every way a value ends up in a log or a terminal. */
const renderings = (value: unknown): ReadonlyArray<readonly [string, string]> => [
  ["String", String(value)],
  ["JSON.stringify", JSON.stringify(value) ?? ""],
  ["Inspectable.toJSON", JSON.stringify(Inspectable.toJSON(value)) ?? ""],
  ["Inspectable.format", Inspectable.format(value)],
  ["util.inspect", inspect(value, { depth: 12, showHidden: true })]
]

/** Everything the test saw: log lines, span renderings, error renderings. */
const seen: Array<readonly [string, string]> = []
const record = (label: string, value: unknown) => {
  for (const [how, text] of renderings(value)) seen.push([`${label} (${how})`, text])
}

/** A logger whose lines go into `seen`. */
const capture = <O>(name: string, logger: Logger.Logger<unknown, O>) =>
  Logger.map(logger, (line) => {
    seen.push([`logger ${name}`, typeof line === "string" ? line : inspect(line, { depth: 12 })])
  })

/** Every built-in text and structured log format, at the most verbose level, into `seen` (not the console). */
const capturingLoggers = Layer.mergeAll(
  Logger.replace(Logger.defaultLogger, capture("string", Logger.stringLogger)),
  Logger.add(capture("logfmt", Logger.logfmtLogger)),
  Logger.add(capture("json", Logger.jsonLogger)),
  Logger.add(capture("structured", Logger.structuredLogger)),
  Logger.minimumLogLevel(LogLevel.All)
)

/** Every span started, so its attributes, events and end status can be searched. */
const spans: Array<Tracer.Span> = []
const capturingTracer = recordingTracer(spans)

const renderSpans = () => {
  for (const span of spans) {
    const attributes = Object.fromEntries(span.attributes)
    seen.push([`span ${span.name} attributes`, inspect(attributes, { depth: 8 })])
    if (span.status._tag === "Ended") {
      const exit = span.status.exit
      if (Exit.isFailure(exit)) seen.push([`span ${span.name} cause`, Cause.pretty(exit.cause)])
      record(`span ${span.name} exit`, exit)
    }
  }
}

/** The live SDK over undici against `served`, with the given credentials and tracing on. */
const live = (
  served: FakeTwilio.Served,
  credentials: "token" | "key",
  extra: Partial<TwilioConfigOptions> = {}
) => {
  const common = { accountSid: served.accountSid, baseUrl: served.baseUrl, retry: false as const, ...extra }
  return Participants.layer.pipe(
    Layer.provideMerge(
      TwilioConfig.layer(
        credentials === "token"
          ? { ...common, authToken: AUTH_TOKEN }
          : { ...common, apiKey: API_KEY, apiSecret: Redacted.make(API_SECRET) }
      )
    ),
    Layer.provide(NodeHttpClient.layerUndici)
  )
}

const numbers = { from: "+15005550006", to: "sip:alice@example.com" }

/** Runs one operation, logs its outcome the way an application would, and records every rendering. */
const observe = <A, E, R>(label: string, effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const exit = yield* Effect.exit(effect)
    if (Exit.isFailure(exit)) {
      yield* Effect.logDebug(`${label} failed`, exit.cause)
      yield* Effect.logError(Cause.squash(exit.cause))
      seen.push([`${label} Cause.pretty`, Cause.pretty(exit.cause)])
      record(`${label} error`, Cause.squash(exit.cause))
    } else {
      yield* Effect.logDebug(`${label} succeeded`, exit.value)
      record(`${label} value`, exit.value)
    }
    record(`${label} exit`, exit)
    return exit
  }).pipe(Effect.annotateLogs("operation", label), Effect.withLogSpan(label))

for (const credentials of ["token", "key"] as const) {
  describe(`with ${credentials === "token" ? "an auth token" : "an API key"}`, () => {
    it.scopedLive("no secret in any rendering of any outcome", () =>
      Effect.gen(function* () {
        seen.length = 0
        spans.length = 0
        const served = yield* FakeTwilio.serve({
          accountSid: `AC${"e2e0".repeat(8)}`,
          authToken: AUTH_TOKEN,
          apiKeys: [{ apiKey: API_KEY, apiSecret: API_SECRET }]
        })
        const conference = yield* served.seedConference()
        const ended = yield* served.seedConference({ status: "completed" })
        yield* served.seedParticipants(conference.sid, [{ label: "agent" }])
        const sid = conference.sid
        const create = (label: string) =>
          Effect.flatMap(Participants, (participants) =>
            participants.create(sid, {
              ...numbers,
              label,
              sipAuthUsername: "alice",
              sipAuthPassword: Redacted.make(SIP_PASSWORD)
            })
          )

        yield* Effect.gen(function* () {
          const participants = yield* Participants
          const config = yield* TwilioConfig
          record("config", config)
          yield* Effect.logDebug("config", config)

          assert.isTrue(Exit.isSuccess(yield* observe("create ok", create("sip-1"))))
          const settings = Option.getOrThrow(yield* served.participantSettings(sid, "sip-1"))
          assert.strictEqual(settings.get("SipAuthPassword"), SIP_PASSWORD, "the password did reach Twilio")

          yield* observe("create duplicate label", create("sip-1"))
          yield* observe(
            "create into an ended conference",
            participants.create(ended.sid, { ...numbers, sipAuthPassword: Redacted.make(SIP_PASSWORD) })
          )
          // A plain string is accepted, redacted on entry, and sent.
          const plain = yield* observe(
            "create with a plain-string password",
            participants.create(sid, { ...numbers, label: "sip-plain", sipAuthPassword: SIP_PASSWORD })
          )
          assert.isTrue(Exit.isSuccess(plain))
          const plainSettings = Option.getOrThrow(yield* served.participantSettings(sid, "sip-plain"))
          assert.strictEqual(plainSettings.get("SipAuthPassword"), SIP_PASSWORD)
          // Refused params holding a plain password: the errors describe them without it.
          yield* observe(
            "create refused, plain-string password beside a bad field",
            participants.create(sid, {
              ...numbers,
              sipAuthPassword: SIP_PASSWORD,
              coaching: true,
              timeout: 1
            })
          )
          yield* observe(
            "create refused, plain-string password with a bad label",
            participants.create(sid, { ...numbers, sipAuthPassword: SIP_PASSWORD, label: "" })
          )
          for (const [name, fault] of [
            ["429", Fault.rateLimited("1 second")],
            ["500", Fault.internalError],
            ["502 html", Fault.badGateway],
            ["cut body", Fault.truncatedBody],
            ["dropped", Fault.dropped],
            ["applied then 503", Fault.appliedThen(Fault.unavailable)]
          ] as const) {
            yield* served.injectFault(fault)
            yield* observe(`create, ${name}`, create(`sip-${name}`))
            yield* served.injectFault(fault)
            yield* observe(`update, ${name}`, participants.update(sid, "agent", { muted: true }))
            yield* served.injectFault(fault)
            yield* observe(`list, ${name}`, Stream.runDrain(participants.list(sid)))
          }
          yield* served.injectFault(Fault.delayed("2 seconds"))
          yield* observe("fetch, timeout", participants.fetch(sid, "agent", { timeout: "50 millis" }))
          yield* observe("fetch, unknown", participants.fetch(sid, "nobody"))
          yield* observe("remove, unknown", participants.remove(sid, "nobody"))
          yield* observe("update, bad params", participants.update(sid, "agent", { coaching: true }))
          yield* observe(
            "listFrom, bad cursor",
            Stream.runDrain(participants.listFrom("https://evil.example/"))
          )
          yield* observe("fetch ok", participants.fetch(sid, "agent"))
          yield* observe("list ok", Stream.runCollect(participants.list(sid)))
        }).pipe(Effect.provide(live(served, credentials)))

        // Wrong credentials: the refused secret must not be echoed either.
        yield* observe(
          "fetch, refused credentials",
          Effect.flatMap(Participants, (participants) => participants.fetch(sid, "agent")).pipe(
            Effect.provide(
              Participants.layer.pipe(
                Layer.provide(
                  TwilioConfig.layer({
                    accountSid: served.accountSid,
                    authToken: `${AUTH_TOKEN}-wrong`,
                    baseUrl: served.baseUrl,
                    retry: false
                  })
                ),
                Layer.provide(NodeHttpClient.layerUndici)
              )
            )
          )
        )

        renderSpans()
        assert.isAbove(seen.length, 200)
        assert.isAbove(spans.length, 20)
        // The operation's span stands in for the platform's, whose end value would hold the request
        // with its Authorization header; and no trace header goes to Twilio.
        assert.isTrue(spans.some((span) => span.name === "Participants.create"))
        assert.isFalse(spans.some((span) => span.name.startsWith("http.client")))
        const sentHeaders = (yield* served.requests).flatMap((r) => Object.keys(r.headers))
        assert.notInclude(sentHeaders, "traceparent")
        assert.notInclude(sentHeaders, "b3")
        for (const [where, text] of seen) {
          for (const secret of secrets) assert.notInclude(text, secret, `${where} leaks a secret`)
        }
      }).pipe(Effect.provide(Layer.merge(capturingLoggers, capturingTracer)))
    )
  })
}
