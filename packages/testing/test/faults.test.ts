import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { Effect, Exit, Fiber, Option, TestClock } from "effect"
import { createRaw, field, participantPath, send } from "./support/wire.js"

const provide = Effect.provide(FakeTwilio.layer)

const conferenceWithOne = Effect.gen(function* () {
  const fake = yield* FakeTwilio
  const conference = yield* fake.seedConference()
  const [call] = yield* fake.seedParticipants(conference.sid, [{ label: "agent" }])
  return {
    fake,
    conference: conference.sid,
    call: call ?? "",
    path: yield* participantPath(conference.sid, "agent")
  }
})

describe("fault injection", () => {
  it.effect("429 with Retry-After in seconds and a 20429 body; the request changes nothing", () =>
    Effect.gen(function* () {
      const { fake, conference, path } = yield* conferenceWithOne
      yield* fake.injectFault(Fault.rateLimited("3 seconds"))
      const reply = yield* send("POST", path, { form: [["Muted", "true"]] })
      assert.strictEqual(reply.status, 429)
      assert.strictEqual(reply.headers["retry-after"], "3")
      assert.strictEqual(field(reply, "code"), 20429)
      assert.match(reply.headers["twilio-request-id"] ?? "", /^RQ[0-9a-f]{32}$/)
      assert.strictEqual(Option.getOrThrow(yield* fake.participant(conference, "agent")).muted, false)
      // Only the next request was faulted.
      assert.strictEqual((yield* send("POST", path, { form: [["Muted", "true"]] })).status, 200)
    }).pipe(provide)
  )

  it.effect("500 and 503 answer Twilio error bodies and leave state alone", () =>
    Effect.gen(function* () {
      const { fake, conference, path } = yield* conferenceWithOne
      yield* fake.injectFault(Fault.internalError)
      yield* fake.injectFault(Fault.unavailable)
      const first = yield* send("DELETE", path)
      const second = yield* send("DELETE", path)
      assert.deepStrictEqual([first.status, field(first, "code")], [500, 20500])
      assert.deepStrictEqual([second.status, field(second, "code")], [503, 20503])
      assert.isTrue(Option.isSome(yield* fake.participant(conference, "agent")))
    }).pipe(provide)
  )

  it.effect("an HTML 502 page", () =>
    Effect.gen(function* () {
      const { fake, path } = yield* conferenceWithOne
      yield* fake.injectFault(Fault.badGateway)
      const reply = yield* send("GET", path)
      assert.strictEqual(reply.status, 502)
      assert.match(reply.headers["content-type"] ?? "", /^text\/html/)
      assert.include(reply.text, "502 Bad Gateway")
      assert.isUndefined(reply.body)
    }).pipe(provide)
  )

  it.effect("a truncated body is a 200 whose JSON does not parse", () =>
    Effect.gen(function* () {
      const { fake, path } = yield* conferenceWithOne
      yield* fake.injectFault(Fault.truncatedBody)
      const reply = yield* send("GET", path)
      assert.strictEqual(reply.status, 200)
      assert.isAbove(reply.text.length, 0)
      assert.isUndefined(reply.body)
    }).pipe(provide)
  )

  it.effect("a dropped connection is a transport failure of the in-process client and changes nothing", () =>
    Effect.gen(function* () {
      const { fake, conference, path } = yield* conferenceWithOne
      yield* fake.injectFault(Fault.dropped)
      const exit = yield* Effect.exit(send("DELETE", path))
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit)) assert.include(String(exit.cause), "dropped")
      assert.isTrue(Option.isSome(yield* fake.participant(conference, "agent")))
    }).pipe(provide)
  )

  it.effect("a delay holds the answer back on the Effect clock, then the request is handled", () =>
    Effect.gen(function* () {
      const { fake, conference, path } = yield* conferenceWithOne
      yield* fake.injectFault(Fault.delayed("5 seconds"))
      const fiber = yield* Effect.fork(send("POST", path, { form: [["Hold", "true"]] }))
      yield* TestClock.adjust("4 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      assert.strictEqual(Option.getOrThrow(yield* fake.participant(conference, "agent")).hold, false)
      yield* TestClock.adjust("1 second")
      const reply = yield* Fiber.join(fiber)
      assert.strictEqual(reply.status, 200)
      assert.strictEqual(field(reply, "hold"), true)
    }).pipe(provide)
  )

  it.effect("applied-then-failed: the change is kept but the client sees a 500, a cut body or a drop", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      yield* fake.injectFault(Fault.appliedThen(Fault.internalError))
      const failed = yield* createRaw("room", [["Label", "first"]])
      assert.strictEqual(failed.status, 500)
      const [conference] = yield* fake.conferences
      const sid = conference?.sid ?? ""
      assert.isTrue(Option.isSome(yield* fake.participant(sid, "first")))

      yield* fake.injectFault(Fault.appliedThen(Fault.truncatedBody))
      const cut = yield* createRaw("room", [["Label", "second"]])
      assert.strictEqual(cut.status, 201)
      assert.isUndefined(cut.body)
      assert.include(cut.text, '"account_sid"')
      assert.isTrue(Option.isSome(yield* fake.participant(sid, "second")))

      yield* fake.injectFault(Fault.appliedThen(Fault.dropped))
      const dropped = yield* Effect.exit(send("DELETE", yield* participantPath(sid, "second")))
      assert.isTrue(Exit.isFailure(dropped))
      assert.isTrue(Option.isNone(yield* fake.participant(sid, "second")))
    }).pipe(provide)
  )

  it.effect("targets: times, method and path choose which requests are faulted", () =>
    Effect.gen(function* () {
      const { fake, path } = yield* conferenceWithOne
      yield* fake.injectFault(Fault.internalError, { times: 2, method: "POST", path: "/Participants/" })
      assert.strictEqual((yield* send("GET", path)).status, 200)
      assert.strictEqual((yield* send("POST", path, { form: [] })).status, 500)
      assert.strictEqual((yield* send("POST", path, { form: [] })).status, 500)
      assert.strictEqual((yield* send("POST", path, { form: [] })).status, 200)
      yield* fake.injectFault(Fault.unavailable, { path: /Participants\.json$/ })
      assert.strictEqual((yield* send("GET", path)).status, 200)
      yield* fake.injectFault(Fault.badGateway, { path: (p) => p.endsWith("agent.json") })
      assert.strictEqual((yield* send("GET", path)).status, 502)
      yield* fake.clearFaults
      assert.strictEqual((yield* createRaw("elsewhere")).status, 201)
    }).pipe(provide)
  )
})

