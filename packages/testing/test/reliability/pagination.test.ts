/**
 * Paging under faults: a page that still fails after retries ends the stream with an error that
 * names that page (`cursor`); `listFrom(cursor)` resumes there without reading earlier pages.
 * Streams fetch lazily: taking fewer items or interrupting stops the paging. Page links and
 * cursors never lead off the account.
 */
import { assert, describe, it } from "@effect/vitest"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { participantsTestWith } from "@effect-twilio/testing/ParticipantsTest"
import { Chunk, Effect, Exit, Fiber, Stream, TestClock } from "effect"
import { failureOf } from "./support/exits.js"
import { ACCOUNT_SID, CONFERENCE_SID, json, ROSTER, scripted } from "./support/scripted.js"
import { callUntyped } from "./support/untyped.js"

/** A conference with `n` participants; answers their Call SIDs in roster order. */
const roster = (n: number) =>
  Effect.gen(function* () {
    const fake = yield* FakeTwilio
    const conference = yield* fake.seedConference()
    const calls = yield* fake.seedParticipants(conference.sid, n)
    return { fake, sid: conference.sid, calls }
  })

/** The path and query of a logged request, as a page link spells them. */
const target = (r: { readonly path: string; readonly query: ReadonlyArray<readonly [string, string]> }) =>
  r.query.length === 0
    ? r.path
    : `${r.path}?${new URLSearchParams(r.query.map(([k, v]): [string, string] => [k, v])).toString()}`

const callSids = <E, R>(stream: Stream.Stream<{ readonly callSid: string | null }, E, R>) =>
  Effect.map(Stream.runCollect(stream), (all) => Chunk.toReadonlyArray(all).map((p) => p.callSid ?? ""))

describe("a page that fails after retries", () => {
  it.effect("ends the stream with the error, its cursor naming the failed page; listFrom resumes there", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid, calls } = yield* roster(25)
      const seen: Array<string> = []
      const fiber = yield* participants.list(sid, { pageSize: 10 }).pipe(
        Stream.tap((p) =>
          Effect.gen(function* () {
            seen.push(p.callSid ?? "")
            // Once the first page is consumed, the next page fails every attempt.
            if (seen.length === 10) yield* fake.injectFault(Fault.unavailable, { times: 4 })
          })
        ),
        Stream.runDrain,
        Effect.exit,
        Effect.fork
      )
      yield* TestClock.adjust("1 minute")
      const error = failureOf(yield* Fiber.join(fiber), "ServerError")
      assert.strictEqual(error.attempts, 4)
      assert.deepStrictEqual(seen, calls.slice(0, 10))
      const log = yield* fake.requests
      assert.strictEqual(log.length, 5)
      const secondPage = log[1]
      assert.isDefined(secondPage)
      assert.strictEqual(error.cursor, secondPage === undefined ? "" : target(secondPage))

      yield* fake.clearRequests
      const rest = yield* callSids(participants.listFrom(error.cursor ?? ""))
      assert.deepStrictEqual(rest, calls.slice(10))
      const resumed = yield* fake.requests
      assert.strictEqual(resumed.length, 2, "pages 2 and 3 only")
      assert.strictEqual(resumed[0] === undefined ? "" : target(resumed[0]), error.cursor)
    }).pipe(Effect.provide(participantsTestWith()))
  )

  it.effect("the resume recipe: catch the error, carry on from its cursor, nothing lost or repeated", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid, calls } = yield* roster(23)
      // Page 2 fails once and retries are off, so the stream ends there the first time.
      let pages = 0
      yield* fake.injectFault(Fault.badGateway, {
        method: "GET",
        path: () => {
          pages += 1
          return pages === 2
        }
      })
      const resumeOnce = (error: Participants.ListError) =>
        error._tag !== "InvalidParameters" && error.cursor !== undefined
          ? participants.listFrom(error.cursor, {}, { retry: false })
          : Stream.fail(error)
      const all = yield* callSids(
        participants.list(sid, { pageSize: 5 }, { retry: false }).pipe(Stream.catchAll(resumeOnce))
      )
      assert.deepStrictEqual(all, calls)
    }).pipe(Effect.provide(participantsTestWith()))
  )

  it.effect("a failing first page carries a cursor too: resuming from it reads the whole roster", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid, calls } = yield* roster(7)
      yield* fake.injectFault(Fault.internalError)
      const exit = yield* Effect.exit(Stream.runDrain(participants.list(sid, { pageSize: 3, muted: false })))
      const error = failureOf(exit, "ServerError")
      assert.include(error.cursor ?? "", `/Conferences/${sid}/Participants.json?`)
      assert.include(error.cursor ?? "", "Muted=false")
      assert.deepStrictEqual(yield* callSids(participants.listFrom(error.cursor ?? "")), calls)
    }).pipe(Effect.provide(participantsTestWith({ retry: false })))
  )

  it.effect("nextPage failures carry the cursor of the page asked for", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* roster(4)
      const first = yield* participants.page(sid, { pageSize: 2 })
      yield* fake.injectFault(Fault.unavailable)
      const error = failureOf(yield* Effect.exit(participants.nextPage(first)), "ServerError")
      assert.strictEqual(error.cursor, first.nextPageUri)
    }).pipe(Effect.provide(participantsTestWith({ retry: false })))
  )

  it.effect("fetch, update and remove errors carry no cursor", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { sid } = yield* roster(1)
      const error = failureOf(yield* Effect.exit(participants.fetch(sid, "nobody")), "NotFound")
      assert.isUndefined(error.cursor)
    }).pipe(Effect.provide(participantsTestWith({ retry: false })))
  )
})

