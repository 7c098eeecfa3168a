import { assert, describe, it } from "@effect/vitest"
import { Participants } from "@effect-twilio/participants"
import { Cause, Chunk, Effect, Exit, Fiber, Option, Stream, TestClock } from "effect"
import * as Wire from "./support/wire.js"
import { BASE, CALL, CONFERENCE, pageJson, participantJson } from "./support/wire.js"

const PARTICIPANTS = `${BASE}/Conferences/${CONFERENCE}/Participants`

const sent = Effect.flatMap(Wire.Wire, ({ sent }) => sent.get)

const failureTag = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.exit(effect), (exit) =>
    Exit.match(exit, {
      onSuccess: () => "success",
      onFailure: (cause) =>
        Option.match(Chunk.head(Cause.failures(cause)), { onNone: () => "defect", onSome: (e) => e._tag })
    })
  )

describe("Participants paths", () => {
  it.effect("percent-encodes labels so they reach Twilio intact", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const labels = ["front desk", "a/b", "100%", "#1", "Zoë 🎧", "?x=1&y=2"]
      for (const label of labels) yield* participants.fetch(CONFERENCE, label)
      const paths = (yield* sent).map((s) => s.path)
      assert.deepStrictEqual(
        paths.map((p) => decodeURIComponent(p.slice(`${PARTICIPANTS}/`.length, -".json".length))),
        labels
      )
      assert.strictEqual(paths[1], `${PARTICIPANTS}/a%2Fb.json`)
      assert.strictEqual(paths[2], `${PARTICIPANTS}/100%25.json`)
      assert.strictEqual(paths[3], `${PARTICIPANTS}/%231.json`)
    }).pipe(Effect.provide(Wire.layer(() => ({ status: 200, body: participantJson() }))))
  )

  it.effect("addresses create by FriendlyName, encoded", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      yield* participants.create("Team Sync / Monday", { from: "+15017122661", to: "+15558675310" })
      const [request] = yield* sent
      assert.strictEqual(request?.method, "POST")
      assert.strictEqual(request?.path, `${BASE}/Conferences/Team%20Sync%20%2F%20Monday/Participants.json`)
      assert.deepStrictEqual(request?.form, [
        ["From", "+15017122661"],
        ["To", "+15558675310"]
      ])
    }).pipe(
      Effect.provide(Wire.layer(() => ({ status: 201, body: participantJson({ queue_time: "1000" }) })))
    )
  )

  it.effect("deletes by Call SID and answers void on 204", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      yield* participants.remove(CONFERENCE, CALL)
      const [request] = yield* sent
      assert.strictEqual(request?.method, "DELETE")
      assert.strictEqual(request?.path, `${PARTICIPANTS}/${CALL}.json`)
    }).pipe(Effect.provide(Wire.layer(() => ({ status: 204 }))))
  )
})

describe("Participants validation before I/O", () => {
  it.effect(
    "refuses malformed conference SIDs, empty and control-character participants without a request",
    () =>
      Effect.gen(function* () {
        const participants = yield* Participants
        assert.strictEqual(yield* failureTag(participants.fetch("CF123", CALL)), "InvalidParameters")
        assert.strictEqual(yield* failureTag(participants.fetch(CONFERENCE, "")), "InvalidParameters")
        assert.strictEqual(
          yield* failureTag(participants.remove(CONFERENCE, "bad\nlabel")),
          "InvalidParameters"
        )
        assert.strictEqual(
          yield* failureTag(participants.update(CONFERENCE, "x".repeat(129), { muted: true })),
          "InvalidParameters"
        )
        assert.strictEqual(
          yield* failureTag(participants.create("", { from: "+1", to: "+2" })),
          "InvalidParameters"
        )
        assert.strictEqual(yield* failureTag(participants.page("not-a-sid")), "InvalidParameters")
        assert.lengthOf(yield* sent, 0)
      }).pipe(Effect.provide(Wire.layer(() => ({ status: 500 }))))
  )

  it.effect("says which operation and which field failed", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const error = yield* Effect.flip(participants.fetch("CF123", CALL))
      assert.strictEqual(error._tag, "InvalidParameters")
      if (error._tag === "InvalidParameters") {
        assert.strictEqual(error.operation, "fetch")
        assert.include(error.message, "ConferenceSid")
      }
    }).pipe(Effect.provide(Wire.layer(() => ({ status: 500 }))))
  )
})

