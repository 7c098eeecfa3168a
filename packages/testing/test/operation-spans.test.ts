/**
 * The resource kit makes one span per operation, named `Participants.<operation>`, with the
 * conference and participant as attributes (long values cut, non-strings named by their type);
 * the request runs inside it, a list's pages included, and per-call options apply within it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect, Layer, Stream, type Tracer } from "effect"
import { callUntyped } from "./reliability/support/untyped.js"
import { conferenceWithAgent, recordingTracer } from "./support/observe.js"

const recorded = () => {
  const spans: Array<Tracer.Span> = []
  const layer = Participants.layer.pipe(
    Layer.provideMerge(FakeTwilio.layer),
    Layer.provideMerge(recordingTracer(spans))
  )
  const named = (name: string) => spans.filter((s) => s.name === name)
  return { spans, layer, named }
}

describe("operation spans", () => {
  it.effect("fetch: one Participants.fetch span with the conference SID and the participant", () => {
    const { layer, named } = recorded()
    return Effect.gen(function* () {
      const { sid } = yield* conferenceWithAgent
      const participants = yield* Participants
      yield* participants.fetch(sid, "agent")
      const [span, ...more] = named("Participants.fetch")
      assert.isDefined(span)
      assert.strictEqual(more.length, 0, "exactly one span per operation")
      assert.strictEqual(span?.attributes.get("twilio.conference_sid"), sid)
      assert.strictEqual(span?.attributes.get("twilio.participant"), "agent")
      assert.strictEqual(span?.status._tag, "Ended")
    }).pipe(Effect.provide(layer))
  })

  it.effect("list: one span for the whole stream, however many pages", () => {
    const { layer, named, spans } = recorded()
    return Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      yield* fake.seedParticipants(conference.sid, 7)
      const participants = yield* Participants
      const count = yield* Stream.runCount(participants.list(conference.sid, { pageSize: 2 }))
      assert.strictEqual(count, 7)
      const [span, ...more] = named("Participants.list")
      assert.strictEqual(more.length, 0)
      assert.strictEqual(span?.attributes.get("twilio.conference_sid"), conference.sid)
      // Every page request ran inside the list's span, which they annotate; none made a span of its own.
      assert.deepStrictEqual(
        spans.map((s) => s.name),
        ["Participants.list"]
      )
      assert.strictEqual(span?.attributes.get("http.request.method"), "GET")
    }).pipe(Effect.provide(layer))
  })

  it.effect(
    "attributes from untyped callers are bounded and never the value itself when not a string",
    () => {
      const { layer, named } = recorded()
      return Effect.gen(function* () {
        const participants = yield* Participants
        const sid = `CF${"0".repeat(32)}`
        yield* Effect.exit(participants.fetch(sid, "x".repeat(500)))
        yield* Effect.exit(callUntyped(participants.remove, { secret: "do not echo" }, 42))
        const [long] = named("Participants.fetch")
        assert.strictEqual(String(long?.attributes.get("twilio.participant")).length, 129)
        const [odd] = named("Participants.remove")
        assert.strictEqual(odd?.attributes.get("twilio.conference_sid"), "object")
        assert.strictEqual(odd?.attributes.get("twilio.participant"), "number")
      }).pipe(Effect.provide(layer))
    }
  )

  it.effect("a failed check still ends the operation's span, as a failure", () => {
    const { layer, named } = recorded()
    return Effect.gen(function* () {
      const participants = yield* Participants
      yield* Effect.exit(participants.fetch("CF123", "agent"))
      const [span] = named("Participants.fetch")
      assert.isTrue(span?.status._tag === "Ended" && span.status.exit._tag === "Failure")
    }).pipe(Effect.provide(layer))
  })
})
