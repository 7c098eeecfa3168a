/**
 * The simulator's Conference routes at the wire level: raw `HttpClient` requests, answers decoded
 * with the `@effect-twilio/conferences` schemas, in process and over a loopback socket (undici).
 */
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Conference } from "@effect-twilio/conferences"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { DateTime, Effect, Fiber, Layer, Option, TestClock } from "effect"
import * as fc from "fast-check"
import { allPages, asConference, asPage, call, codeOf, conferencePath } from "./support/conferences.js"

const transports = [
  ["in process", FakeTwilio.layer],
  ["over a loopback socket", Layer.merge(FakeTwilio.layerServer(), NodeHttpClient.layerUndici)]
] as const

const day = (iso: string) => DateTime.unsafeMake(iso)
const sidOf = (n: number) => `CF${n.toString(16).padStart(32, "0")}`
const callOf = (n: number) => `CA${n.toString(16).padStart(32, "0")}`

for (const [transport, layer] of transports) {
  const provide = Effect.provide(layer)

  describe(`FakeTwilio conferences, ${transport}`, () => {
    it.live("fetch answers a Conference; an unknown, malformed or foreign SID is a 20404", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const seeded = yield* fake.seedConference({
          sid: sidOf(1),
          friendlyName: "standup",
          region: "ie1",
          dateCreated: day("2024-05-01T09:00:00Z"),
          dateUpdated: day("2024-05-01T09:05:00Z")
        })
        const c = yield* asConference(yield* call("GET", conferencePath(seeded.sid)))
        assert.instanceOf(c, Conference)
        assert.strictEqual(c.sid, sidOf(1))
        assert.strictEqual(c.accountSid, fake.accountSid)
        assert.strictEqual(c.friendlyName, "standup")
        assert.strictEqual(c.status, "in-progress")
        assert.strictEqual(c.region, "ie1")
        assert.strictEqual(c.apiVersion, "2010-04-01")
        assert.isNull(c.reasonConferenceEnded)
        assert.isNull(c.callSidEndingConference)
        assert.strictEqual(DateTime.formatIso(c.dateCreated ?? day("1970-01-01")), "2024-05-01T09:00:00.000Z")
        assert.strictEqual(DateTime.formatIso(c.dateUpdated ?? day("1970-01-01")), "2024-05-01T09:05:00.000Z")
        const base = `/2010-04-01/Accounts/${fake.accountSid}/Conferences/${sidOf(1)}`
        assert.strictEqual(c.uri, `${base}.json`)
        assert.deepStrictEqual(c.subresourceUris, {
          participants: `${base}/Participants.json`,
          recordings: `${base}/Recordings.json`
        })

        const missing = yield* call("GET", conferencePath(sidOf(2)))
        assert.deepStrictEqual([missing.status, codeOf(missing)], [404, 20404])
        const malformed = yield* call("GET", conferencePath("CF123"))
        assert.deepStrictEqual([malformed.status, codeOf(malformed)], [404, 20404])
        yield* fake.addAccount({ accountSid: `AC${"b".repeat(32)}`, authToken: "other" })
        yield* fake.seedConference({ sid: sidOf(3), accountSid: `AC${"b".repeat(32)}` })
        const foreign = yield* call("GET", conferencePath(sidOf(3)))
        assert.deepStrictEqual([foreign.status, codeOf(foreign)], [404, 20404])
        const wrongMethod = yield* call("DELETE", conferencePath(sidOf(1)))
        assert.deepStrictEqual([wrongMethod.status, codeOf(wrongMethod)], [405, 20004])
        const listByPost = yield* call("POST", "/Conferences.json", { form: [] })
        assert.deepStrictEqual([listByPost.status, codeOf(listByPost)], [405, 20004])
      }).pipe(provide)
    )

    it.live("list: newest first, real next and previous links, Twilio's page fields", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        for (let i = 1; i <= 7; i++) {
          yield* fake.seedConference({ sid: sidOf(i), dateCreated: day(`2024-05-0${i}T12:00:00Z`) })
        }
        const pages = yield* allPages([["PageSize", "3"]])
        assert.deepStrictEqual(
          pages.map((p) => p.conferences.map((c): string | null => c.sid)),
          [[sidOf(7), sidOf(6), sidOf(5)], [sidOf(4), sidOf(3), sidOf(2)], [sidOf(1)]]
        )
        assert.deepStrictEqual(
          pages.map((p) => [p.page, p.pageSize, p.start, p.end]),
          [
            [0, 3, 0, 2],
            [1, 3, 3, 5],
            [2, 3, 6, 6]
          ]
        )
        const base = `/2010-04-01/Accounts/${fake.accountSid}/Conferences.json`
        assert.strictEqual(pages[0]?.firstPageUri, `${base}?PageSize=3&Page=0`)
        assert.strictEqual(pages[0]?.uri, `${base}?PageSize=3&Page=0`)
        assert.isNull(pages[0]?.previousPageUri)
        assert.strictEqual(pages[0]?.nextPageUri, `${base}?PageSize=3&Page=1&PageToken=PA${sidOf(5)}`)
        assert.isNull(pages[2]?.nextPageUri)
        // Going back from the last page gives the middle page again.
        const back = yield* asPage(yield* call("GET", pages[2]?.previousPageUri ?? ""))
        assert.deepStrictEqual(
          back.conferences.map((c): string | null => c.sid),
          [sidOf(4), sidOf(3), sidOf(2)]
        )
        // Without a token, Page skips whole pages; without PageSize, 50 a page.
        const third = yield* asPage(
          yield* call("GET", "/Conferences.json", {
            query: [
              ["PageSize", "3"],
              ["Page", "2"]
            ]
          })
        )
        assert.deepStrictEqual(
          third.conferences.map((c): string | null => c.sid),
          [sidOf(1)]
        )
        const all = yield* asPage(yield* call("GET", "/Conferences.json"))
        assert.strictEqual(all.pageSize, 50)
        assert.strictEqual(all.conferences.length, 7)
      }).pipe(provide)
    )

    it.live("list: a bad PageSize, Page or PageToken is a 400", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        yield* fake.seedConference({ sid: sidOf(1) })
        for (const query of [
          [["PageSize", "0"]],
          [["PageSize", "1001"]],
          [["Page", "-1"]],
          [["PageToken", "nonsense"]],
          [["PageToken", `PA${sidOf(9)}`]]
        ] as const) {
          const answer = yield* call("GET", "/Conferences.json", { query })
          assert.deepStrictEqual([answer.status, codeOf(answer)], [400, 20001], JSON.stringify(query))
        }
      }).pipe(provide)
    )

    it.live(
      "list: every filter, the date inequalities inclusive of their day; filters ride along in the links",
      () =>
        Effect.gen(function* () {
          const fake = yield* FakeTwilio
          const seed = (n: number, created: string, updated: string, extra: object = {}) =>
            fake.seedConference({
              sid: sidOf(n),
              dateCreated: day(created),
              dateUpdated: day(updated),
              ...extra
            })
          yield* seed(1, "2020-07-06T23:59:59Z", "2020-07-06T23:59:59Z", { friendlyName: "standup" })
          yield* seed(2, "2020-07-07T00:00:00Z", "2020-07-09T10:00:00Z", {
            friendlyName: "standup",
            status: "completed"
          })
          yield* seed(3, "2020-07-07T23:59:59Z", "2020-07-08T00:00:00Z", {
            friendlyName: "retro",
            status: "init"
          })
          yield* seed(4, "2020-07-08T00:00:00Z", "2020-07-08T00:00:00Z", { friendlyName: "standup" })
          const sids = (query: ReadonlyArray<readonly [string, string]>) =>
            Effect.map(allPages(query), (pages) =>
              pages.flatMap((p) => p.conferences.map((c) => Number.parseInt(c.sid?.slice(2) ?? "", 16)))
            )

          assert.deepStrictEqual(yield* sids([["FriendlyName", "standup"]]), [4, 2, 1])
          assert.deepStrictEqual(yield* sids([["Status", "in-progress"]]), [4, 1])
          assert.deepStrictEqual(yield* sids([["Status", "init"]]), [3])
          assert.deepStrictEqual(yield* sids([["DateCreated", "2020-07-07"]]), [3, 2])
          assert.deepStrictEqual(yield* sids([["DateCreated<", "2020-07-07"]]), [3, 2, 1])
          assert.deepStrictEqual(yield* sids([["DateCreated>", "2020-07-07"]]), [4, 3, 2])
          assert.deepStrictEqual(yield* sids([["DateUpdated", "2020-07-08"]]), [4, 3])
          assert.deepStrictEqual(yield* sids([["DateUpdated<", "2020-07-08"]]), [4, 3, 1])
          assert.deepStrictEqual(yield* sids([["DateUpdated>", "2020-07-09"]]), [2])
          assert.deepStrictEqual(
            yield* sids([
              ["FriendlyName", "standup"],
              ["DateCreated>", "2020-07-07"],
              ["DateUpdated<", "2020-07-08"]
            ]),
            [4]
          )
          assert.deepStrictEqual(yield* sids([["FriendlyName", "nobody"]]), [])
          // Page without a token counts whole pages of matches only.
          const third = yield* asPage(
            yield* call("GET", "/Conferences.json", {
              query: [
                ["FriendlyName", "standup"],
                ["PageSize", "1"],
                ["Page", "2"]
              ]
            })
          )
          assert.deepStrictEqual(
            third.conferences.map((c): string | null => c.sid),
            [sidOf(1)]
          )

          const first = yield* asPage(
            yield* call("GET", "/Conferences.json", {
              query: [
                ["FriendlyName", "standup"],
                ["DateCreated<", "2020-07-08"],
                ["PageSize", "1"]
              ]
            })
          )
          assert.strictEqual(
            first.nextPageUri,
            `/2010-04-01/Accounts/${fake.accountSid}/Conferences.json?FriendlyName=standup&DateCreated%3C=2020-07-08&PageSize=1&Page=1&PageToken=PA${sidOf(4)}`
          )
          assert.deepStrictEqual(
            (yield* allPages([
              ["FriendlyName", "standup"],
              ["DateCreated<", "2020-07-08"],
              ["PageSize", "1"]
            ])).map((p) => p.conferences.length),
            [1, 1, 1]
          )
        }).pipe(provide)
    )

    it.live("list: a date that is not a real YYYY-MM-DD day, or an unknown status, is a 400", () =>
      Effect.gen(function* () {
        for (const [key, value] of [
          ["DateCreated", "2019-09-06T03:59:31-0400"],
          ["DateCreated<", "2024-02-30"],
          ["DateUpdated>", "06/07/2009"],
          ["DateUpdated", "2024-13-01"],
          ["Status", "ended"]
        ] as const) {
          const answer = yield* call("GET", "/Conferences.json", { query: [[key, value]] })
          assert.deepStrictEqual([answer.status, codeOf(answer)], [400, 20001], `${key}=${value}`)
        }
      }).pipe(provide)
    )

    it.live(
      "Status=completed ends it for everyone: roster empty, their fetch 404, creates refused with 16099",
      () =>
        Effect.gen(function* () {
          const fake = yield* FakeTwilio
          const seeded = yield* fake.seedConference({ sid: sidOf(1) })
          const calls = yield* fake.seedParticipants(seeded.sid, [{ label: "host" }, {}, {}])
          const ended = yield* asConference(
            yield* call("POST", conferencePath(seeded.sid), { form: [["Status", "completed"]] })
          )
          assert.strictEqual(ended.status, "completed")
          assert.strictEqual(ended.reasonConferenceEnded, "conference-ended-via-api")
          assert.isNull(ended.callSidEndingConference)
          assert.deepStrictEqual(yield* fake.participants(seeded.sid), [])
          const roster = yield* call("GET", `/Conferences/${seeded.sid}/Participants.json`)
          assert.deepStrictEqual(Reflect.get(roster.body as object, "participants"), [])
          for (const participant of [...calls, "host"]) {
            const gone = yield* call("GET", `/Conferences/${seeded.sid}/Participants/${participant}.json`)
            assert.deepStrictEqual([gone.status, codeOf(gone)], [404, 20404], participant)
          }
          const late = yield* call("POST", `/Conferences/${seeded.sid}/Participants.json`, {
            form: [
              ["From", "+15005550006"],
              ["To", "+15005550001"]
            ]
          })
          assert.deepStrictEqual([late.status, codeOf(late)], [400, 16099])
          // The fetch agrees, and still answers the completed conference.
          const fetched = yield* asConference(yield* call("GET", conferencePath(seeded.sid)))
          assert.strictEqual(fetched.status, "completed")
        }).pipe(provide)
    )

    it.live("updating a completed conference is a 400 with code 16099, and changes nothing", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const seeded = yield* fake.seedConference({
          sid: sidOf(1),
          status: "completed",
          reasonConferenceEnded: "last-participant-left",
          callSidEndingConference: callOf(1)
        })
        for (const form of [
          [["Status", "completed"]],
          [["AnnounceUrl", "https://example.com/late.xml"]]
        ] as const) {
          const refused = yield* call("POST", conferencePath(seeded.sid), { form })
          assert.deepStrictEqual([refused.status, codeOf(refused)], [400, 16099])
        }
        const c = yield* asConference(yield* call("GET", conferencePath(seeded.sid)))
        assert.strictEqual(c.reasonConferenceEnded, "last-participant-left")
        assert.strictEqual(c.callSidEndingConference, callOf(1))
        assert.deepStrictEqual(yield* fake.announcements(seeded.sid), [])
      }).pipe(provide)
    )

    it.live("an init conference can be ended", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const seeded = yield* fake.seedConference({ status: "init" })
        const ended = yield* asConference(
          yield* call("POST", conferencePath(seeded.sid), { form: [["Status", "completed"]] })
        )
        assert.deepStrictEqual(
          [ended.status, ended.reasonConferenceEnded],
          ["completed", "conference-ended-via-api"]
        )
      }).pipe(provide)
    )

    it.live(
      "AnnounceUrl records an announcement (POST unless AnnounceMethod=GET); the conference stays up",
      () =>
        Effect.gen(function* () {
          const fake = yield* FakeTwilio
          const seeded = yield* fake.seedConference({ sid: sidOf(1) })
          yield* fake.seedParticipants(seeded.sid, 2)
          const announced = yield* asConference(
            yield* call("POST", conferencePath(seeded.sid), {
              form: [["AnnounceUrl", "https://example.com/welcome.xml"]]
            })
          )
          assert.strictEqual(announced.status, "in-progress")
          yield* call("POST", conferencePath(seeded.sid), {
            form: [
              ["AnnounceUrl", "https://example.com/bye.mp3"],
              ["AnnounceMethod", "GET"]
            ]
          })
          const played = yield* fake.announcements(seeded.sid)
          assert.deepStrictEqual(
            played.map((a) => [a.url, a.method]),
            [
              ["https://example.com/welcome.xml", "POST"],
              ["https://example.com/bye.mp3", "GET"]
            ]
          )
          assert.strictEqual((yield* fake.participants(seeded.sid)).length, 2)
          // Announcing and ending together: the announcement is recorded, then the conference ends.
          const both = yield* asConference(
            yield* call("POST", conferencePath(seeded.sid), {
              form: [
                ["AnnounceUrl", "https://example.com/closing.xml"],
                ["Status", "completed"]
              ]
            })
          )
          assert.strictEqual(both.status, "completed")
          assert.strictEqual((yield* fake.announcements(seeded.sid)).length, 3)
        }).pipe(provide)
    )

    it.live("bad update values are refused with Twilio's codes and change nothing", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const seeded = yield* fake.seedConference({ sid: sidOf(1) })
        for (const [form, code] of [
          [[["Status", "in-progress"]], 20001],
          [[["AnnounceUrl", "ftp://example.com/a.mp3"]], 21205],
          [[["AnnounceUrl", "not a url"]], 21205],
          [
            [
              ["AnnounceUrl", "https://example.com/a.xml"],
              ["AnnounceMethod", "PUT"]
            ],
            20001
          ]
        ] as const) {
          const refused = yield* call("POST", conferencePath(seeded.sid), { form })
          assert.deepStrictEqual([refused.status, codeOf(refused)], [400, code], JSON.stringify(form))
        }
        assert.deepStrictEqual(yield* fake.announcements(seeded.sid), [])
        assert.strictEqual(Option.getOrThrow(yield* fake.conference(seeded.sid)).status, "in-progress")
      }).pipe(provide)
    )

    it.live(
      "participants leaving: the last one, or one with endConferenceOnExit, ends it with a -left reason",
      () =>
        Effect.gen(function* () {
          const fake = yield* FakeTwilio
          const small = yield* fake.seedConference({ sid: sidOf(1) })
          const [a, b] = yield* fake.seedParticipants(small.sid, [{ label: "a" }, { label: "b" }])
          yield* fake.leave(small.sid, "a")
          assert.strictEqual(
            (yield* asConference(yield* call("GET", conferencePath(small.sid)))).status,
            "in-progress"
          )
          yield* fake.leave(small.sid, b ?? "")
          const lastLeft = yield* asConference(yield* call("GET", conferencePath(small.sid)))
          assert.deepStrictEqual(
            [lastLeft.status, lastLeft.reasonConferenceEnded, lastLeft.callSidEndingConference],
            ["completed", "last-participant-left", b]
          )
          assert.notStrictEqual(a, b)

          const moderated = yield* fake.seedConference({ sid: sidOf(2) })
          const [host] = yield* fake.seedParticipants(moderated.sid, [
            { label: "host", endConferenceOnExit: true },
            {},
            {}
          ])
          yield* fake.leave(moderated.sid, "host")
          const hostLeft = yield* asConference(yield* call("GET", conferencePath(moderated.sid)))
          assert.deepStrictEqual(
            [hostLeft.status, hostLeft.reasonConferenceEnded, hostLeft.callSidEndingConference],
            ["completed", "participant-with-end-conference-on-exit-left", host]
          )
          assert.deepStrictEqual(yield* fake.participants(moderated.sid), [])

          const gone = yield* Effect.flip(fake.leave(moderated.sid, "host"))
          assert.strictEqual(gone._tag, "SeedError")
        }).pipe(provide)
    )

    it.live("participants removed by the API end it with the -kicked reasons instead", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const seeded = yield* fake.seedConference({ sid: sidOf(1) })
        const [only] = yield* fake.seedParticipants(seeded.sid, 1)
        const removed = yield* call("DELETE", `/Conferences/${seeded.sid}/Participants/${only}.json`)
        assert.strictEqual(removed.status, 204)
        const c = yield* asConference(yield* call("GET", conferencePath(seeded.sid)))
        assert.deepStrictEqual(
          [c.reasonConferenceEnded, c.callSidEndingConference],
          ["last-participant-kicked", only]
        )
      }).pipe(provide)
    )

    it.live("faults apply to conference routes as to participants", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const seeded = yield* fake.seedConference({ sid: sidOf(1) })
        yield* fake.injectFault(Fault.rateLimited("2 seconds"), { path: "/Conferences.json" })
        const limited = yield* call("GET", "/Conferences.json")
        assert.deepStrictEqual([limited.status, codeOf(limited)], [429, 20429])
        assert.strictEqual((yield* call("GET", "/Conferences.json")).status, 200)

        yield* fake.injectFault(Fault.unavailable, { method: "GET", path: conferencePath(seeded.sid) })
        const unavailable = yield* call("GET", conferencePath(seeded.sid))
        assert.deepStrictEqual([unavailable.status, codeOf(unavailable)], [503, 20503])

        // Ended, but the answer is lost: a repeat finds it completed and is refused with 16099.
        yield* fake.injectFault(Fault.appliedThen(Fault.internalError), { method: "POST" })
        const lost = yield* call("POST", conferencePath(seeded.sid), { form: [["Status", "completed"]] })
        assert.strictEqual(lost.status, 500)
        assert.strictEqual(Option.getOrThrow(yield* fake.conference(seeded.sid)).status, "completed")
        const repeat = yield* call("POST", conferencePath(seeded.sid), { form: [["Status", "completed"]] })
        assert.deepStrictEqual([repeat.status, codeOf(repeat)], [400, 16099])

        const recorded = yield* fake.requests
        assert.deepStrictEqual(
          recorded.map((r) => [r.method, r.path.split("/").slice(4).join("/")]),
          [
            ["GET", "Conferences.json"],
            ["GET", "Conferences.json"],
            ["GET", `Conferences/${seeded.sid}.json`],
            ["POST", `Conferences/${seeded.sid}.json`],
            ["POST", `Conferences/${seeded.sid}.json`]
          ]
        )
      }).pipe(provide)
    )
  })
}