describe("request log", () => {
  it.effect(
    "records method, raw path, decoded query and form pairs in order, and headers without Authorization",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const conference = yield* fake.seedConference()
        yield* fake.clearRequests
        yield* createRaw(conference.sid, [
          ["Label", "a b&c"],
          ["StatusCallbackEvent", "initiated"],
          ["StatusCallbackEvent", "answered"]
        ])
        const path = yield* participantPath(conference.sid, "a b&c")
        yield* send("GET", `${path.replace(/\/Participants\/.*$/, "/Participants.json")}`, {
          query: [
            ["Muted", "true"],
            ["PageSize", "5"]
          ]
        })
        yield* send("GET", path)
        const log = yield* fake.requests
        assert.strictEqual(log.length, 3)
        const [create, list, fetch] = log
        assert.strictEqual(create?.method, "POST")
        assert.deepStrictEqual(create?.form, [
          ["From", "+15005550006"],
          ["To", "+15005550001"],
          ["Label", "a b&c"],
          ["StatusCallbackEvent", "initiated"],
          ["StatusCallbackEvent", "answered"]
        ])
        assert.isUndefined(create?.headers.authorization)
        assert.match(create?.headers["content-type"] ?? "", /^application\/x-www-form-urlencoded/)
        assert.deepStrictEqual(list?.query, [
          ["Muted", "true"],
          ["PageSize", "5"]
        ])
        assert.strictEqual(fetch?.path, path)
        assert.include(fetch?.path ?? "", "a%20b%26c.json")
        yield* fake.clearRequests
        assert.deepStrictEqual(yield* fake.requests, [])
      }).pipe(provide)
  )

  it.effect("faulted and refused requests are recorded too", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      yield* fake.injectFault(Fault.rateLimited())
      yield* createRaw("room")
      yield* send("GET", "/2010-04-01/Accounts/ACx/Conferences.json", { auth: null })
      assert.strictEqual((yield* fake.requests).length, 2)
    }).pipe(provide)
  )
})