describe("lazy paging", () => {
  it.effect("Stream.take stops fetching: 3 items at 2 per page cost 2 requests", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid, calls } = yield* roster(20)
      const taken = yield* callSids(participants.list(sid, { pageSize: 2 }).pipe(Stream.take(3)))
      assert.deepStrictEqual(taken, calls.slice(0, 3))
      assert.strictEqual((yield* fake.requests).length, 2)
    }).pipe(Effect.provide(participantsTestWith()))
  )

  it.effect("interrupting a slow consumer stops the paging: no request after the interruption", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid } = yield* roster(20)
      const fiber = yield* participants.list(sid, { pageSize: 5 }).pipe(
        Stream.tap(() => Effect.sleep("1 second")),
        Stream.runDrain,
        Effect.fork
      )
      yield* TestClock.adjust("7500 millis") // page 1 consumed, page 2 under way
      const before = (yield* fake.requests).length
      assert.strictEqual(before, 2)
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* fake.requests).length, before)
    }).pipe(Effect.provide(participantsTestWith()))
  )

  it.effect("listFrom honours limit: a cursor and limit 3 cost one request", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const { fake, sid, calls } = yield* roster(12)
      const first = yield* participants.page(sid, { pageSize: 4 })
      yield* fake.clearRequests
      const next = yield* callSids(participants.listFrom(first.nextPageUri ?? "", { limit: 3 }))
      assert.deepStrictEqual(next, calls.slice(4, 7))
      assert.strictEqual((yield* fake.requests).length, 1)
    }).pipe(Effect.provide(participantsTestWith()))
  )
})

describe("page links and cursors never leave the account", () => {
  const other = `AC${"0".repeat(32)}`
  const rosterDir = `/2010-04-01/Accounts/${ACCOUNT_SID}/Conferences`
  const hostile: ReadonlyArray<readonly [string, string]> = [
    ["another host", `https://evil.example${ROSTER}?Page=1`],
    ["a protocol-relative link", `//evil.example${ROSTER}?Page=1`],
    ["another account", `/2010-04-01/Accounts/${other}/Conferences/${CONFERENCE_SID}/Participants.json`],
    ["dot segments", `${rosterDir}/../../${other}/Conferences/${CONFERENCE_SID}/Participants.json`],
    [
      "encoded dot segments",
      `${rosterDir}/%2e%2e/%2E%2E/${other}/Conferences/${CONFERENCE_SID}/Participants.json`
    ],
    ["backslashes", `${rosterDir}\\..\\..\\${other}/Conferences/${CONFERENCE_SID}/Participants.json`],
    [
      "a participant instead of a roster",
      `${rosterDir}/${CONFERENCE_SID}/Participants/CA${"1".repeat(32)}.json`
    ],
    ["a fragment", `${ROSTER}#x`],
    ["a newline", `${ROSTER}?Page=1\r\nHost: evil.example`]
  ]

  for (const [name, link] of hostile) {
    it.effect(`a next_page_uri with ${name} is not followed: UnexpectedResponse after one request`, () =>
      Effect.gen(function* () {
        const { layer, requests } = yield* scripted(() =>
          json(200, { participants: [], next_page_uri: link, page: 0, page_size: 50 })
        )
        const exit = yield* Effect.exit(
          Stream.runDrain(
            Stream.unwrap(Effect.map(Participants, (participants) => participants.list(CONFERENCE_SID)))
          ).pipe(Effect.provide(layer))
        )
        const error = failureOf(exit, "UnexpectedResponse")
        assert.include(error.description, "next_page_uri")
        assert.strictEqual(yield* requests, 1)
      })
    )

    it.effect(`a cursor with ${name} is refused before any request`, () =>
      Effect.gen(function* () {
        const { layer, requests } = yield* scripted(() => json(200, { participants: [] }))
        const exit = yield* Effect.exit(
          Stream.runDrain(
            Stream.unwrap(Effect.map(Participants, (participants) => participants.listFrom(link)))
          ).pipe(Effect.provide(layer))
        )
        const error = failureOf(exit, "InvalidParameters")
        assert.include(error.message, "listFrom: cursor")
        assert.strictEqual(yield* requests, 0)
      })
    )
  }

  it.effect("a cursor of this account's roster is followed as it is", () =>
    Effect.gen(function* () {
      const { layer, requests } = yield* scripted(() => json(200, { participants: [], next_page_uri: null }))
      const exit = yield* Effect.exit(
        Stream.runDrain(
          Stream.unwrap(
            Effect.map(Participants, (participants) =>
              participants.listFrom(`${ROSTER}?PageSize=2&Page=1&PageToken=PA2`)
            )
          )
        ).pipe(Effect.provide(layer))
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(yield* requests, 1)
    })
  )

  it.effect("nextPage on something that is not a page is InvalidParameters, not a crash", () =>
    Effect.gen(function* () {
      const { layer, requests } = yield* scripted(() => json(200, { participants: [] }))
      const exit = yield* Effect.exit(
        Effect.flatMap(Participants, (p) => callUntyped(p.nextPage, { nextPageUri: 42 })).pipe(
          Effect.provide(layer)
        )
      )
      assert.include(failureOf(exit, "InvalidParameters").message, "nextPage")
      assert.strictEqual(yield* requests, 0)
    })
  )
})
