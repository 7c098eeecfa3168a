import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { Conference } from "../src/Conference.js"
import { ConferencePage } from "../src/ConferencePage.js"
import * as Slice from "./fixtures/slice.js"

const decode = Schema.decodeUnknown(Conference)
const decodeEither = Schema.decodeUnknownEither(Conference)
const decodePage = Schema.decodeUnknown(ConferencePage)
const example = Slice.fetchResponses.fetchValidRegionInProgress

const errorText = (u: unknown): string => {
  const result = decodeEither(u)
  assert.isTrue(Either.isLeft(result), "expected a decode failure")
  return Either.isLeft(result) ? ParseResult.TreeFormatter.formatErrorSync(result.left) : ""
}

const millis = (dt: DateTime.Utc | null) => (dt === null ? null : DateTime.toEpochMillis(dt))

describe("Conference: the slice's example responses", () => {
  it.effect("an in-progress fetch decodes every field to the expected value", () =>
    Effect.gen(function* () {
      const c = yield* decode(example)
      assert.instanceOf(c, Conference)
      assert.strictEqual(c.sid, "CFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
      assert.strictEqual(c.accountSid, "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
      assert.strictEqual(c.friendlyName, "AHH YEAH")
      assert.strictEqual(c.status, "in-progress")
      assert.strictEqual(c.region, "au1")
      assert.strictEqual(millis(c.dateCreated), Date.UTC(2011, 1, 18, 19, 26, 50))
      assert.strictEqual(millis(c.dateUpdated), Date.UTC(2011, 1, 18, 19, 27, 33))
      assert.isNull(c.reasonConferenceEnded)
      assert.isNull(c.callSidEndingConference)
      assert.strictEqual(c.apiVersion, "2010-04-01")
      assert.strictEqual(
        c.uri,
        "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Conferences/CFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json"
      )
      assert.deepStrictEqual(c.subresourceUris, {
        participants:
          "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Conferences/CFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants.json",
        recordings:
          "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Conferences/CFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Recordings.json"
      })
    })
  )

  it.effect("every fetch example decodes, with its status, end reason and ending call", () =>
    Effect.gen(function* () {
      const expected: Record<string, readonly [string, string | null, string | null]> = {
        fetchValidMixerZone: ["completed", "last-participant-left", "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
        fetchValidRegionInProgress: ["in-progress", null, null],
        fetchWithoutMixerZoneIntegerStatus: [
          "completed",
          "participant-with-end-conference-on-exit-left",
          "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        ],
        fetchUnknownMixerZoneInitIntegerStatus: [
          "init",
          "participant-with-end-conference-on-exit-left",
          "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        ]
      }
      assert.deepStrictEqual(Object.keys(Slice.fetchResponses).sort(), Object.keys(expected).sort())
      for (const [name, body] of Object.entries(Slice.fetchResponses)) {
        const c = yield* decode(body)
        assert.deepStrictEqual([c.status, c.reasonConferenceEnded, c.callSidEndingConference], expected[name])
        assert.isTrue(Conference.isKnownStatus(c.status), name)
      }
    })
  )

  it.effect("both update examples decode: ended via the API with no friendly name, and an announcement", () =>
    Effect.gen(function* () {
      const ended = yield* decode(Slice.updateResponses.updateEndConference)
      assert.strictEqual(ended.status, "completed")
      assert.strictEqual(ended.reasonConferenceEnded, "conference-ended-via-api")
      assert.isNull(ended.friendlyName)
      assert.isNull(ended.callSidEndingConference)
      const announced = yield* decode(Slice.updateResponses.announceToConference)
      assert.strictEqual(announced.status, "in-progress")
      assert.strictEqual(announced.friendlyName, "MyRoom")
      assert.isNull(announced.reasonConferenceEnded)
    })
  )

  it.effect("every list example decodes as a ConferencePage, items and paging fields", () =>
    Effect.gen(function* () {
      assert.strictEqual(Object.keys(Slice.listResponses).length, 7)
      for (const [name, body] of Object.entries(Slice.listResponses)) {
        const page = yield* decodePage(body)
        assert.strictEqual(page.conferences.length, body.conferences.length, name)
        assert.strictEqual(page.items, page.conferences)
        for (const [i, c] of page.conferences.entries()) {
          assert.instanceOf(c, Conference)
          assert.strictEqual(c.sid, body.conferences[i]?.sid, name)
        }
        assert.strictEqual(page.page, body.page)
        assert.strictEqual(page.pageSize, body.page_size)
        assert.strictEqual(page.nextPageUri, body.next_page_uri)
        assert.strictEqual(page.previousPageUri, body.previous_page_uri)
        assert.strictEqual(page.firstPageUri, body.first_page_uri)
        assert.strictEqual(page.uri, body.uri)
        assert.strictEqual(page.start, body.start)
        assert.strictEqual(page.end, body.end)
      }
      const next = yield* decodePage(Slice.listResponses.readNext)
      assert.match(next.nextPageUri ?? "", /PageToken=PACFffffffffffffffffffffffffffffffff$/)
      assert.deepStrictEqual(
        next.conferences.map((c) => c.region),
        ["jp1", "unknown", "us1"]
      )
    })
  )

  it.effect("the empty list example decodes to no conferences and no next page", () =>
    Effect.gen(function* () {
      const page = yield* decodePage(Slice.listResponses.readEmpty)
      assert.deepStrictEqual(page.conferences, [])
      assert.isNull(page.nextPageUri)
    })
  )
})

describe("Conference: forward compatibility", () => {
  it.effect("an unknown status decodes to its raw text, in a fetch and in a list", () =>
    Effect.gen(function* () {
      const c = yield* decode({ ...example, status: "ending" })
      assert.strictEqual(c.status, "ending")
      assert.isFalse(Conference.isKnownStatus(c.status))
      const page = yield* decodePage({
        ...Slice.listResponses.readNext,
        conferences: [{ ...example, status: "ending" }]
      })
      assert.strictEqual(page.conferences[0]?.status, "ending")
    })
  )

  it.effect("an unknown end reason decodes to its raw text and encodes back", () =>
    Effect.gen(function* () {
      const c = yield* decode({
        ...example,
        status: "completed",
        reason_conference_ended: "moderator-timeout"
      })
      assert.strictEqual(c.reasonConferenceEnded, "moderator-timeout")
      assert.isFalse(Conference.isKnownEndReason(c.reasonConferenceEnded))
      const wire = yield* Schema.encode(Conference)(c)
      assert.strictEqual(wire.reason_conference_ended, "moderator-timeout")
    })
  )

  it("property: any status and end reason string decodes and encodes back verbatim", () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string(), { nil: null }), (status, reason) => {
        const c = Schema.decodeUnknownSync(Conference)({
          ...example,
          status,
          reason_conference_ended: reason
        })
        assert.strictEqual(c.status, status)
        assert.strictEqual(c.reasonConferenceEnded, reason)
        const wire = Schema.encodeSync(Conference)(c)
        assert.strictEqual(wire.status, status)
        assert.strictEqual(wire.reason_conference_ended, reason)
      })
    )
  })

  it("property: a decoded conference encodes to wire JSON that decodes to an equal conference", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(Slice.fetchResponses), ...Object.values(Slice.updateResponses)),
        fc.date({
          min: new Date(Date.UTC(1970, 0, 1)),
          max: new Date(Date.UTC(9999, 11, 31)),
          noInvalidDate: true
        }),
        (body, date) => {
          const seconds = Math.floor(date.getTime() / 1000) * 1000
          const c = Schema.decodeUnknownSync(Conference)(body)
          const moved = new Conference({ ...c, dateCreated: DateTime.unsafeMake(seconds) })
          const again = Schema.decodeUnknownSync(Conference)(Schema.encodeSync(Conference)(moved))
          assert.deepStrictEqual(again, moved)
        }
      )
    )
  })

  it.effect("extra wire fields are ignored; absent nullable fields decode to null", () =>
    Effect.gen(function* () {
      const c = yield* decode({ status: "init", added_later: { x: 1 } })
      assert.strictEqual(c.status, "init")
      assert.isNull(c.sid)
      assert.isNull(c.subresourceUris)
      assert.isNull(c.reasonConferenceEnded)
      const uris = yield* decode({
        ...example,
        subresource_uris: { participants: "/p.json", extra: "/x.json" }
      })
      assert.deepStrictEqual(uris.subresourceUris, { participants: "/p.json", recordings: null })
    })
  )
})