describe("Participants errors", () => {
  const twilioError = (status: number, code: number) => ({
    status,
    body: { code, message: `error ${code}`, more_info: `https://www.twilio.com/docs/errors/${code}`, status }
  })

  it.effect("maps 16099 on create to InactiveConference naming the conference", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const error = yield* Effect.flip(
        participants.create(CONFERENCE, { from: "+15017122661", to: "+15558675310" })
      )
      assert.strictEqual(error._tag, "InactiveConference")
      if (error._tag === "InactiveConference") {
        assert.strictEqual(error.conference, CONFERENCE)
        assert.strictEqual(error.code, 16099)
      }
    }).pipe(Effect.provide(Wire.layer(() => twilioError(400, 16099))))
  )

  it.effect("keeps other 400s as InvalidRequest and 404 as NotFound", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const created = yield* Effect.flip(
        participants.create(CONFERENCE, { from: "+15017122661", to: "+15558675310" })
      )
      assert.strictEqual(created._tag, "InvalidRequest")
      const fetched = yield* Effect.flip(participants.fetch(CONFERENCE, "gone"))
      assert.strictEqual(fetched._tag, "NotFound")
    }).pipe(
      Effect.provide(
        Wire.layer((s) => (s.method === "POST" ? twilioError(400, 21217) : twilioError(404, 20404)))
      )
    )
  )

  it.effect("never sends a create twice after a 503", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const error = yield* Effect.flip(
        participants.create(CONFERENCE, { from: "+15017122661", to: "+15558675310" })
      )
      assert.strictEqual(error._tag, "ServerError")
      assert.lengthOf(yield* sent, 1)
    }).pipe(Effect.provide(Wire.layer(() => ({ status: 503, body: "busy" }))))
  )

  it.effect("retries a state-only update after a 503 but not an announcement", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const muting = yield* Effect.fork(participants.update(CONFERENCE, CALL, { muted: true }))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(muting)
      const afterMute = (yield* sent).length
      assert.strictEqual(afterMute, 2)
      const error = yield* Effect.flip(
        participants.update(CONFERENCE, CALL, { announceUrl: "https://example.com/announce.xml" })
      )
      assert.strictEqual(error._tag, "ServerError")
      assert.strictEqual((yield* sent).length, afterMute + 1)
    }).pipe(
      Effect.provide(
        Wire.layer((_, index) => (index === 1 ? { status: 200, body: participantJson() } : { status: 503 }))
      )
    )
  )
})

describe("Participants roster", () => {
  const pages = 3
  const roster = (s: Wire.Sent, index: number): Wire.Reply => {
    const page = index
    const next =
      page + 1 < pages ? `${PARTICIPANTS}.json?PageSize=2&Page=${page + 1}&PageToken=PA${page + 1}` : null
    const items = [0, 1].map((i) =>
      participantJson({ call_sid: `CA${String(page * 2 + i).padStart(32, "0")}`, label: `p${page * 2 + i}` })
    )
    if (page > 0) assert.strictEqual(s.query.find(([k]) => k === "PageToken")?.[1], `PA${page}`)
    return { status: 200, body: pageJson(items, page, next) }
  }

  it.effect("streams every page in order, following next_page_uri", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const labels = yield* participants.list(CONFERENCE, { pageSize: 2 }).pipe(
        Stream.map((p) => p.label),
        Stream.runCollect
      )
      assert.deepStrictEqual(Chunk.toReadonlyArray(labels), ["p0", "p1", "p2", "p3", "p4", "p5"])
      const requests = yield* sent
      assert.lengthOf(requests, 3)
      assert.deepStrictEqual(requests[0]?.query, [["PageSize", "2"]])
    }).pipe(Effect.provide(Wire.layer(roster)))
  )

  it.effect("stops at limit without fetching further pages, even on a page boundary", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const three = yield* participants.list(CONFERENCE, { pageSize: 2, limit: 3 }).pipe(Stream.runCollect)
      assert.strictEqual(Chunk.size(three), 3)
      assert.lengthOf(yield* sent, 2)
    }).pipe(Effect.provide(Wire.layer(roster)))
  )

  it.effect("a limit on a page boundary fetches exactly the pages it needs", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const two = yield* participants.list(CONFERENCE, { pageSize: 2, limit: 2 }).pipe(Stream.runCollect)
      assert.strictEqual(Chunk.size(two), 2)
      assert.lengthOf(yield* sent, 1)
    }).pipe(Effect.provide(Wire.layer(roster)))
  )

  it.effect("a small limit asks for a small first page", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      yield* participants.list(CONFERENCE, { limit: 2 }).pipe(Stream.runDrain)
      assert.deepStrictEqual((yield* sent)[0]?.query, [["PageSize", "2"]])
    }).pipe(Effect.provide(Wire.layer(roster)))
  )

  it.effect("page and nextPage walk the cursor by hand", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const first = yield* participants.page(CONFERENCE, { pageSize: 2 })
      const second = yield* participants.nextPage(first)
      assert.isTrue(Option.isSome(second))
      const third = yield* participants.nextPage(Option.getOrThrow(second))
      const end = yield* participants.nextPage(Option.getOrThrow(third))
      assert.isTrue(Option.isNone(end))
      assert.lengthOf(yield* sent, 3)
    }).pipe(Effect.provide(Wire.layer(roster)))
  )

  it.effect("refuses a next_page_uri outside the account's conferences", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const error = yield* participants.list(CONFERENCE).pipe(Stream.runDrain, Effect.flip)
      assert.strictEqual(error._tag, "UnexpectedResponse")
      assert.lengthOf(yield* sent, 1)
    }).pipe(
      Effect.provide(
        Wire.layer(() => ({
          status: 200,
          body: pageJson(
            [participantJson()],
            0,
            "/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Calls.json"
          )
        }))
      )
    )
  )
})
