/**
 * The live `Participants.layer` end to end against `FakeTwilio.serve`, over real HTTP (undici).
 */
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { Chunk, Duration, Effect, Layer, Option, Stream } from "effect"

const live = (options: FakeTwilio.LayerOptions = { retry: false }) =>
  Participants.layer.pipe(
    Layer.provideMerge(FakeTwilio.layerServer(options)),
    Layer.provide(NodeHttpClient.layerUndici)
  )

const numbers = { from: "+15005550006", to: "+15005550001" }

describe("Participants.layer over real HTTP", () => {
  it.live("create by friendly name, fetch by SID and by label, update, remove", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const participants = yield* Participants
      const created = yield* participants.create("weekly sync", { ...numbers, label: "lead chair 100% #1 ☎" })
      const conferenceSid = created.conferenceSid ?? ""
      const callSid = created.callSid ?? ""
      assert.match(conferenceSid, /^CF/)
      assert.strictEqual(created.status, "queued")
      assert.strictEqual(created.queueTime !== null, true)
      const bySid = yield* participants.fetch(conferenceSid, callSid)
      assert.strictEqual(bySid.callSid, created.callSid)
      const byLabel = yield* participants.fetch(conferenceSid, created.label ?? "")
      assert.strictEqual(byLabel.callSid, created.callSid)
      const updated = yield* participants.update(conferenceSid, callSid, {
        muted: true,
        hold: true,
        holdUrl: "https://example.com/hold"
      })
      assert.isTrue(updated.muted)
      assert.isTrue(updated.hold)
      const wire = (yield* fake.requests).at(-1)
      assert.deepStrictEqual(wire?.form, [
        ["Muted", "true"],
        ["Hold", "true"],
        ["HoldUrl", "https://example.com/hold"]
      ])
      yield* participants.remove(conferenceSid, created.label ?? "")
      const gone = yield* Effect.flip(participants.fetch(conferenceSid, callSid))
      assert.strictEqual(gone._tag, "NotFound")
    }).pipe(Effect.provide(live()))
  )

  it.live("list streams every page in order with filters, and page() exposes the cursor", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const participants = yield* Participants
      const conference = yield* fake.seedConference()
      const calls = yield* fake.seedParticipants(
        conference.sid,
        Array.from({ length: 25 }, (_, i) => ({ muted: i % 2 === 0, hold: i % 5 === 0 }))
      )
      const all = yield* Stream.runCollect(participants.list(conference.sid, { pageSize: 4 }))
      assert.deepStrictEqual(
        Chunk.toReadonlyArray(all).map((p) => String(p.callSid)),
        [...calls]
      )
      const muted = yield* Stream.runCollect(participants.list(conference.sid, { muted: true, pageSize: 3 }))
      assert.deepStrictEqual(
        Chunk.toReadonlyArray(muted).map((p) => String(p.callSid)),
        calls.filter((_, i) => i % 2 === 0)
      )
      const held = yield* Stream.runCollect(participants.list(conference.sid, { hold: true, muted: false }))
      assert.deepStrictEqual(
        Chunk.toReadonlyArray(held).map((p) => String(p.callSid)),
        calls.filter((_, i) => i % 5 === 0 && i % 2 === 1)
      )
      const listRequests = (yield* fake.requests).filter((r) => r.method === "GET")
      // 25 rows at 4 a page: 7 pages for the first list; 13 muted rows at 3 a page: 5 pages.
      assert.isAtLeast(listRequests.length, 7 + 5 + 1)
      const first = yield* participants.page(conference.sid, { pageSize: 10 })
      assert.strictEqual(first.participants.length, 10)
      const second = yield* participants.nextPage(first)
      assert.strictEqual(Option.getOrThrow(second).participants[0]?.callSid, calls[10])
      const limited = yield* Stream.runCollect(participants.list(conference.sid, { limit: 5 }))
      assert.strictEqual(Chunk.size(limited), 5)
    }).pipe(Effect.provide(live()))
  )

  it.live(
    "error tags: NotFound, InactiveConference, InvalidRequest (16025, 16028, 16020), InvalidParameters",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const participants = yield* Participants
        const conference = yield* fake.seedConference({ maxParticipants: 2 })
        const [ringing] = yield* fake.seedParticipants(conference.sid, [
          { label: "taken", status: "ringing" }
        ])

        const notFound = yield* Effect.flip(participants.fetch(conference.sid, "nobody"))
        assert.strictEqual(notFound._tag, "NotFound")
        if (notFound._tag === "NotFound") assert.strictEqual(notFound.code, 20404)

        const duplicate = yield* Effect.flip(
          participants.create(conference.sid, { ...numbers, label: "taken" })
        )
        assert.strictEqual(duplicate._tag, "InvalidRequest")
        if (duplicate._tag === "InvalidRequest") assert.strictEqual(duplicate.code, 16025)

        const coach = yield* Effect.flip(
          participants.create(conference.sid, { ...numbers, coaching: true, callSidToCoach: ringing ?? "" })
        )
        assert.strictEqual(coach._tag, "InvalidRequest")
        if (coach._tag === "InvalidRequest") assert.strictEqual(coach.code, 16028)

        yield* participants.create(conference.sid, numbers)
        const full = yield* Effect.flip(participants.create(conference.sid, numbers))
        assert.strictEqual(full._tag, "InvalidRequest")
        if (full._tag === "InvalidRequest") assert.strictEqual(full.code, 16020)

        const ended = yield* fake.seedConference({ status: "completed" })
        const inactive = yield* Effect.flip(participants.create(ended.sid, numbers))
        assert.strictEqual(inactive._tag, "InactiveConference")
        if (inactive._tag === "InactiveConference") assert.strictEqual(inactive.code, 16099)

        const before = (yield* fake.requests).length
        const invalid = yield* Effect.flip(participants.create(conference.sid, { ...numbers, timeout: 3 }))
        assert.strictEqual(invalid._tag, "InvalidParameters")
        assert.strictEqual((yield* fake.requests).length, before)
      }).pipe(Effect.provide(live()))
  )

  it.live("error tags from faults: RateLimited, ServerError, TransportError", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const participants = yield* Participants
      const conference = yield* fake.seedConference()
      const [call] = yield* fake.seedParticipants(conference.sid, 1)

      yield* fake.injectFault(Fault.rateLimited("7 seconds"))
      const limited = yield* Effect.flip(participants.fetch(conference.sid, call ?? ""))
      assert.strictEqual(limited._tag, "RateLimited")
      if (limited._tag === "RateLimited") {
        assert.deepStrictEqual(Option.getOrNull(limited.retryAfter), Duration.seconds(7))
      }

      yield* fake.injectFault(Fault.unavailable)
      const server = yield* Effect.flip(participants.fetch(conference.sid, call ?? ""))
      assert.strictEqual(server._tag, "ServerError")
      if (server._tag === "ServerError") assert.strictEqual(server.status, 503)

      yield* fake.injectFault(Fault.badGateway)
      const gateway = yield* Effect.flip(participants.fetch(conference.sid, call ?? ""))
      assert.strictEqual(gateway._tag, "ServerError")

      yield* fake.injectFault(Fault.dropped)
      const dropped = yield* Effect.flip(participants.fetch(conference.sid, call ?? ""))
      assert.strictEqual(dropped._tag, "TransportError")

      yield* fake.injectFault(Fault.truncatedBody)
      const cut = yield* Effect.flip(participants.fetch(conference.sid, call ?? ""))
      assert.strictEqual(cut._tag, "TransportError")
    }).pipe(Effect.provide(live()))
  )

  it.live("retries: a GET is retried through 503s; a create is not repeated after an applied-then-500", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const participants = yield* Participants
      const conference = yield* fake.seedConference()
      const [call] = yield* fake.seedParticipants(conference.sid, 1)
      yield* fake.injectFault(Fault.unavailable, { times: 2, method: "GET" })
      const fetched = yield* participants.fetch(conference.sid, call ?? "")
      assert.strictEqual(fetched.callSid, call)

      yield* fake.clearRequests
      yield* fake.injectFault(Fault.appliedThen(Fault.internalError), { method: "POST" })
      const ambiguous = yield* Effect.flip(participants.create(conference.sid, numbers))
      assert.strictEqual(ambiguous._tag, "ServerError")
      assert.strictEqual((yield* fake.requests).length, 1)
      assert.strictEqual((yield* fake.participants(conference.sid)).length, 2)
    }).pipe(Effect.provide(live({ retry: { maxRetries: 3, baseDelay: "5 millis", maxDelay: "20 millis" } })))
  )

  it.live("AuthenticationFailed when the token is wrong", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const error = yield* Effect.flip(participants.fetch(`CF${"1".repeat(32)}`, "x"))
      assert.strictEqual(error._tag, "AuthenticationFailed")
      if (error._tag === "AuthenticationFailed") assert.strictEqual(error.code, 20003)
    }).pipe(
      Effect.provide(
        Layer.unwrapScoped(
          Effect.map(FakeTwilio.serve(), (served) =>
            Participants.layer.pipe(
              Layer.provide(
                TwilioConfig.layer({
                  accountSid: served.accountSid,
                  authToken: "wrong",
                  baseUrl: served.baseUrl,
                  retry: false
                })
              ),
              Layer.provide(NodeHttpClient.layerUndici)
            )
          )
        )
      )
    )
  )
})
