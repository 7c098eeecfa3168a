import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { Effect, Exit, Scope } from "effect"

interface Wire {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

const http = (
  served: FakeTwilio.Served,
  method: string,
  path: string,
  form?: ReadonlyArray<readonly [string, string]>
) =>
  Effect.tryPromise(async (): Promise<Wire> => {
    const response = await fetch(`${served.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${served.accountSid}:${served.authToken}`).toString("base64")}`,
        ...(form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" })
      },
      ...(form === undefined
        ? {}
        : { body: new URLSearchParams(form.map(([k, v]): [string, string] => [k, v])).toString() })
    })
    return { status: response.status, headers: response.headers, text: await response.text() }
  })

describe("FakeTwilio.serve", () => {
  it.scopedLive("serves create, fetch and list on a real loopback socket", () =>
    Effect.gen(function* () {
      const served = yield* FakeTwilio.serve()
      assert.match(served.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
      assert.isAbove(served.port, 0)
      const base = `/2010-04-01/Accounts/${served.accountSid}/Conferences`
      const created = yield* http(served, "POST", `${base}/standup/Participants.json`, [
        ["From", "+15005550006"],
        ["To", "+15005550001"],
        ["Label", "lead engineer"]
      ])
      assert.strictEqual(created.status, 201)
      assert.match(created.headers.get("twilio-request-id") ?? "", /^RQ[0-9a-f]{32}$/)
      const body: unknown = JSON.parse(created.text)
      const conferenceSid = String(Reflect.get(body as object, "conference_sid"))
      const fetched = yield* http(served, "GET", `${base}/${conferenceSid}/Participants/lead%20engineer.json`)
      assert.strictEqual(fetched.status, 200)
      assert.strictEqual(Reflect.get(JSON.parse(fetched.text) as object, "label"), "lead engineer")
      const listed = yield* http(served, "GET", `${base}/${conferenceSid}/Participants.json?PageSize=10`)
      assert.strictEqual(listed.status, 200)
      assert.lengthOf(Reflect.get(JSON.parse(listed.text) as object, "participants") as Array<unknown>, 1)
      const unauthorized = yield* Effect.tryPromise(() =>
        fetch(`${served.baseUrl}${base}/${conferenceSid}.json`)
      )
      assert.strictEqual(unauthorized.status, 401)
      const recorded = yield* served.requests
      assert.strictEqual(recorded.length, 4)
      assert.deepStrictEqual(recorded[1]?.query, [])
      assert.deepStrictEqual(recorded[2]?.query, [["PageSize", "10"]])
    })
  )

  it.scopedLive("drops the connection and cuts bodies on a real socket, and keeps serving afterwards", () =>
    Effect.gen(function* () {
      const served = yield* FakeTwilio.serve()
      const conference = yield* served.seedConference()
      yield* served.seedParticipants(conference.sid, [{ label: "x" }])
      const path = `/2010-04-01/Accounts/${served.accountSid}/Conferences/${conference.sid}/Participants/x.json`

      yield* served.injectFault(Fault.dropped)
      const dropped = yield* Effect.exit(http(served, "GET", path))
      assert.isTrue(Exit.isFailure(dropped))

      yield* served.injectFault(Fault.truncatedBody)
      const cut = yield* Effect.exit(http(served, "GET", path))
      // The body is announced in full but the socket closes halfway: reading it fails.
      assert.isTrue(Exit.isFailure(cut))

      yield* served.injectFault(Fault.rateLimited("2 seconds"))
      const limited = yield* http(served, "GET", path)
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.headers.get("retry-after"), "2")

      yield* served.injectFault(Fault.badGateway)
      const gateway = yield* http(served, "GET", path)
      assert.strictEqual(gateway.status, 502)
      assert.include(gateway.text, "<html>")

      const ok = yield* http(served, "GET", path)
      assert.strictEqual(ok.status, 200)
    })
  )

  it.live("closing the scope stops the server and frees the port", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const served = yield* Scope.extend(FakeTwilio.serve(), scope)
      const path = `/2010-04-01/Accounts/${served.accountSid}/Conferences/CF${"0".repeat(32)}.json`
      assert.strictEqual((yield* http(served, "GET", path)).status, 404)
      yield* Scope.close(scope, Exit.void)
      const after = yield* Effect.exit(http(served, "GET", path))
      assert.isTrue(Exit.isFailure(after))
    })
  )

  it.scopedLive("can serve an existing simulator, sharing its state", () =>
    Effect.gen(function* () {
      const simulator = yield* FakeTwilio.make()
      const conference = yield* simulator.seedConference({ friendlyName: "shared" })
      const served = yield* FakeTwilio.serve({ simulator })
      const reply = yield* http(
        served,
        "GET",
        `/2010-04-01/Accounts/${served.accountSid}/Conferences/${conference.sid}.json`
      )
      assert.strictEqual(reply.status, 200)
      assert.strictEqual((yield* simulator.requests).length, 1)
    })
  )
})
