import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import * as List from "../src/ListConferencesParams.js"
import * as Update from "../src/UpdateConferenceParams.js"
import * as Slice from "./fixtures/slice.js"

const pairs = <E>(effect: Effect.Effect<ReadonlyArray<readonly [string, string]>, E>) =>
  Effect.map(effect, (params) => params.map(([k, v]) => [k, v]))

/** The error text of encoding `params` with `encode` (which must fail). */
const failure = <A>(
  encode: (params: A) => Effect.Effect<unknown, ParseResult.ParseError>,
  params: unknown
) => {
  // Untyped callers are the point of these checks.
  const result = Effect.runSync(Effect.either(encode(params as A)))
  assert.isTrue(Either.isLeft(result), `expected ${JSON.stringify(params)} to be refused`)
  return Either.isLeft(result) ? ParseResult.TreeFormatter.formatErrorSync(result.left) : ""
}

describe("UpdateConferenceParams", () => {
  it.effect("the slice's two request examples encode to exactly their form", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* pairs(Update.encode({ status: "completed" })), [
        ...Object.entries(Slice.updateRequests.updateEndConference)
      ])
      assert.deepStrictEqual(yield* pairs(Update.encode({ announceUrl: "http://www.myapp.com/announce" })), [
        ...Object.entries(Slice.updateRequests.announceToConference)
      ])
    })
  )

  it.effect("all three together, in declaration order; undefined fields are left out", () =>
    Effect.gen(function* () {
      const form = yield* pairs(
        Update.encode({
          status: "completed",
          announceUrl: "https://example.com/bye.xml",
          announceMethod: "GET"
        })
      )
      assert.deepStrictEqual(form, [
        ["Status", "completed"],
        ["AnnounceUrl", "https://example.com/bye.xml"],
        ["AnnounceMethod", "GET"]
      ])
      assert.deepStrictEqual(yield* pairs(Update.encode({ status: "completed", announceUrl: undefined })), [
        ["Status", "completed"]
      ])
    })
  )

  it("an update that changes nothing is refused", () => {
    assert.include(failure(Update.encode, {}), `an update needs status: "completed", announceUrl, or both`)
    assert.include(failure(Update.encode, { status: undefined }), "an update needs")
  })

  it("announceMethod without announceUrl is refused", () => {
    assert.include(
      failure(Update.encode, { status: "completed", announceMethod: "GET" }),
      "announceMethod needs announceUrl"
    )
  })

  it("bad values are refused with the field named", () => {
    assert.include(
      failure(Update.encode, { status: "in-progress" }),
      `status must be "completed", got "in-progress"`
    )
    assert.include(
      failure(Update.encode, { announceUrl: "ftp://example.com/a.mp3" }),
      "announceUrl must be an absolute http(s) URL"
    )
    assert.include(failure(Update.encode, { announceUrl: "/relative.xml" }), "announceUrl")
    assert.include(failure(Update.encode, { announceUrl: "http:example.com" }), "announceUrl")
    assert.include(
      failure(Update.encode, { announceUrl: "https://example.com/a", announceMethod: "PUT" }),
      `announceMethod must be "GET" or "POST", got "PUT"`
    )
    assert.include(failure(Update.encode, null), "Expected")
  })

  it("an unknown key is refused rather than dropped", () => {
    assert.include(
      failure(Update.encode, { status: "completed", anounceUrl: "https://example.com/a" }),
      "anounceUrl"
    )
  })

  it("only an update without an announcement may be repeated", () => {
    assert.isTrue(Update.isRepeatable({ status: "completed" }))
    assert.isFalse(Update.isRepeatable({ announceUrl: "https://example.com/a" }))
    assert.isFalse(Update.isRepeatable({ status: "completed", announceUrl: "https://example.com/a" }))
  })

  it("decoding a wire form gives the typed params back", () => {
    const typed = Schema.decodeUnknownSync(Update.UpdateConferenceParams)({
      AnnounceUrl: "https://example.com/a",
      AnnounceMethod: "POST"
    })
    assert.deepStrictEqual(typed, { announceUrl: "https://example.com/a", announceMethod: "POST" })
  })
})

