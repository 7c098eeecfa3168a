/**
 * Spans: each operation has one `Participants.<operation>` span under the caller's span; its request
 * annotates it (method, route, status, request id, attempts), retries are events on it, and the
 * transport runs with it current. The platform's own `http.client` span stays off.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { Effect, Exit, Layer, Option, TestClock, type Tracer } from "effect"
import { conferenceWithAgent, recordingTracer } from "./support/observe.js"

const ITEM = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"

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
  it.effect("caller → Participants.fetch, annotated by its request; the transport runs under it", () => {
    const { spans, transport, layer, named } = recorded()
    return Effect.gen(function* () {
      const { sid } = yield* conferenceWithAgent
      const participants = yield* Participants
      yield* Effect.withSpan(participants.fetch(sid, "agent"), "caller")
      const caller = named("caller")
      const operation = named("Participants.fetch")
      assert.strictEqual(parentOf(operation), caller.spanId)
      assert.strictEqual(operation.attributes.get("twilio.participant"), "agent")
      assert.strictEqual(operation.attributes.get("http.request.method"), "GET")
      assert.strictEqual(operation.attributes.get("url.template"), ITEM)
      assert.strictEqual(operation.attributes.get("http.response.status_code"), 200)
      assert.strictEqual(operation.attributes.get("twilio.attempts"), 1)
      assert.match(String(operation.attributes.get("twilio.request_id")), /^RQ[0-9a-f]{32}$/)
      assert.isTrue(operation.status._tag === "Ended" && Exit.isSuccess(operation.status.exit))
      assert.deepStrictEqual(transport, [operation.name])
      assert.deepStrictEqual(
        spans.map((s) => s.name),
        ["caller", "Participants.fetch"]
      )
    }).pipe(Effect.provide(layer))
  })

  it.effect("create, update and remove: one span each, annotated with its method and route", () => {
    const { layer, named } = recorded()
    return Effect.gen(function* () {
      const { sid } = yield* conferenceWithAgent
      const participants = yield* Participants
      yield* participants.create(sid, { from: "+15017122661", to: "+15558675310", label: "guest" })
      yield* participants.update(sid, "guest", { muted: true })
      yield* participants.remove(sid, "guest")
      for (const [operation, method] of [
        ["create", "POST"],
        ["update", "POST"],
        ["remove", "DELETE"]
      ] as const) {
        assert.strictEqual(named(`Participants.${operation}`).attributes.get("http.request.method"), method)
      }
    }).pipe(Effect.provide(layer))
  })

  it.effect("a retried request stays in its one span: attempts counted, retries as events", () => {
    const { spans, transport, layer } = recorded()
    return Effect.gen(function* () {
      const { fake, sid } = yield* conferenceWithAgent
      const participants = yield* Participants
      yield* fake.injectFault(Fault.unavailable)
      const fiber = yield* Effect.fork(participants.fetch(sid, "agent"))
      yield* TestClock.adjust("1 minute")
      yield* fiber.await
      assert.deepStrictEqual(
        spans.map((s) => s.name),
        ["Participants.fetch"]
      )
      assert.strictEqual(spans[0]?.attributes.get("twilio.attempts"), 2)
      assert.deepStrictEqual(transport, ["Participants.fetch", "Participants.fetch"])
    }).pipe(Effect.provide(layer))
  })

  it.effect("a failed operation ends its span with the failure", () => {
    const { layer, named } = recorded()
    return Effect.gen(function* () {
      const { sid } = yield* conferenceWithAgent
      const participants = yield* Participants
      const exit = yield* Effect.exit(participants.fetch(sid, "nobody"))
      assert.isTrue(Exit.isFailure(exit))
      const status = named("Participants.fetch").status
      assert.isTrue(status._tag === "Ended" && Exit.isFailure(status.exit))
      assert.strictEqual(named("Participants.fetch").attributes.get("http.response.status_code"), 404)
    }).pipe(Effect.provide(layer))
  })
})
