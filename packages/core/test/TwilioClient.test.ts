import { readFileSync } from "node:fs"
import * as UrlParams from "@effect/platform/UrlParams"
import { assert, describe, it } from "@effect/vitest"
import { CallOptions } from "@effect-twilio/core"
import { Duration, Effect, Fiber, Option, Schema, TestClock } from "effect"
import { version } from "../src/internal/version.js"
import { failureOf } from "./fixtures/Exits.js"
import {
  ACCOUNT_SID,
  API_KEY,
  API_SECRET,
  AUTH_TOKEN,
  brokenBody,
  createParticipant,
  deleteParticipant,
  getParticipant,
  hang,
  makeClient,
  REQUEST_ID,
  reply,
  transportFailure,
  twilioError
} from "./fixtures/Transport.js"

const Participant = Schema.Struct({ call_sid: Schema.String, muted: Schema.Boolean })
const participantBody = { call_sid: `CA${"2".repeat(32)}`, muted: false }

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`

const packageVersion = (): unknown => {
  const json: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
  return typeof json === "object" && json !== null && "version" in json ? json.version : undefined
}

describe("TwilioClient requests", () => {
  it("sends the version of package.json in the User-Agent", () => {
    assert.strictEqual(version, packageVersion())
  })

  it.effect("GET: base URL + path, Basic auth with the auth token, Accept, User-Agent, no body", () =>
    Effect.gen(function* () {
      const { client, log } = yield* makeClient([reply(200, participantBody)])
      const value = yield* client.json(getParticipant, Participant)
      assert.deepStrictEqual(value, participantBody)
      const [sent] = yield* log
      assert.isDefined(sent)
      if (sent === undefined) return
      assert.strictEqual(sent.method, "GET")
      assert.strictEqual(sent.url.href, `https://api.twilio.com${getParticipant.path}`)
      assert.strictEqual(sent.headers.authorization, basic(ACCOUNT_SID, AUTH_TOKEN))
      assert.strictEqual(sent.headers.accept, "application/json")
      const agent = sent.headers["user-agent"] ?? ""
      assert.isTrue(agent.startsWith(`effect-twilio/${version} `), agent)
      assert.include(agent, `node/${process.version}`)
      assert.isTrue(Option.isNone(sent.body))
      assert.strictEqual(client.accountPath, `/2010-04-01/Accounts/${ACCOUNT_SID}`)
    })
  )

  it.effect("API key credentials authenticate as the key, not the account", () =>
    Effect.gen(function* () {
      const { client, log } = yield* makeClient([reply(200, participantBody)], {
        accountSid: ACCOUNT_SID,
        apiKey: API_KEY,
        apiSecret: API_SECRET
      })
      yield* client.json(getParticipant, Participant)
      const [sent] = yield* log
      assert.strictEqual(sent?.headers.authorization, basic(API_KEY, API_SECRET))
      // The account still names the resource.
      assert.include(sent?.url.pathname ?? "", `/Accounts/${ACCOUNT_SID}/`)
    })
  )

  it.effect("GET query parameters end up in the URL, repeated keys in order", () =>
    Effect.gen(function* () {
      const { client, log } = yield* makeClient([reply(200, participantBody)])
      yield* client.json(
        {
          ...getParticipant,
          query: UrlParams.fromInput([
            ["PageSize", "2"],
            ["Muted", "true"],
            ["Muted", "a b&c"]
          ])
        },
        Participant
      )
      const [sent] = yield* log
      assert.deepStrictEqual(
        [...(sent?.url.searchParams ?? [])],
        [
          ["PageSize", "2"],
          ["Muted", "true"],
          ["Muted", "a b&c"]
        ]
      )
      assert.strictEqual(sent?.url.pathname, getParticipant.path)
    })
  )

  it.effect("POST sends a form body with its content type and exact bytes", () =>
    Effect.gen(function* () {
      const { client, log } = yield* makeClient([reply(201, participantBody)])
      yield* client.json(
        {
          ...createParticipant,
          form: UrlParams.fromInput([
            ["From", "+15017122661"],
            ["Label", "a b&c=d%é"],
            ["StatusCallbackEvent", "ringing"],
            ["StatusCallbackEvent", "answered"]
          ])
        },
        Participant
      )
      const [sent] = yield* log
      assert.strictEqual(sent?.method, "POST")
      const body = sent === undefined ? Option.none() : sent.body
      assert.isTrue(Option.isSome(body))
      if (Option.isNone(body)) return
      assert.strictEqual(body.value.contentType, "application/x-www-form-urlencoded")
      assert.strictEqual(
        body.value.text,
        "From=%2B15017122661&Label=a+b%26c%3Dd%25%C3%A9&StatusCallbackEvent=ringing&StatusCallbackEvent=answered"
      )
    })
  )

  it.effect("a configured base URL, region and User-Agent suffix are used", () =>
    Effect.gen(function* () {
      const { client, log } = yield* makeClient([reply(200, participantBody)], {
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        region: "ie1",
        edge: "dublin",
        userAgent: "my-app/2.0"
      })
      yield* client.json(getParticipant, Participant)
      const [sent] = yield* log
      assert.strictEqual(sent?.url.origin, "https://api.dublin.ie1.twilio.com")
      assert.isTrue((sent?.headers["user-agent"] ?? "").endsWith(" my-app/2.0"))
    })
  )

  it.effect("empty: a DELETE answered 204 succeeds", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient([reply(204)])
      yield* client.empty(deleteParticipant)
      assert.strictEqual(yield* attempts, 1)
    })
  )
})

