/**
 * Bad answers never become defects: whatever comes back (HTML pages, cut or mis-shaped JSON,
 * error bodies without a code, unknown codes, bodies too big to read, redirects), every
 * operation ends in a success or one tagged error. Redirects are never followed, so credentials
 * never go to another host; oversized bodies are abandoned at `maxResponseBytes`.
 */
import type { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig, type TwilioError } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Effect, FastCheck as fc, Layer, Stream } from "effect"
import { assertSuccessOrTagged, failureOf } from "./support/exits.js"
import {
  ACCOUNT_SID,
  type Answer,
  AUTH_TOKEN,
  CALL_SID,
  CONFERENCE_SID,
  endlessBody,
  json,
  scripted
} from "./support/scripted.js"
import { bareServer } from "./support/sockets.js"

/** Every operation once, as a thunk over the service. */
const operations: ReadonlyArray<
  readonly [string, (p: Participants.Service) => Effect.Effect<unknown, unknown>]
> = [
  ["create", (p) => p.create(CONFERENCE_SID, { from: "+15005550006", to: "+15005550001" })],
  ["fetch", (p) => p.fetch(CONFERENCE_SID, CALL_SID)],
  ["update", (p) => p.update(CONFERENCE_SID, CALL_SID, { muted: true })],
  ["remove", (p) => p.remove(CONFERENCE_SID, CALL_SID)],
  ["list", (p) => Stream.runDrain(Stream.take(p.list(CONFERENCE_SID), 100))],
  ["page", (p) => p.page(CONFERENCE_SID)]
]

const html = (status: number, title: string): Answer => ({
  status,
  headers: { "content-type": "text/html" },
  body: `<html>\n<head><title>${title}</title></head>\n<body><h1>${title}</h1></body>\n</html>`
})

/**
 * Answers, the tag every operation must report, and what `remove` reports: it ignores the body of
 * a 2xx, so it succeeds, unless the body is too big to read.
 */
const answers: ReadonlyArray<
  readonly [string, () => Answer, TwilioError["_tag"], (TwilioError["_tag"] | "success")?]
> = [
  ["an HTML 500 page", () => html(500, "500 Internal Server Error"), "ServerError"],
  ["an HTML 503 page", () => html(503, "503 Service Temporarily Unavailable"), "ServerError"],
  ["an HTML 404 page", () => html(404, "404 Not Found"), "UnexpectedResponse"],
  ["an HTML 200 page", () => html(200, "Welcome"), "UnexpectedResponse"],
  ["truncated JSON", () => ({ status: 200, body: '{"call_sid":"CA' }), "UnexpectedResponse"],
  ["a 200 with the wrong shape", () => json(200, { call_sid: 42, muted: "very" }), "UnexpectedResponse"],
  ["a 200 with JSON null", () => json(200, null), "UnexpectedResponse"],
  ["a 200 with a JSON array", () => json(200, [1, 2, 3]), "UnexpectedResponse"],
  ["a 200 with an empty body", () => ({ status: 200, body: "" }), "UnexpectedResponse"],
  [
    "deeply nested JSON",
    () => ({ status: 200, body: `${"[".repeat(100_000)}${"]".repeat(100_000)}` }),
    "UnexpectedResponse"
  ],
  ["an error body without code", () => json(400, { message: "nope", status: 400 }), "InvalidRequest"],
  ["an unknown Twilio error code", () => json(400, { code: 99_999, message: "new rule" }), "InvalidRequest"],
  ["a 4xx whose JSON is not a Twilio error", () => json(422, { errors: ["x"] }), "UnexpectedResponse"],
  [
    "a 429 with an unreadable Retry-After",
    () => json(429, { code: 20429 }, { "retry-after": "soon" }),
    "RateLimited"
  ],
  ["a 401 without a body", () => ({ status: 401 }), "UnexpectedResponse"],
  [
    "a redirect",
    () => ({ status: 302, headers: { location: "https://evil.example/steal" } }),
    "UnexpectedResponse"
  ],
  [
    "a 20 MB body without Content-Length",
    () => ({ status: 200, body: endlessBody(20 * 1024 * 1024).stream }),
    "UnexpectedResponse",
    "UnexpectedResponse"
  ]
]