describe("FakeTwilio conferences: clock, seeding and a paging property (in process)", () => {
  const provide = Effect.provide(FakeTwilio.layer)

  it.effect("a delayed fetch answers after the delay on the TestClock; dates follow the clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.UTC(2025, 0, 2, 3, 4, 5))
      const fake = yield* FakeTwilio
      const seeded = yield* fake.seedConference()
      assert.strictEqual(seeded.date_created, "Thu, 02 Jan 2025 03:04:05 +0000")
      yield* fake.injectFault(Fault.delayed("5 seconds"), { path: `/Conferences/${seeded.sid}.json` })
      const fiber = yield* Effect.fork(call("GET", conferencePath(seeded.sid)))
      yield* TestClock.adjust("4 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* Fiber.join(fiber)).status, 200)
      const ended = yield* asConference(
        yield* call("POST", conferencePath(seeded.sid), { form: [["Status", "completed"]] })
      )
      assert.strictEqual(
        DateTime.toEpochMillis(ended.dateUpdated ?? day("1970-01-01")),
        Date.UTC(2025, 0, 2, 3, 4, 10)
      )
    }).pipe(provide)
  )

  it.effect("seeding refuses an end reason on a live conference, a bad ending call and a bad date", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const problems = [
        { reasonConferenceEnded: "last-participant-left" as const },
        { status: "completed" as const, callSidEndingConference: "CA123" },
        { dateCreated: "not a date" },
        { sid: "CF123" }
      ]
      for (const seed of problems) {
        const error = yield* Effect.flip(fake.seedConference(seed))
        assert.strictEqual(error._tag, "SeedError", JSON.stringify(seed))
      }
      assert.deepStrictEqual(yield* fake.conferences, [])
      const completed = yield* fake.seedConference({ status: "completed" })
      assert.strictEqual(completed.reason_conference_ended, "conference-ended-via-api")
    }).pipe(provide)
  )

  it.effect(
    "property: following next_page_uri yields exactly the filtered conferences, newest first, once each",
    () =>
      Effect.gen(function* () {
        const scenario = fc.record({
          conferences: fc.array(
            fc.record({
              createdDay: fc.integer({ min: 0, max: 5 }),
              // Few hours, so equal creation times (ordered by arrival) come up often.
              hour: fc.integer({ min: 0, max: 2 }),
              name: fc.constantFrom("a", "b"),
              status: fc.constantFrom("init" as const, "in-progress" as const, "completed" as const)
            }),
            { maxLength: 25 }
          ),
          pageSize: fc.integer({ min: 1, max: 7 }),
          name: fc.option(fc.constantFrom("a", "b"), { nil: undefined }),
          status: fc.option(fc.constantFrom("init" as const, "in-progress" as const, "completed" as const), {
            nil: undefined
          }),
          after: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined })
        })
        const dayText = (n: number) => `2024-03-0${n + 1}`
        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(scenario, (s) =>
              Effect.runPromise(
                Effect.gen(function* () {
                  const fake = yield* FakeTwilio
                  const seeded = []
                  for (const [i, c] of s.conferences.entries()) {
                    const created = `${dayText(c.createdDay)}T${String(c.hour).padStart(2, "0")}:00:00Z`
                    seeded.push({ ...c, sid: sidOf(i + 1), at: Date.parse(created), seq: i })
                    yield* fake.seedConference({
                      sid: sidOf(i + 1),
                      friendlyName: c.name,
                      status: c.status,
                      dateCreated: day(created)
                    })
                  }
                  const expected = seeded
                    .filter(
                      (c) =>
                        (s.name === undefined || c.name === s.name) &&
                        (s.status === undefined || c.status === s.status) &&
                        (s.after === undefined || c.createdDay >= s.after)
                    )
                    .sort((x, y) => y.at - x.at || y.seq - x.seq)
                    .map((c): string | null => c.sid)
                  const query: Array<readonly [string, string]> = [["PageSize", String(s.pageSize)]]
                  if (s.name !== undefined) query.push(["FriendlyName", s.name])
                  if (s.status !== undefined) query.push(["Status", s.status])
                  if (s.after !== undefined) query.push(["DateCreated>", dayText(s.after)])
                  const pages = yield* allPages(query)
                  assert.deepStrictEqual(
                    pages.flatMap((p) => p.conferences.map((c): string | null => c.sid)),
                    expected
                  )
                  assert.isTrue(
                    pages.every((p, i) => i === pages.length - 1 || p.conferences.length === s.pageSize)
                  )
                }).pipe(provide)
              )
            ),
            { numRuns: 60 }
          )
        )
      })
  )
})