describe("TwilioClient error mapping", () => {
  // One attempt: these tests are about what a single answer becomes.
  const once = getParticipant
  const run = (steps: Parameters<typeof makeClient>[0], request = once) =>
    Effect.flatMap(makeClient(steps), ({ client }) =>
      Effect.exit(client.json(request, Participant).pipe(CallOptions.withCallOptions({ retry: false })))
    )

  it.effect("404 with a Twilio body -> NotFound with code, message, moreInfo and requestId", () =>
    Effect.gen(function* () {
      const error = failureOf(
        yield* run([twilioError(404, 20404, "The requested resource was not found")]),
        "NotFound"
      )
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.code, 20404)
      assert.strictEqual(error.message, "The requested resource was not found")
      assert.strictEqual(error.moreInfo, "https://www.twilio.com/docs/errors/20404")
      assert.strictEqual(error.requestId, REQUEST_ID)
      assert.strictEqual(error.method, "GET")
      assert.strictEqual(error.path, getParticipant.path)
    })
  )

  it.effect("the path in an error never carries the query string", () =>
    Effect.gen(function* () {
      const error = failureOf(
        yield* run([twilioError(404, 20404, "gone")], {
          ...once,
          path: `${getParticipant.path}?Page=2&PageToken=x`
        }),
        "NotFound"
      )
      assert.strictEqual(error.path, getParticipant.path)
    })
  )

  it.effect("401 -> AuthenticationFailed", () =>
    Effect.gen(function* () {
      const error = failureOf(yield* run([twilioError(401, 20003, "Authenticate")]), "AuthenticationFailed")
      assert.strictEqual(error.code, 20003)
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.requestId, REQUEST_ID)
    })
  )

  it.effect("403 -> AuthenticationFailed", () =>
    Effect.gen(function* () {
      const error = failureOf(yield* run([twilioError(403, 20003, "Forbidden")]), "AuthenticationFailed")
      assert.strictEqual(error.status, 403)
    })
  )

  it.effect("400 with a 21xxx code -> InvalidRequest", () =>
    Effect.gen(function* () {
      const error = failureOf(
        yield* run([twilioError(400, 21217, "Phone number is not a valid phone number")]),
        "InvalidRequest"
      )
      assert.strictEqual(error.code, 21217)
      assert.strictEqual(error.status, 400)
      assert.strictEqual(error.moreInfo, "https://www.twilio.com/docs/errors/21217")
    })
  )

  it.effect("a 4xx body with code 20404 -> NotFound even on another status", () =>
    Effect.gen(function* () {
      const error = failureOf(yield* run([twilioError(400, 20404, "no such thing")]), "NotFound")
      assert.strictEqual(error.code, 20404)
    })
  )

  it.effect("429 with Retry-After -> RateLimited with retryAfter and attempts", () =>
    Effect.gen(function* () {
      const error = failureOf(
        yield* run([twilioError(429, 20429, "Too Many Requests", { "retry-after": "7" })]),
        "RateLimited"
      )
      assert.strictEqual(error.code, 20429)
      assert.deepStrictEqual(Option.getOrNull(error.retryAfter), Duration.seconds(7))
      assert.strictEqual(error.attempts, 1)
      assert.strictEqual(error.requestId, REQUEST_ID)
    })
  )

  it.effect("429 without Retry-After or body -> RateLimited with retryAfter none and code 20429", () =>
    Effect.gen(function* () {
      const error = failureOf(yield* run([reply(429, "")]), "RateLimited")
      assert.isTrue(Option.isNone(error.retryAfter))
      assert.strictEqual(error.code, 20429)
    })
  )

  it.effect("500 and 503 -> ServerError with status, code and excerpt", () =>
    Effect.gen(function* () {
      for (const status of [500, 503]) {
        const error = failureOf(
          yield* run([twilioError(status, 20500, "Internal Server Error")]),
          "ServerError"
        )
        assert.strictEqual(error.status, status)
        assert.strictEqual(error.code, 20500)
        assert.strictEqual(error.attempts, 1)
        assert.include(error.excerpt, "Internal Server Error")
        assert.strictEqual(error.requestId, REQUEST_ID)
      }
    })
  )

  it.effect("an HTML 502 page -> ServerError with a short one-line excerpt", () =>
    Effect.gen(function* () {
      const page = `<html>\n<head><title>502 Bad Gateway</title></head>\n<body>${"x".repeat(5000)}</body>\n</html>`
      const error = failureOf(yield* run([reply(502, page, { "content-type": "text/html" })]), "ServerError")
      assert.strictEqual(error.status, 502)
      assert.isUndefined(error.code)
      assert.include(error.excerpt, "502 Bad Gateway")
      assert.notInclude(error.excerpt, "\n")
      assert.isAtMost(error.excerpt.length, 301)
      assert.include(error.message, "HTTP 502")
    })
  )

  it.effect("a non-JSON 4xx -> UnexpectedResponse with the status and an excerpt", () =>
    Effect.gen(function* () {
      const error = failureOf(
        yield* run([reply(400, "<html>Bad Request</html>", { "content-type": "text/html" })]),
        "UnexpectedResponse"
      )
      assert.strictEqual(error.status, 400)
      assert.include(error.excerpt, "Bad Request")
    })
  )

  it.effect("a 4xx whose JSON is not a Twilio error -> UnexpectedResponse", () =>
    Effect.gen(function* () {
      const error = failureOf(yield* run([reply(400, { hello: "world" })]), "UnexpectedResponse")
      assert.strictEqual(error.status, 400)
    })
  )

  it.effect("a 200 whose body does not decode -> UnexpectedResponse naming the problem", () =>
    Effect.gen(function* () {
      const error = failureOf(yield* run([reply(200, { call_sid: 42 })]), "UnexpectedResponse")
      assert.strictEqual(error.status, 200)
      assert.include(error.description, "call_sid")
      assert.include(error.excerpt, "42")
    })
  )

  it.effect("a 201 whose body does not decode reports status 201 and the request id", () =>
    Effect.gen(function* () {
      const error = failureOf(
        yield* run([reply(201, { nope: true }, { "twilio-request-id": REQUEST_ID })], createParticipant),
        "UnexpectedResponse"
      )
      assert.strictEqual(error.status, 201)
      assert.strictEqual(error.requestId, REQUEST_ID)
    })
  )

  it.effect("a 200 with invalid JSON -> UnexpectedResponse", () =>
    Effect.gen(function* () {
      const error = failureOf(yield* run([reply(200, '{"call_sid": "CA')]), "UnexpectedResponse")
      assert.strictEqual(error.status, 200)
      assert.include(error.description, "not JSON")
    })
  )

  it.effect("a 3xx redirect is not followed -> UnexpectedResponse", () =>
    Effect.gen(function* () {
      const error = failureOf(
        yield* run([reply(302, "", { location: "https://elsewhere.example/x" })]),
        "UnexpectedResponse"
      )
      assert.strictEqual(error.status, 302)
      assert.include(error.description, "https://elsewhere.example/x")
    })
  )

  it.effect("an error body without `code` is still tagged, with the status standing in", () =>
    Effect.gen(function* () {
      const notFound = failureOf(
        yield* run([reply(404, { message: "nothing here", status: 404 })]),
        "NotFound"
      )
      assert.strictEqual(notFound.code, 404)
      assert.strictEqual(notFound.message, "nothing here")
      const invalid = failureOf(yield* run([reply(400, { message: "bad", status: 400 })]), "InvalidRequest")
      assert.strictEqual(invalid.code, 400)
      const server = failureOf(yield* run([reply(500, { message: "boom" })]), "ServerError")
      assert.isUndefined(server.code)
    })
  )

  it.effect("a transport failure -> TransportError reason Transport", () =>
    Effect.gen(function* () {
      const error = failureOf(
        yield* run([transportFailure("connect ECONNREFUSED 127.0.0.1:443")]),
        "TransportError"
      )
      assert.strictEqual(error.reason, "Transport")
      assert.include(error.description, "ECONNREFUSED")
      assert.strictEqual(error.attempts, 1)
      assert.strictEqual(error.path, getParticipant.path)
    })
  )

  it.effect("a connection dropped while reading the body -> TransportError reason Transport", () =>
    Effect.gen(function* () {
      const error = failureOf(yield* run([brokenBody(200)]), "TransportError")
      assert.strictEqual(error.reason, "Transport")
      assert.include(error.description, "body")
    })
  )

  it.effect("no answer within the timeout -> TransportError reason Timeout", () =>
    Effect.gen(function* () {
      const { client, attempts } = yield* makeClient([hang], {
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        timeout: Duration.seconds(10),
        retry: false
      })
      const fiber = yield* Effect.fork(Effect.exit(client.json(once, Participant)))
      yield* TestClock.adjust(Duration.millis(9_999))
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "still waiting before the timeout")
      yield* TestClock.adjust(Duration.millis(2))
      const error = failureOf(yield* Fiber.join(fiber), "TransportError")
      assert.strictEqual(error.reason, "Timeout")
      assert.strictEqual(error.attempts, 1)
      assert.strictEqual(yield* attempts, 1)
    })
  )

  it.effect("a per-call timeout replaces the configured one", () =>
    Effect.gen(function* () {
      const { client } = yield* makeClient([hang])
      const fiber = yield* Effect.fork(
        Effect.exit(
          client
            .json(once, Participant)
            .pipe(CallOptions.withCallOptions({ timeout: "2 seconds", retry: false }))
        )
      )
      yield* TestClock.adjust(Duration.seconds(2))
      const error = failureOf(yield* Fiber.join(fiber), "TransportError")
      assert.strictEqual(error.reason, "Timeout")
    })
  )

  it.effect("empty maps errors the same way", () =>
    Effect.gen(function* () {
      const { client } = yield* makeClient([twilioError(401, 20003, "Authenticate")])
      failureOf(
        yield* Effect.exit(
          client.empty(deleteParticipant).pipe(CallOptions.withCallOptions({ retry: false }))
        ),
        "AuthenticationFailed"
      )
    })
  )
})
