import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import {
  encodeListParticipantsParams,
  type ListParticipantsParams,
  ListParticipantsParams as ListSchema
} from "../../src/ListParticipantsParams.js"
import * as Seeds from "./fixtures/seeds.js"
import * as Slice from "./fixtures/slice.js"
import { assertFailsWith, run, sorted } from "./support.js"

const encode = (params: ListParticipantsParams) =>
  Effect.map(encodeListParticipantsParams(params), ({ query, limit }) => ({
    pairs: query.map(([k, v]): [string, string] => [k, v]),
    limit
  }))

describe("ListParticipantsParams", () => {
  it.effect("the slice's query examples: Muted=true, Hold=true", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual((yield* encode({ muted: true })).pairs, [
        ["Muted", Slice.listQueries.readFull.Muted]
      ])
      assert.deepStrictEqual((yield* encode({ hold: true })).pairs, [
        ["Hold", Slice.listQueries.readEmpty.Hold]
      ])
    })
  )

  it.effect("the seed's example: Muted=true&PageSize=20", () =>
    Effect.gen(function* () {
      const { pairs } = yield* encode({ muted: true, pageSize: 20 })
      assert.deepStrictEqual(sorted(pairs), sorted(Seeds.seedRequests.list))
    })
  )

  it.effect("every filter and paging parameter maps to its query name; limit stays local", () =>
    Effect.gen(function* () {
      const { pairs, limit } = yield* encode({
        muted: false,
        hold: true,
        coaching: false,
        pageSize: 1000,
        page: 2,
        pageToken: "PACPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        limit: 7
      })
      assert.deepStrictEqual(pairs, [
        ["Muted", "false"],
        ["Hold", "true"],
        ["Coaching", "false"],
        ["PageSize", "1000"],
        ["Page", "2"],
        ["PageToken", "PACPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"]
      ])
      assert.strictEqual(limit, 7)
    })
  )

  it.effect("no params: empty query, no limit", () =>
    Effect.gen(function* () {
      const { pairs, limit } = yield* encode({})
      assert.deepStrictEqual(pairs, [])
      assert.isUndefined(limit)
    })
  )

  it("checks before any I/O", () => {
    assertFailsWith(
      encodeListParticipantsParams({ pageSize: 0 }),
      `["pageSize"]`,
      "pageSize must be a whole number from 1 to 1000"
    )
    assertFailsWith(encodeListParticipantsParams({ pageSize: 1001 }), "pageSize")
    assertFailsWith(
      encodeListParticipantsParams({ limit: 0 }),
      `["limit"]`,
      "limit must be a positive whole number"
    )
    assertFailsWith(encodeListParticipantsParams({ limit: 2.5 }), "limit")
    assertFailsWith(encodeListParticipantsParams({ page: -1 }), "page")
    // @ts-expect-error: a JavaScript caller may pass anything
    assertFailsWith(encodeListParticipantsParams({ muted: "yes" }), "muted must be true or false")
    // @ts-expect-error: a JavaScript caller may pass anything
    assertFailsWith(encodeListParticipantsParams(null), "ListParticipantsParams")
  })

  it("the schema's Encoded side is the query only: limit is never encoded", () => {
    const encoded = Schema.encodeSync(ListSchema)({ muted: true, limit: 3 })
    assert.deepStrictEqual({ ...encoded }, { Muted: true })
    assert.deepStrictEqual(
      { ...Schema.decodeSync(ListSchema)({ Hold: false, PageSize: 5 }) },
      { hold: false, pageSize: 5 }
    )
  })

  it("property: valid params give boolean filters as true/false and sizes as decimal integers", () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            muted: fc.boolean(),
            hold: fc.boolean(),
            coaching: fc.boolean(),
            pageSize: fc.integer({ min: 1, max: 1000 }),
            limit: fc.integer({ min: 1, max: 1_000_000 })
          },
          { requiredKeys: [] }
        ),
        (params) => {
          const result = run(encodeListParticipantsParams(params))
          if (Either.isLeft(result)) return assert.fail(result.left)
          const { query, limit } = result.right
          assert.strictEqual(limit, params.limit)
          for (const [key, value] of query) {
            assert.oneOf(key, ["Muted", "Hold", "Coaching", "PageSize"])
            if (key === "PageSize") assert.strictEqual(value, String(params.pageSize))
            else assert.oneOf(value, ["true", "false"])
          }
        }
      )
    )
  })
})
