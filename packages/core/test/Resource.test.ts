import * as UrlParams from "@effect/platform/UrlParams"
import { assert, describe, it } from "@effect/vitest"
import { InactiveConference, InvalidRequest, Resource } from "@effect-twilio/core"
import { Effect, Either, Schema } from "effect"
import * as fc from "fast-check"

describe("Resource.segment", () => {
  it("property: any well-formed text but . and .. is one segment that decodes back to itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1 }), (text) => {
        fc.pre(text !== "." && text !== "..")
        const encoded = Resource.segment("label", text)
        assert.isTrue(Either.isRight(encoded))
        if (Either.isRight(encoded)) {
          assert.notInclude(encoded.right, "/")
          assert.strictEqual(decodeURIComponent(encoded.right), text)
        }
      })
    )
  })

  it("property: text with a lone surrogate is refused, naming it, never thrown", () => {
    const lone = fc.constantFrom("\uD800", "\uDBFF", "\uDC00", "\uDFFF")
    fc.assert(
      fc.property(fc.string(), lone, fc.string(), (before, surrogate, after) => {
        fc.pre(!/[\uD800-\uDBFF]$/.test(before) && !/^[\uDC00-\uDFFF]/.test(after))
        const result = Resource.segment("label", `${before}${surrogate}${after}`)
        assert.isTrue(Either.isLeft(result))
        if (Either.isLeft(result)) assert.include(result.left, "lone UTF-16 surrogate")
      })
    )
  })

  it("refuses dot segments and empty values", () => {
    for (const value of [".", "..", ""]) assert.isTrue(Either.isLeft(Resource.segment("participant", value)))
    assert.deepStrictEqual(Resource.segment("participant", "..."), Either.right("..."))
  })
})

describe("Resource.path and Resource.form", () => {
  it("builds a path from fixed and caller segments, the operation named on failure", () => {
    assert.deepStrictEqual(
      Resource.path("fetch", "/base", [["conference", "CF1"], "Participants", ["participant", "a b/c"]]),
      Either.right("/base/CF1/Participants/a%20b%2Fc.json")
    )
    const refused = Resource.path("remove", "/base", [["participant", ".."]])
    assert.isTrue(Either.isLeft(refused) && refused.left.message.startsWith("remove: participant"))
  })

  it("refuses a form value holding a lone surrogate and keeps well-formed pairs", () => {
    const ok = UrlParams.fromInput([["Label", "host \uD83D\uDE00"]])
    assert.deepStrictEqual(Resource.form("create", ok), Either.right(ok))
    const bad = Resource.form("create", UrlParams.fromInput([["To", "client:a\uDC00"]]))
    assert.isTrue(Either.isLeft(bad) && bad.left.message.includes("To must not contain a lone"))
  })
})

describe("Resource: what every conference resource shares", () => {
  it.effect("inactiveConference turns 16001 and 16099 into InactiveConference naming the conference", () =>
    Effect.gen(function* () {
      const refused = (code: number) =>
        new InvalidRequest({ method: "POST", path: "/p", status: 400, code, message: "no", requestId: "RQ1" })
      for (const code of [16001, 16099]) {
        const error = yield* Effect.flip(
          Effect.fail(refused(code)).pipe(Resource.inactiveConference("standup"))
        )
        assert.instanceOf(error, InactiveConference)
        assert.include({ ...error }, { conference: "standup", code, path: "/p", requestId: "RQ1" })
      }
      const other = yield* Effect.flip(
        Effect.fail(refused(21220)).pipe(Resource.inactiveConference("standup"))
      )
      assert.instanceOf(other, InvalidRequest)
    })
  )

  it("envelope: the paging fields decoded (absent ones null), the items left as they came", () => {
    const page = Schema.decodeUnknownSync(Resource.envelope("conferences"))({
      conferences: [{ sid: 1 }],
      next_page_uri: "/next",
      page_size: 50
    })
    assert.deepStrictEqual(page, {
      conferences: [{ sid: 1 }],
      nextPageUri: "/next",
      previousPageUri: null,
      firstPageUri: null,
      uri: null,
      page: null,
      pageSize: 50,
      start: null,
      end: null
    })
  })
})

describe("Resource.lazyDecoder", () => {
  it("decodes like Schema.decodeUnknownEither, every call", () => {
    const decode = Resource.lazyDecoder(Schema.String.pipe(Schema.minLength(2)))
    assert.deepStrictEqual(decode("ab"), Either.right("ab"))
    assert.isTrue(Either.isLeft(decode("a")))
    assert.isTrue(Either.isLeft(decode(12)))
    assert.deepStrictEqual(decode("xyz"), Either.right("xyz"))
  })
})
