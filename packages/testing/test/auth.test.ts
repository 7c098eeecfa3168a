import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect } from "effect"
import { accountPath, field, send } from "./support/wire.js"

const OTHER_ACCOUNT = `AC${"b".repeat(32)}`
const API_KEY = `SK${"c".repeat(32)}`

describe("Basic auth", () => {
  it.effect("a request without credentials is refused with 401, code 20003 and a Twilio error body", () =>
    Effect.gen(function* () {
      const base = yield* accountPath
      const reply = yield* send("GET", `${base}/Conferences/CF${"a".repeat(32)}/Participants.json`, {
        auth: null
      })
      assert.strictEqual(reply.status, 401)
      assert.deepStrictEqual(reply.body, {
        code: 20003,
        message: "Authentication Error - invalid username or password",
        more_info: "https://www.twilio.com/docs/errors/20003",
        status: 401
      })
      assert.match(reply.headers["twilio-request-id"] ?? "", /^RQ[0-9a-f]{32}$/)
      assert.match(reply.headers["content-type"] ?? "", /^application\/json/)
    }).pipe(Effect.provide(FakeTwilio.layer))
  )

  it.effect("a wrong auth token is refused", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const base = yield* accountPath
      const conference = yield* fake.seedConference()
      const reply = yield* send("GET", `${base}/Conferences/${conference.sid}/Participants.json`, {
        auth: [fake.accountSid, "not-the-token"]
      })
      assert.strictEqual(reply.status, 401)
      assert.strictEqual(field(reply, "code"), 20003)
    }).pipe(Effect.provide(FakeTwilio.layer))
  )

  it.effect("an API key and secret registered for the account are accepted", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const base = yield* accountPath
      const conference = yield* fake.seedConference()
      yield* fake.addApiKey({ apiKey: API_KEY, apiSecret: "key-secret" })
      const ok = yield* send("GET", `${base}/Conferences/${conference.sid}/Participants.json`, {
        auth: [API_KEY, "key-secret"]
      })
      assert.strictEqual(ok.status, 200)
      const wrong = yield* send("GET", `${base}/Conferences/${conference.sid}/Participants.json`, {
        auth: [API_KEY, "other-secret"]
      })
      assert.strictEqual(wrong.status, 401)
    }).pipe(Effect.provide(FakeTwilio.layer))
  )

  it.effect("valid credentials of another account cannot reach this account's path", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const base = yield* accountPath
      const conference = yield* fake.seedConference()
      yield* fake.addAccount({ accountSid: OTHER_ACCOUNT, authToken: "other-token" })
      const reply = yield* send("GET", `${base}/Conferences/${conference.sid}/Participants.json`, {
        auth: [OTHER_ACCOUNT, "other-token"]
      })
      assert.strictEqual(reply.status, 401)
      assert.strictEqual(field(reply, "code"), 20003)
      // On its own path the other account is fine, but it does not see this account's conference.
      const own = yield* send(
        "GET",
        `/2010-04-01/Accounts/${OTHER_ACCOUNT}/Conferences/${conference.sid}/Participants.json`,
        {
          auth: [OTHER_ACCOUNT, "other-token"]
        }
      )
      assert.strictEqual(own.status, 404)
    }).pipe(Effect.provide(FakeTwilio.layer))
  )

  it.effect("credentials given as options are the ones accepted", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      assert.strictEqual(fake.accountSid, OTHER_ACCOUNT)
      assert.strictEqual(fake.authToken, "chosen-token")
      const conference = yield* fake.seedConference()
      const reply = yield* send(
        "GET",
        `/2010-04-01/Accounts/${OTHER_ACCOUNT}/Conferences/${conference.sid}.json`
      )
      assert.strictEqual(reply.status, 200)
      assert.strictEqual(field(reply, "sid"), conference.sid)
    }).pipe(Effect.provide(FakeTwilio.layerWith({ accountSid: OTHER_ACCOUNT, authToken: "chosen-token" })))
  )
})
