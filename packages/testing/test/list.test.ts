import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect } from "effect"
import { field, participantPath, participantsPath, type Reply, send, stringField } from "./support/wire.js"

const provide = Effect.provide(FakeTwilio.layer)

const at = (pages: ReadonlyArray<Reply>, index: number): Reply => {
  const page = pages[index]
  if (page === undefined) throw new Error(`no page ${index}`)
  return page
}

const callSids = (reply: Reply): ReadonlyArray<string | undefined> => {
  const rows = field(reply, "participants")
  if (!Array.isArray(rows)) throw new Error("no participants array")
  return rows.map((row: unknown) =>
    String(typeof row === "object" && row !== null ? Reflect.get(row, "call_sid") : "")
  )
}

/** Follows next_page_uri verbatim until it is null; answers every page. */
const followAll = (firstPath: string, query: ReadonlyArray<readonly [string, string]>) =>
  Effect.gen(function* () {
    const pages = [yield* send("GET", firstPath, { query })]
    for (;;) {
      const next = field(at(pages, pages.length - 1), "next_page_uri")
      if (next === null) return pages
      pages.push(yield* send("GET", String(next)))
    }
  })

describe("list", () => {
  it.effect("answers Twilio's page shape with relative URIs carrying PageSize, Page and PageToken", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const calls = yield* fake.seedParticipants(conference.sid, 5)
      const path = yield* participantsPath(conference.sid)
      const first = yield* send("GET", path, { query: [["PageSize", "2"]] })
      assert.strictEqual(first.status, 200)
      assert.deepStrictEqual(callSids(first), calls.slice(0, 2))
      assert.strictEqual(field(first, "page"), 0)
      assert.strictEqual(field(first, "page_size"), 2)
      assert.strictEqual(field(first, "start"), 0)
      assert.strictEqual(field(first, "end"), 1)
      assert.strictEqual(field(first, "uri"), `${path}?PageSize=2&Page=0`)
      assert.strictEqual(field(first, "first_page_uri"), `${path}?PageSize=2&Page=0`)
      assert.strictEqual(field(first, "previous_page_uri"), null)
      const next = stringField(first, "next_page_uri")
      assert.match(
        next,
        new RegExp(`^${path.replace(/[.?]/g, "\\$&")}\\?PageSize=2&Page=1&PageToken=PA\\d+$`)
      )

      const second = yield* send("GET", next)
      assert.deepStrictEqual(callSids(second), calls.slice(2, 4))
      assert.strictEqual(field(second, "page"), 1)
      assert.strictEqual(field(second, "start"), 2)
      assert.strictEqual(field(second, "end"), 3)
      assert.strictEqual(field(second, "uri"), next)
      const previous = stringField(second, "previous_page_uri")
      assert.match(previous, /\?PageSize=2&Page=0&PageToken=PB\d+$/)
      assert.deepStrictEqual(callSids(yield* send("GET", previous)), calls.slice(0, 2))

      const third = yield* send("GET", stringField(second, "next_page_uri"))
      assert.deepStrictEqual(callSids(third), calls.slice(4))
      assert.strictEqual(field(third, "next_page_uri"), null)
    }).pipe(provide)
  )

  it.effect("an empty roster answers an empty page with start and end 0", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const path = yield* participantsPath(conference.sid)
      const reply = yield* send("GET", path, { query: [["Hold", "true"]] })
      assert.deepStrictEqual(reply.body, {
        participants: [],
        first_page_uri: `${path}?Hold=true&PageSize=50&Page=0`,
        next_page_uri: null,
        previous_page_uri: null,
        uri: `${path}?Hold=true&PageSize=50&Page=0`,
        page: 0,
        page_size: 50,
        start: 0,
        end: 0
      })
    }).pipe(provide)
  )

  it.effect("filters Muted, Hold and Coaching, alone and together, and keep them in the page links", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const [target] = yield* fake.seedParticipants(conference.sid, 1)
      const calls = yield* fake.seedParticipants(conference.sid, [
        { muted: true },
        { hold: true },
        { muted: true, hold: true },
        { coaching: true, callSidToCoach: target ?? "" },
        { muted: true }
      ])
      const path = yield* participantsPath(conference.sid)
      const list = (query: ReadonlyArray<readonly [string, string]>) => send("GET", path, { query })
      assert.deepStrictEqual(callSids(yield* list([["Muted", "true"]])), [calls[0], calls[2], calls[4]])
      assert.deepStrictEqual(callSids(yield* list([["Hold", "true"]])), [calls[1], calls[2]])
      assert.deepStrictEqual(callSids(yield* list([["Coaching", "true"]])), [calls[3]])
      assert.deepStrictEqual(
        callSids(
          yield* list([
            ["Muted", "true"],
            ["Hold", "false"]
          ])
        ),
        [calls[0], calls[4]]
      )
      const paged = yield* followAll(path, [
        ["Muted", "true"],
        ["PageSize", "1"]
      ])
      assert.deepStrictEqual(paged.flatMap(callSids), [calls[0], calls[2], calls[4]])
      assert.match(
        stringField(at(paged, 0), "next_page_uri"),
        /^[^?]+\?Muted=true&PageSize=1&Page=1&PageToken=/
      )
      assert.strictEqual((yield* list([["Muted", "yes"]])).status, 400)
    }).pipe(provide)
  )

  it.effect("Page without a token skips whole pages; PageSize outside 1-1000 and bad tokens are 400", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const calls = yield* fake.seedParticipants(conference.sid, 7)
      const path = yield* participantsPath(conference.sid)
      const page2 = yield* send("GET", path, {
        query: [
          ["PageSize", "3"],
          ["Page", "2"]
        ]
      })
      assert.deepStrictEqual(callSids(page2), calls.slice(6))
      assert.strictEqual(field(page2, "start"), 6)
      for (const query of [
        [["PageSize", "0"]],
        [["PageSize", "1001"]],
        [["Page", "-1"]],
        [["PageToken", "garbage"]]
      ] as const) {
        const reply = yield* send("GET", path, { query })
        assert.strictEqual(reply.status, 400, JSON.stringify(query))
        assert.strictEqual(field(reply, "code"), 20001)
      }
    }).pipe(provide)
  )

  it.effect("a cursor stays valid when participants before it are removed", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const calls = yield* fake.seedParticipants(conference.sid, 6)
      const path = yield* participantsPath(conference.sid)
      const first = yield* send("GET", path, { query: [["PageSize", "3"]] })
      yield* send("DELETE", yield* participantPath(conference.sid, calls[0] ?? ""))
      yield* send("DELETE", yield* participantPath(conference.sid, calls[1] ?? ""))
      const second = yield* send("GET", stringField(first, "next_page_uri"))
      assert.deepStrictEqual(callSids(second), calls.slice(3))
    }).pipe(provide)
  )

  it.effect(
    "pages through a stress-size roster of 100,000 at PageSize=1000 in order, every participant once",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const conference = yield* fake.seedConference()
        const calls = yield* fake.seedParticipants(conference.sid, 100_000, { stress: true })
        const path = yield* participantsPath(conference.sid)
        const pages = yield* followAll(path, [["PageSize", "1000"]])
        assert.strictEqual(pages.length, 100)
        const seen = pages.flatMap(callSids)
        assert.strictEqual(seen.length, 100_000)
        assert.deepStrictEqual(seen, [...calls])
        assert.strictEqual(field(at(pages, 99), "page"), 99)
      }).pipe(provide)
  )
})
