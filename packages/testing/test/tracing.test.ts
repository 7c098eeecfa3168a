/**
 * Spans: each operation has a `Participants.<operation>` span under the caller's span, each request
 * a `Twilio <method> <route>` client span under the operation's (one per request, its retries
 * included), and the transport runs with that client span current. The platform's own `http.client`
 * span stays off.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { Effect, Exit, Layer, Option, TestClock, type Tracer } from "effect"
import { conferenceWithAgent, recordingTracer } from "./support/observe.js"

const ITEM = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
const LIST = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json"

/** Every span started, and the name of the span current each time the transport was called. */
const recorded = () => {
  const spans: Array<Tracer.Span> = []
  const transport: Array<string> = []
  const tracer = recordingTracer(spans)
  // A user's wrapper around the transport, noting which span it runs under.
  const http = Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      HttpClient.tapRequest(client, () =>
        Effect.currentSpan.pipe(
          Effect.map((span) => transport.push(span.name)),
          Effect.orElseSucceed(() => transport.push("(none)"))
        )
      )
    )
  )
  const layer = Participants.layer.pipe(
    Layer.provide(http),
    Layer.provideMerge(FakeTwilio.layer),
    Layer.provideMerge(tracer)
  )
  const named = (name: string) => {
    const span = spans.find((s) => s.name === name)
    if (span === undefined) return assert.fail(`no span ${name} among ${spans.map((s) => s.name).join(", ")}`)
    return span
  }
  return { spans, transport, layer, named }
}

/** The parent span's id, or null for a root span. */
const parentOf = (span: Tracer.Span) => Option.getOrNull(Option.map(span.parent, (parent) => parent.spanId))

describe("spans", () => {
  it.effect(
    "caller → Participants.fetch → Twilio GET client span, and the transport runs under the client span",
    () => {
      const { spans, transport, layer, named } = recorded()
      return Effect.gen(function* () {
        const participants = yield* Participants
        const { sid } = yield* conferenceWithAgent
        yield* Effect.withSpan(participants.fetch(sid, "agent"), "caller")
        const caller = named("caller")
        const operation = named("Participants.fetch")
        const client = named(`Twilio GET ${ITEM}`)
        assert.strictEqual(parentOf(operation), caller.spanId)
        assert.strictEqual(parentOf(client), operation.spanId)
        assert.strictEqual(client.kind, "client")
        assert.strictEqual(client.attributes.get("http.response.status_code"), 200)
        assert.strictEqual(operation.attributes.get("twilio.participant"), "agent")
        assert.isTrue(client.status._tag === "Ended" && Exit.isSuccess(client.status.exit))
        assert.deepStrictEqual(transport, [client.name])
        assert.isFalse(spans.some((s) => s.name.startsWith("http.client")))
      }).pipe(Effect.provide(layer))
    }
  )

  it.effect(
    "create, update and remove: each its operation span with the request's client span under it",
    () => {
      const { layer, named } = recorded()
      return Effect.gen(function* () {
        const participants = yield* Participants
        const { sid } = yield* conferenceWithAgent
        yield* participants.create(sid, { from: "+15017122661", to: "+15558675310", label: "guest" })
        yield* participants.update(sid, "guest", { muted: true })
        yield* participants.remove(sid, "guest")
        for (const [operation, client] of [
          ["create", `Twilio POST ${LIST}`],
          ["update", `Twilio POST ${ITEM}`],
          ["remove", `Twilio DELETE ${ITEM}`]
        ] as const) {
          const clientSpan = named(client)
          assert.strictEqual(parentOf(clientSpan), named(`Participants.${operation}`).spanId)
        }
      }).pipe(Effect.provide(layer))
    }
  )

  it.effect("a retried request keeps one client span; every attempt runs under it", () => {
    const { spans, transport, layer } = recorded()
    return Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* conferenceWithAgent
      yield* fake.injectFault(Fault.unavailable)
      const fiber = yield* Effect.fork(participants.fetch(sid, "agent"))
      yield* TestClock.adjust("1 minute")
      yield* fiber.await
      const clients = spans.filter((s) => s.name === `Twilio GET ${ITEM}`)
      assert.strictEqual(clients.length, 1)
      assert.deepStrictEqual(transport, [`Twilio GET ${ITEM}`, `Twilio GET ${ITEM}`])
    }).pipe(Effect.provide(layer))
  })

  it.effect("a failed operation ends its spans with the failure", () => {
    const { layer, named } = recorded()
    return Effect.gen(function* () {
      const participants = yield* Participants
      const { sid } = yield* conferenceWithAgent
      const exit = yield* Effect.exit(participants.fetch(sid, "nobody"))
      assert.isTrue(Exit.isFailure(exit))
      for (const name of ["Participants.fetch", `Twilio GET ${ITEM}`]) {
        const status = named(name).status
        assert.isTrue(status._tag === "Ended" && Exit.isFailure(status.exit), name)
      }
    }).pipe(Effect.provide(layer))
  })
})
