/**
 * Example: testing your own endpoint by swapping the live layer for `participantsTestWith`.
 * The endpoint of `examples/mute-all-but.ts` runs on a real test server; the SDK under it talks
 * to the simulator in process, where the test seeds conferences and stages Twilio faults.
 */
import { HttpClient, HttpClientResponse, HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { participantsTestWith } from "@effect-twilio/testing/ParticipantsTest"
import { Effect, Layer, Schema } from "effect"
import { router } from "../mute-all-but.js"

/**
 * The app on a test server, over the simulator. Only `Participants` and the `FakeTwilio` handle
 * are re-exported from the test backend, so the test's own `HttpClient` is the one that calls
 * the server.
 */
const testApp = (options?: FakeTwilio.LayerOptions) => {
  const backend = Layer.merge(
    Layer.effect(Participants, Participants),
    Layer.effect(FakeTwilio, FakeTwilio)
  ).pipe(Layer.provide(participantsTestWith(options)))
  return HttpServer.serve(router).pipe(
    Layer.provideMerge(backend),
    Layer.provideMerge(NodeHttpServer.layerTest)
  )
}

const Muted = Schema.Struct({ muted: Schema.Array(Schema.String) })
const Problem = Schema.Struct({ error: Schema.String })

const post = (path: string) => Effect.flatMap(HttpClient.HttpClient, (client) => client.post(path))

describe("POST /conferences/:sid/mute-all-but/:label", () => {
  it.effect("mutes everyone but the named participant", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference({ friendlyName: "standup" })
      const [, ...others] = yield* fake.seedParticipants(conference.sid, [
        { label: "moderator" },
        { label: "alice" },
        { label: "bob" },
        { label: "carol", muted: true }
      ])
      const response = yield* post(`/conferences/${conference.sid}/mute-all-but/moderator`)
      assert.strictEqual(response.status, 200)
      const body = yield* HttpClientResponse.schemaBodyJson(Muted)(response)
      // carol was already muted, so only alice and bob needed an update.
      assert.deepStrictEqual([...body.muted].sort(), others.slice(0, 2).sort())
      const roster = yield* fake.participants(conference.sid)
      assert.deepStrictEqual(
        roster.map((p) => [p.label, p.muted]),
        [
          ["moderator", false],
          ["alice", true],
          ["bob", true],
          ["carol", true]
        ]
      )
    }).pipe(Effect.provide(testApp()))
  )

  it.effect("answers 404 for a conference Twilio does not know", () =>
    Effect.gen(function* () {
      const response = yield* post(`/conferences/CF${"0".repeat(32)}/mute-all-but/moderator`)
      assert.strictEqual(response.status, 404)
      const body = yield* HttpClientResponse.schemaBodyJson(Problem)(response)
      assert.strictEqual(body.error, "no such conference")
    }).pipe(Effect.provide(testApp()))
  )

  it.effect("answers 400 before calling Twilio when the SID is malformed", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const response = yield* post("/conferences/not-a-sid/mute-all-but/moderator")
      assert.strictEqual(response.status, 400)
      assert.lengthOf(yield* fake.requests, 0)
    }).pipe(Effect.provide(testApp()))
  )

  it.effect("passes a Twilio rate limit on as 429 with Retry-After", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      yield* fake.seedParticipants(conference.sid, 3)
      yield* fake.injectFault(Fault.rateLimited("7 seconds"), { method: "GET" })
      const response = yield* post(`/conferences/${conference.sid}/mute-all-but/moderator`)
      assert.strictEqual(response.status, 429)
      assert.strictEqual(response.headers["retry-after"], "7")
    }).pipe(Effect.provide(testApp({ retry: false })))
  )

  it.effect("answers 502 when Twilio keeps failing, and mutes nobody", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      yield* fake.seedParticipants(conference.sid, 3)
      yield* fake.injectFault(Fault.unavailable, { method: "GET" })
      const response = yield* post(`/conferences/${conference.sid}/mute-all-but/moderator`)
      assert.strictEqual(response.status, 502)
      const roster = yield* fake.participants(conference.sid)
      assert.isTrue(roster.every((p) => !p.muted))
    }).pipe(Effect.provide(testApp({ retry: false })))
  )
})
