import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { ParticipantPage } from "../../src/ParticipantPage.js"
import * as Seeds from "./fixtures/seeds.js"
import * as Slice from "./fixtures/slice.js"

const decode = Schema.decodeUnknown(ParticipantPage)
const PREFIX =
  "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Conferences/CFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

describe("ParticipantPage", () => {
  it.effect("readFull: two participants, a next page, no previous page", () =>
    Effect.gen(function* () {
      const page = yield* decode(Slice.listResponses.readFull)
      assert.deepStrictEqual(
        page.participants.map((p): string | null => p.callSid),
        ["CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"]
      )
      assert.deepStrictEqual(
        page.participants.map((p) => p.muted),
        [true, true]
      )
      assert.strictEqual(
        page.nextPageUri,
        `${PREFIX}/Participants.json?Muted=true&PageSize=2&Page=1&PageToken=PACPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb`
      )
      assert.isNull(page.previousPageUri)
      assert.strictEqual(page.firstPageUri, `${PREFIX}/Participants.json?Muted=true&PageSize=2&Page=0`)
      assert.strictEqual(page.uri, `${PREFIX}/Participants.json?Muted=true&PageSize=2&Page=0`)
      assert.deepStrictEqual([page.page, page.pageSize, page.start, page.end], [0, 2, 0, 1])
      assert.strictEqual(page.items, page.participants)
    })
  )

  it.effect("readNext: a middle page links both ways", () =>
    Effect.gen(function* () {
      const page = yield* decode(Slice.listResponses.readNext)
      assert.deepStrictEqual(
        page.participants.map((p): string | null => p.callSid),
        ["CAcccccccccccccccccccccccccccccccc", "CAdddddddddddddddddddddddddddddddd"]
      )
      assert.include(page.nextPageUri ?? "", "Page=2&PageToken=PACPdddddddddddddddddddddddddddddddd")
      assert.include(page.previousPageUri ?? "", "Page=0&PageToken=PBCPcccccccccccccccccccccccccccccccc")
      assert.deepStrictEqual([page.page, page.pageSize, page.start, page.end], [1, 2, 2, 3])
    })
  )

  it.effect("readPrevious: first page reached through a previous link", () =>
    Effect.gen(function* () {
      const page = yield* decode(Slice.listResponses.readPrevious)
      assert.strictEqual(page.participants.length, 2)
      assert.isNull(page.previousPageUri)
      assert.include(page.uri ?? "", "PageToken=PBCPcccccccccccccccccccccccccccccccc")
    })
  )

  it.effect("readEmpty: no participants and no next page", () =>
    Effect.gen(function* () {
      const page = yield* decode(Slice.listResponses.readEmpty)
      assert.strictEqual(page.participants.length, 0)
      assert.isNull(page.nextPageUri)
      assert.strictEqual(page.pageSize, 50)
      assert.strictEqual(page.end, 0)
    })
  )

  it.effect("the seed's list example decodes", () =>
    Effect.gen(function* () {
      const page = yield* decode(Seeds.seedList)
      assert.strictEqual(page.participants.length, 2)
      assert.isNotNull(page.nextPageUri)
    })
  )

  it.effect("paging metadata missing from a response decodes to null; unknown fields are ignored", () =>
    Effect.gen(function* () {
      const page = yield* decode({ participants: [], meta: { key: "participants" } })
      assert.isNull(page.nextPageUri)
      assert.isNull(page.page)
    })
  )

  it("a body without a participants array fails", () => {
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(ParticipantPage)({ next_page_uri: null })))
  })

  it.effect("round-trips the full example to the same JSON", () =>
    Effect.gen(function* () {
      const page = yield* decode(Slice.listResponses.readFull)
      const wire = yield* Schema.encode(ParticipantPage)(page)
      assert.deepStrictEqual(
        JSON.parse(JSON.stringify(wire)),
        JSON.parse(JSON.stringify(Slice.listResponses.readFull))
      )
    })
  )
})
