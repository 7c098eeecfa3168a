/**
 * The `Conferences` service end to end against the simulator: in process (`ConferenceServicesTest`)
 * and over a loopback socket (`FakeTwilio.layerServer` + undici), with faults for the retry rules.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Conferences } from "@effect-twilio/conferences"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { ConferencesTest, conferenceServicesTestWith } from "@effect-twilio/testing/ConferencesTest"
import { Chunk, DateTime, Effect, Layer, Option, Stream } from "effect"

const sidOf = (n: number) => `CF${n.toString(16).padStart(32, "0")}`
const day = (iso: string) => DateTime.unsafeMake(iso)
const retry = { baseDelay: "1 millis", maxDelay: "5 millis" } as const

const transports = [
  ["in process", conferenceServicesTestWith({ retry })],
  [
    "over a loopback socket",
    Layer.merge(Conferences.layer, Participants.layer).pipe(
      Layer.provideMerge(Layer.merge(FakeTwilio.layerServer({ retry }), NodeHttpClient.layerUndici))
    )
  ]
] as const

const posts = Effect.map(FakeTwilio, (fake) => fake.requests).pipe(
  Effect.flatten,
  Effect.map((requests) => requests.filter((r) => r.method === "POST"))
)

for (const [transport, layer] of transports) {
  describe(`Conferences, ${transport}`, () => {
    it.live("fetch, then end for everyone: completed via the API, the roster empty", () =>
      Effect.gen(function* () {
        const conferences = yield* Conferences
        const participants = yield* Participants
        const fake = yield* FakeTwilio
        const seeded = yield* fake.seedConference({ friendlyName: "standup", region: "ie1" })
        yield* fake.seedParticipants(seeded.sid, 3)
        const live = yield* conferences.fetch(seeded.sid)
        assert.strictEqual(live.status, "in-progress")
        assert.strictEqual(live.friendlyName, "standup")
        assert.strictEqual(live.region, "ie1")
        assert.isNull(live.reasonConferenceEnded)

        const ended = yield* conferences.end(seeded.sid)
        assert.strictEqual(ended.status, "completed")
        assert.strictEqual(ended.reasonConferenceEnded, "conference-ended-via-api")
        assert.strictEqual(Chunk.size(yield* Stream.runCollect(participants.list(seeded.sid))), 0)
        const [post] = yield* posts
        assert.deepStrictEqual(post?.form, [["Status", "completed"]])
        const refused = yield* Effect.flip(
          participants.create(seeded.sid, { from: "+15005550006", to: "+15005550001" })
        )
        assert.strictEqual(refused._tag, "InactiveConference")
      }).pipe(Effect.provide(layer))
    )

    it.live("end is idempotent: twice, and after an applied-then-500 answer", () =>
      Effect.gen(function* () {
        const conferences = yield* Conferences
        const fake = yield* FakeTwilio
        const a = yield* fake.seedConference()
        yield* conferences.end(a.sid)
        const again = yield* conferences.end(a.sid)
        assert.strictEqual(again.status, "completed")
        assert.strictEqual(again.reasonConferenceEnded, "conference-ended-via-api")

        const b = yield* fake.seedConference()
        yield* fake.clearRequests
        yield* fake.injectFault(Fault.appliedThen(Fault.internalError))
        const ended = yield* conferences.end(b.sid)
        assert.strictEqual(ended.status, "completed")
        // The end, its retry (refused: already completed), then the look that settles it.
        assert.deepStrictEqual(
          (yield* fake.requests).map((r) => r.method),
          ["POST", "POST", "GET"]
        )

        // A conference that ended on its own counts as ended too, with its own reason kept.
        const c = yield* fake.seedConference()
        const [call] = yield* fake.seedParticipants(c.sid, 1)
        yield* fake.leave(c.sid, call ?? "")
        const left = yield* conferences.end(c.sid)
        assert.strictEqual(left.reasonConferenceEnded, "last-participant-left")

        // A dropped connection before an answer is retried as well.
        const d = yield* fake.seedConference()
        yield* fake.injectFault(Fault.dropped)
        assert.strictEqual((yield* conferences.end(d.sid)).status, "completed")
      }).pipe(Effect.provide(layer))
    )

    it.live("announce plays once to the room and is never repeated after an ambiguous failure", () =>
      Effect.gen(function* () {
        const conferences = yield* Conferences
        const fake = yield* FakeTwilio
        const c = yield* fake.seedConference()
        yield* conferences.announce(c.sid, "https://example.com/welcome.xml", { announceMethod: "GET" })
        const [post] = yield* posts
        assert.deepStrictEqual(post?.form, [
          ["AnnounceUrl", "https://example.com/welcome.xml"],
          ["AnnounceMethod", "GET"]
        ])
        yield* fake.injectFault(Fault.appliedThen(Fault.internalError))
        const error = yield* Effect.flip(conferences.announce(c.sid, "https://example.com/again.xml"))
        assert.strictEqual(error._tag, "ServerError")
        assert.strictEqual((yield* fake.announcements(c.sid)).length, 2, "played once each, never repeated")
        assert.strictEqual((yield* posts).length, 2)

        yield* conferences.end(c.sid)
        const late = yield* Effect.flip(conferences.announce(c.sid, "https://example.com/late.xml"))
        assert.strictEqual(late._tag, "InactiveConference")
        if (late._tag === "InactiveConference") {
          assert.strictEqual(late.code, 16099)
          assert.strictEqual(late.conference, c.sid)
        }
      }).pipe(Effect.provide(layer))
    )

    it.live("update: ending alone is retried, an update with an announcement is not", () =>
      Effect.gen(function* () {
        const conferences = yield* Conferences
        const fake = yield* FakeTwilio
        const a = yield* fake.seedConference()
        yield* fake.injectFault(Fault.unavailable)
        assert.strictEqual((yield* conferences.update(a.sid, { status: "completed" })).status, "completed")
        const b = yield* fake.seedConference()
        yield* fake.clearRequests
        yield* fake.injectFault(Fault.unavailable)
        const error = yield* Effect.flip(
          conferences.update(b.sid, { status: "completed", announceUrl: "https://example.com/bye.xml" })
        )
        assert.strictEqual(error._tag, "ServerError")
        assert.strictEqual((yield* posts).length, 1)
        const completed = yield* Effect.flip(conferences.update(a.sid, { status: "completed" }))
        assert.strictEqual(completed._tag, "InactiveConference")
      }).pipe(Effect.provide(layer))
    )

    it.live("findInProgress: found, not found, and only the in-progress one among several statuses", () =>
      Effect.gen(function* () {
        const conferences = yield* Conferences
        const fake = yield* FakeTwilio
        yield* fake.seedConference({ friendlyName: "town hall", status: "completed" })
        yield* fake.seedConference({ friendlyName: "town hall", status: "init" })
        const live = yield* fake.seedConference({ friendlyName: "town hall" })
        yield* fake.seedConference({ friendlyName: "other" })
        yield* fake.clearRequests
        const found = yield* conferences.findInProgress("town hall")
        assert.strictEqual(Option.getOrUndefined(found)?.sid, live.sid)
        const [request] = yield* fake.requests
        assert.deepStrictEqual(request?.query, [
          ["FriendlyName", "town hall"],
          ["Status", "in-progress"],
          ["PageSize", "1"]
        ])
        assert.isTrue(Option.isNone(yield* conferences.findInProgress("nobody here")))
        yield* conferences.end(live.sid)
        assert.isTrue(Option.isNone(yield* conferences.findInProgress("town hall")))
      }).pipe(Effect.provide(layer))
    )

    it.live("list: every filter, small pages, limit, page/nextPage and resume from a cursor", () =>
      Effect.gen(function* () {
        const conferences = yield* Conferences
        const fake = yield* FakeTwilio
        for (let i = 1; i <= 9; i++) {
          yield* fake.seedConference({
            sid: sidOf(i),
            friendlyName: i % 2 === 0 ? "even" : "odd",
            status: i === 9 ? "completed" : "in-progress",
            dateCreated: day(`2024-05-0${i}T12:00:00Z`),
            dateUpdated: day(`2024-06-0${i}T12:00:00Z`)
          })
        }
        const sids = (params: Parameters<Conferences.Service["list"]>[0]) =>
          Effect.map(Stream.runCollect(conferences.list(params)), (c) =>
            Chunk.toReadonlyArray(c).map((x): string | null => x.sid)
          )
        assert.deepStrictEqual(yield* sids({ pageSize: 2 }), [9, 8, 7, 6, 5, 4, 3, 2, 1].map(sidOf))
        assert.deepStrictEqual(yield* sids({ pageSize: 2, limit: 3 }), [9, 8, 7].map(sidOf))
        assert.deepStrictEqual(yield* sids({ friendlyName: "even" }), [8, 6, 4, 2].map(sidOf))
        assert.deepStrictEqual(yield* sids({ status: "completed" }), [sidOf(9)])
        assert.deepStrictEqual(yield* sids({ dateCreated: "2024-05-03" }), [sidOf(3)])
        assert.deepStrictEqual(yield* sids({ dateCreatedBefore: "2024-05-02" }), [2, 1].map(sidOf))
        assert.deepStrictEqual(yield* sids({ dateCreatedAfter: "2024-05-08" }), [9, 8].map(sidOf))
        assert.deepStrictEqual(yield* sids({ dateUpdated: "2024-06-04" }), [sidOf(4)])
        assert.deepStrictEqual(
          yield* sids({ dateUpdatedAfter: "2024-06-03", dateUpdatedBefore: "2024-06-05", pageSize: 1 }),
          [5, 4, 3].map(sidOf)
        )

        const first = yield* conferences.page({ pageSize: 4 })
        assert.deepStrictEqual(
          first.conferences.map((c): string | null => c.sid),
          [9, 8, 7, 6].map(sidOf)
        )
        const second = yield* conferences.nextPage(first)
        assert.deepStrictEqual(
          Option.getOrThrow(second).conferences.map((c): string | null => c.sid),
          [5, 4, 3, 2].map(sidOf)
        )
        const resumed = yield* Stream.runCollect(conferences.listFrom(first.nextPageUri ?? "", { limit: 2 }))
        assert.deepStrictEqual(
          Chunk.toReadonlyArray(resumed).map((c): string | null => c.sid),
          [5, 4].map(sidOf)
        )

        // A failed page names itself; resuming there reads no earlier page again.
        yield* fake.clearRequests
        yield* fake.injectFault(Fault.unavailable, { times: 10, method: "GET", path: /Conferences\.json$/ })
        const failed = yield* Effect.flip(
          Stream.runCollect(conferences.list({ pageSize: 4 }, { retry: false }))
        )
        assert.strictEqual(failed._tag, "ServerError")
        yield* fake.clearFaults
        if (failed._tag === "ServerError") {
          const rest = yield* Stream.runCollect(conferences.listFrom(failed.cursor ?? ""))
          assert.strictEqual(Chunk.size(rest), 9)
        }
      }).pipe(Effect.provide(layer))
    )
  })
}

describe("Conferences: bad input is InvalidParameters before any request", () => {
  it.effect("every operation checks its parameters", () =>
    Effect.gen(function* () {
      const conferences = yield* Conferences
      const fake = yield* FakeTwilio
      const sid = sidOf(1)
      const failures: ReadonlyArray<Effect.Effect<unknown, { readonly _tag: string }>> = [
        conferences.fetch("CF123"),
        conferences.fetch(""),
        conferences.end("not a sid"),
        conferences.end(sid, { timeout: -1 }),
        conferences.announce(sid, "ftp://example.com/a.mp3"),
        // @ts-expect-error: a JavaScript caller may send a method Twilio does not take
        conferences.announce(sid, "https://example.com/a.xml", { announceMethod: "PUT" }),
        conferences.announce("../x", "https://example.com/a.xml"),
        // @ts-expect-error: a JavaScript caller may send a status the API does not take
        conferences.update(sid, { status: "in-progress" }),
        // An update that changes nothing: the types allow it, the check does not.
        conferences.update(sid, {}),
        conferences.findInProgress(""),
        conferences.findInProgress("x".repeat(129)),
        conferences.page({ pageSize: 0 }),
        conferences.page({ dateCreated: "2024-02-30" }),
        conferences.listFrom("https://evil.example/Conferences.json").pipe(Stream.runDrain),
        conferences
          .listFrom(`/2010-04-01/Accounts/${fake.accountSid}/Conferences/${sid}/Participants.json`)
          .pipe(Stream.runDrain),
        conferences.list({ limit: 0 }).pipe(Stream.runDrain),
        // @ts-expect-error: an unknown filter is refused, not dropped
        conferences.list({ friendlyname: "typo" }).pipe(Stream.runDrain)
      ]
      for (const failure of failures) {
        const error = yield* Effect.flip(failure)
        assert.strictEqual(error._tag, "InvalidParameters", String(error))
      }
      assert.lengthOf(yield* fake.requests, 0)
      const named = yield* Effect.flip(conferences.page({ dateCreatedAfter: "May 1" }))
      assert.include(named.message, "dateCreatedAfter")
    }).pipe(Effect.provide(ConferencesTest))
  )
})