describe("bad answers become tagged errors at every operation", () => {
  for (const [what, answer, tag, removeTag] of answers) {
    it.effect(what, () =>
      Effect.gen(function* () {
        for (const [name, run] of operations) {
          const { layer, requests } = yield* scripted(answer)
          const exit = yield* Effect.exit(Effect.flatMap(Participants, run).pipe(Effect.provide(layer)))
          assertSuccessOrTagged(exit, `${name} on ${what}`)
          const expected = name === "remove" && answer().status < 300 ? (removeTag ?? "success") : tag
          assert.strictEqual(
            exit._tag === "Success"
              ? "success"
              : failureOf(exit, expected === "success" ? tag : expected)._tag,
            expected,
            name
          )
          assert.strictEqual(yield* requests, 1, `${name} sent once`)
        }
      })
    )
  }

  it.effect("an error body without code still reports the HTTP status as its code", () =>
    Effect.gen(function* () {
      const { layer } = yield* scripted(() => json(403, { message: "forbidden" }))
      const error = failureOf(
        yield* Effect.exit(
          Effect.flatMap(Participants, (participants) => participants.fetch(CONFERENCE_SID, CALL_SID)).pipe(
            Effect.provide(layer)
          )
        ),
        "AuthenticationFailed"
      )
      assert.strictEqual(error.code, 403)
    })
  )

  it.effect("an HTML error page is summarised on one short line", () =>
    Effect.gen(function* () {
      const { layer } = yield* scripted(() => html(502, `502 Bad Gateway ${"padding ".repeat(500)}`))
      const error = failureOf(
        yield* Effect.exit(
          Effect.flatMap(Participants, (participants) => participants.fetch(CONFERENCE_SID, CALL_SID)).pipe(
            Effect.provide(layer)
          )
        ),
        "ServerError"
      )
      assert.notInclude(error.excerpt, "\n")
      assert.isAtMost(error.excerpt.length, 301)
    })
  )

  it.effect("a body over the cap is abandoned: the reader stops near maxResponseBytes", () =>
    Effect.gen(function* () {
      const body = endlessBody(20 * 1024 * 1024)
      const { layer } = yield* scripted(() => ({ status: 200, body: body.stream }), {
        maxResponseBytes: 1024 * 1024
      })
      const error = failureOf(
        yield* Effect.exit(
          Effect.flatMap(Participants, (participants) => participants.fetch(CONFERENCE_SID, CALL_SID)).pipe(
            Effect.provide(layer)
          )
        ),
        "UnexpectedResponse"
      )
      assert.include(error.description, "maxResponseBytes")
      assert.isTrue(body.pulled() < 2 * 1024 * 1024, `read ${body.pulled()} bytes`)
    })
  )

  it.effect.prop(
    "property: any status, headers and body give a success or a tagged error",
    [
      fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 205 && s !== 304),
      fc.oneof(fc.string(), fc.json(), fc.constantFrom("", "null", "{", "<html>", '{"code":"x"}')),
      fc.dictionary(
        fc.constantFrom("retry-after", "content-type", "location", "twilio-request-id"),
        fc.string({ maxLength: 40 }).filter((v) => /^[\t\x20-\x7e]*$/.test(v))
      ),
      fc.constantFrom(...operations.map(([name]) => name))
    ],
    ([status, body, headers, name]) =>
      Effect.gen(function* () {
        const run = operations.find(([n]) => n === name)?.[1] ?? operations[0]?.[1]
        if (run === undefined) return
        const { layer } = yield* scripted(() => ({ status, headers, body }))
        assertSuccessOrTagged(
          yield* Effect.exit(Effect.flatMap(Participants, run).pipe(Effect.provide(layer))),
          name
        )
      }),
    { fastCheck: { numRuns: 150 } }
  )
})

/** `Participants` on `http`, configured for `baseUrl`, no retries. */
const liveOn = (baseUrl: string, http: Layer.Layer<HttpClient.HttpClient>) =>
  Participants.layer.pipe(
    Layer.provide(
      TwilioConfig.layer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl, retry: false })
    ),
    Layer.provide(http)
  )

// Redirects and chunked bodies over the cap on real sockets: transports.test.ts, over every transport.
describe("on a real socket", () => {
  it.scopedLive("a Content-Length over the cap fails before the body is read", () =>
    Effect.gen(function* () {
      let finished = false
      const server = yield* bareServer((_, res) => {
        const total = 20 * 1024 * 1024
        res.writeHead(200, { "content-type": "application/json", "content-length": total })
        const chunk = Buffer.alloc(64 * 1024, 0x20)
        let sent = 0
        const pump = () => {
          while (sent < total) {
            sent += chunk.length
            if (!res.write(chunk)) return void res.once("drain", pump)
          }
          finished = true
          res.end()
        }
        pump()
      })
      const exit = yield* Effect.exit(
        Effect.flatMap(Participants, (participants) => participants.fetch(CONFERENCE_SID, CALL_SID)).pipe(
          Effect.provide(liveOn(server.baseUrl, NodeHttpClient.layerUndici))
        )
      )
      const error = failureOf(exit, "UnexpectedResponse")
      assert.include(error.description, "Content-Length 20971520")
      assert.isFalse(finished, "the client hung up before the server could send it all")
    })
  )
})