describe("ListConferencesParams", () => {
  it.effect("every filter goes to its wire name, the date inequalities included; limit stays home", () =>
    Effect.gen(function* () {
      const { query, limit } = yield* List.encode({
        friendlyName: "standup",
        status: "in-progress",
        dateCreated: "2020-07-07",
        dateCreatedBefore: "2008-01-01",
        dateCreatedAfter: "2008-01-02",
        dateUpdated: "2018-11-13",
        dateUpdatedBefore: "2018-11-11",
        dateUpdatedAfter: "2018-11-12",
        pageSize: 3,
        page: 1,
        pageToken: "PACFcccccccccccccccccccccccccccccccc",
        limit: 10
      })
      assert.strictEqual(limit, 10)
      assert.deepStrictEqual(
        query.map(([k, v]) => [k, v]),
        [
          ["FriendlyName", "standup"],
          ["Status", "in-progress"],
          ["DateCreated", "2020-07-07"],
          ["DateCreated<", "2008-01-01"],
          ["DateCreated>", "2008-01-02"],
          ["DateUpdated", "2018-11-13"],
          ["DateUpdated<", "2018-11-11"],
          ["DateUpdated>", "2018-11-12"],
          ["PageSize", "3"],
          ["Page", "1"],
          ["PageToken", "PACFcccccccccccccccccccccccccccccccc"]
        ]
      )
    })
  )

  it.effect("the slice's readNext link carries the same query the params encode to", () =>
    Effect.gen(function* () {
      const link = new URL(Slice.listResponses.readNext.uri, "https://api.twilio.com")
      // The Encoded side holds numbers for the paging integers; a URL holds text.
      const wire = Object.fromEntries(
        [...link.searchParams].map(([k, v]) => [k, k === "PageSize" || k === "Page" ? Number(v) : v])
      )
      const typed = yield* Schema.decodeUnknown(List.ListConferencesParams)(wire)
      const { query } = yield* List.encode(typed)
      assert.deepStrictEqual(
        new Map(query.map(([k, v]) => [k, v])),
        new Map([...link.searchParams].map(([k, v]) => [k, v]))
      )
      assert.strictEqual(typed.dateUpdatedAfter, "2018-11-12")
      assert.strictEqual(typed.dateCreatedBefore, "2008-01-01")
    })
  )

  it.effect("no params: an empty query and no limit", () =>
    Effect.gen(function* () {
      const { query, limit } = yield* List.encode({})
      assert.deepStrictEqual(query, [])
      assert.isUndefined(limit)
    })
  )

  it("bad values are refused with the field named", () => {
    assert.include(
      failure(List.encode, { dateCreated: "2024-02-30" }),
      "dateCreated must be a date written YYYY-MM-DD (UTC)"
    )
    assert.include(failure(List.encode, { dateCreatedAfter: "2024-2-3" }), "dateCreatedAfter")
    assert.include(
      failure(List.encode, { dateUpdatedBefore: "2019-09-06T03:59:31-0400" }),
      "dateUpdatedBefore"
    )
    assert.include(
      failure(List.encode, { status: "ending" }),
      `status must be "init", "in-progress" or "completed"`
    )
    assert.include(
      failure(List.encode, { friendlyName: "" }),
      "friendlyName must be a name of 1 to 128 characters"
    )
    assert.include(failure(List.encode, { friendlyName: "x".repeat(129) }), "friendlyName")
    assert.include(failure(List.encode, { pageSize: 0 }), "pageSize must be a whole number from 1 to 1000")
    assert.include(failure(List.encode, { pageSize: 1001 }), "pageSize")
    assert.include(failure(List.encode, { pageSize: 2.5 }), "pageSize")
    assert.include(failure(List.encode, { page: -1 }), "page must be a whole number of at least 0")
    assert.include(failure(List.encode, { limit: 0 }), "limit must be a positive whole number")
    assert.include(failure(List.encode, { limit: "10" }), "limit")
    assert.include(failure(List.encode, { frendlyName: "standup" }), "frendlyName")
  })

  it("property: every real calendar day is accepted and sent as written; a shifted day is not", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(Date.UTC(1000, 0, 1)),
          max: new Date(Date.UTC(9999, 11, 31)),
          noInvalidDate: true
        }),
        (date) => {
          const day = date.toISOString().slice(0, 10)
          const { query } = Effect.runSync(List.encode({ dateCreated: day, dateUpdatedAfter: day }))
          assert.deepStrictEqual(
            query.map(([k, v]) => [k, v]),
            [
              ["DateCreated", day],
              ["DateUpdated>", day]
            ]
          )
          // The 31st of a month that has fewer days, or a 13th month, is refused.
          const month = Number(day.slice(5, 7))
          const bad = `${day.slice(0, 5)}${month === 12 ? "13" : String(month + 1).padStart(2, "0")}-${
            [4, 6, 9, 11].includes(month + 1) ? "31" : "32"
          }`
          assert.isTrue(Either.isLeft(Effect.runSync(Effect.either(List.encode({ dateCreated: bad })))), bad)
        }
      )
    )
  })
})