describe("Conference: what is refused", () => {
  it("status is required and not nullable, as the slice says", () => {
    assert.include(errorText({ ...example, status: null }), "status")
    const { status: _, ...withoutStatus } = example
    assert.include(errorText(withoutStatus), "status")
  })

  it("malformed SIDs, dates and types fail with the field named", () => {
    assert.include(errorText({ ...example, sid: "CA0123" }), "ConferenceSid")
    assert.include(errorText({ ...example, account_sid: "nope" }), "AccountSid")
    assert.include(
      errorText({ ...example, call_sid_ending_conference: "CFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }),
      "CallSid"
    )
    assert.include(errorText({ ...example, date_created: "2011-02-18T19:26:50Z" }), "RFC 2822")
    assert.include(errorText({ ...example, friendly_name: 7 }), "friendly_name")
    assert.include(errorText({ ...example, subresource_uris: "nope" }), "subresource_uris")
  })

  it.effect("a page whose conferences are not an array fails", () =>
    Effect.gen(function* () {
      const result = yield* Effect.either(decodePage({ conferences: {} }))
      assert.isTrue(Either.isLeft(result))
    })
  )
})

describe("slice disagreement: reason_conference_ended", () => {
  it("the slice types it as a non-nullable enum, yet its description and examples give null in progress: null decodes", () => {
    const nullInExamples = [
      Slice.fetchResponses.fetchValidRegionInProgress,
      Slice.updateResponses.announceToConference,
      ...Slice.listResponses.readNext.conferences
    ].map((body) => body.reason_conference_ended)
    assert.deepStrictEqual([...new Set(nullInExamples)], [null])
    const c = Schema.decodeUnknownSync(Conference)(Slice.fetchResponses.fetchValidRegionInProgress)
    assert.isNull(c.reasonConferenceEnded)
  })
})
