/**
 * The kit's paging rules (#14 cases 4, 5 and 6) hold on the conference list as on rosters: loops,
 * endless empty pages, links to another list or with changed filters, and a conference that does not
 * decode, each answered by a scripted transport under the live `Conferences.layer`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Conferences } from "@effect-twilio/conferences"
import { Chunk, Effect, Stream } from "effect"
import { failureOf } from "./support/exits.js"
import { ACCOUNT_SID, json, ROSTER, scripted } from "./support/scripted.js"

const LIST = `/2010-04-01/Accounts/${ACCOUNT_SID}/Conferences.json`
const sidOf = (n: number) => `CF${n.toString(16).padStart(32, "0")}`

/** A conference as Twilio sends it. */
const wire = (n: number) => ({
  sid: sidOf(n),
  account_sid: ACCOUNT_SID,
  friendly_name: `room ${n}`,
  status: "in-progress",
  date_created: "Wed, 01 May 2024 12:00:00 +0000",
  date_updated: "Wed, 01 May 2024 12:00:00 +0000"
})

const page = (conferences: ReadonlyArray<unknown>, next: string | null) =>
  json(200, { conferences, next_page_uri: next, page_size: 50 })

const listed = (params?: Parameters<Conferences.Service["list"]>[0]) =>
  Stream.unwrap(Effect.map(Conferences, (conferences) => conferences.list(params)))

const drain = <A, E>(stream: Stream.Stream<A, E, Conferences>) => Effect.exit(Stream.runCollect(stream))

describe("paging rules on the conference list", () => {
  it.scoped("a link back to a page already read ends the stream at once", () =>
    Effect.gen(function* () {
      const link = `${LIST}?PageSize=50&Page=1&PageToken=PA1`
      const { conferences, requests } = yield* scripted((n) => page([wire(n)], link))
      const error = failureOf(yield* drain(listed()).pipe(Effect.provide(conferences)), "UnexpectedResponse")
      assert.include(error.description, "loop")
      assert.strictEqual(error.cursor, link)
      assert.strictEqual(yield* requests, 2)
    })
  )

  it.scoped("endless empty pages stop after 11", () =>
    Effect.gen(function* () {
      const { conferences, requests } = yield* scripted((n) =>
        page([], `${LIST}?PageSize=50&Page=${n}&PageToken=PA${n}`)
      )
      const error = failureOf(yield* drain(listed()).pipe(Effect.provide(conferences)), "UnexpectedResponse")
      assert.include(error.description, "empty pages")
      assert.strictEqual(yield* requests, 11)
    })
  )

  const refused: ReadonlyArray<readonly [string, string, Parameters<Conferences.Service["list"]>[0]]> = [
    ["a roster instead of the conference list", `${ROSTER}?PageSize=50&Page=1`, {}],
    ["another account's list", `/2010-04-01/Accounts/AC${"0".repeat(32)}/Conferences.json?PageSize=50`, {}],
    [
      "a changed filter",
      `${LIST}?Status=completed&PageSize=50&Page=1`,
      { status: "in-progress", pageSize: 50 }
    ],
    ["a dropped filter", `${LIST}?PageSize=50&Page=1`, { friendlyName: "standup", pageSize: 50 }],
    ["a changed PageSize", `${LIST}?PageSize=1000&Page=1`, { pageSize: 50 }]
  ]
  for (const [name, link, params] of refused) {
    it.scoped(`a link with ${name} is refused before it is requested`, () =>
      Effect.gen(function* () {
        const { conferences, requests } = yield* scripted(() => page([wire(1)], link))
        const error = failureOf(
          yield* drain(listed(params)).pipe(Effect.provide(conferences)),
          "UnexpectedResponse"
        )
        assert.include(error.description, "next_page_uri")
        assert.strictEqual(yield* requests, 1)
      })
    )
  }

  it.scoped(
    "a conference that does not decode names its page and the next; listFrom(nextCursor) carries on",
    () =>
      Effect.gen(function* () {
        const page2 = `${LIST}?PageSize=2&Page=1&PageToken=PA2`
        const { conferences, requests } = yield* scripted((n, url) =>
          url.includes("PageToken=PA2")
            ? page([wire(3)], null)
            : n === 1
              ? page([wire(1), { sid: 42 }], page2)
              : page([], null)
        )
        const error = failureOf(
          yield* drain(listed({ pageSize: 2 })).pipe(Effect.provide(conferences)),
          "UnexpectedResponse"
        )
        assert.strictEqual(error.itemIndex, 1)
        assert.strictEqual(error.nextCursor, page2)
        const rest = yield* Effect.flatMap(Conferences, (c) =>
          Stream.runCollect(c.listFrom(error.nextCursor ?? ""))
        ).pipe(Effect.provide(conferences))
        assert.deepStrictEqual(
          Chunk.toReadonlyArray(rest).map((c): string | null => c.sid),
          [sidOf(3)]
        )
        assert.strictEqual(yield* requests, 2)
      })
  )
})
