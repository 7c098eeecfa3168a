/**
 * One suite, three transports: the SDK's HTTP and reliability behaviour on real loopback sockets
 * through the lean `UndiciHttpClient.layer`, the platform's `NodeHttpClient.layerUndici` and
 * `FetchHttpClient.layer`. Whatever the transport, a fetch, a create and a paged list work; a hung
 * server times out and frees its socket; an interrupted call aborts on the wire; an oversized body
 * is cut off; bad answers and redirects become tagged errors; the in-flight cap holds.
 */
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig, type TwilioConfigOptions } from "@effect-twilio/core"
import * as UndiciHttpClient from "@effect-twilio/core/UndiciHttpClient"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import { Chunk, Effect, Exit, Fiber, Layer, Stream } from "effect"
import { failureOf } from "./reliability/support/exits.js"
import { ACCOUNT_SID, AUTH_TOKEN, CALL_SID, CONFERENCE_SID } from "./reliability/support/scripted.js"
import { bareServer, countingProxy, waitUntil, waitUntilEffect } from "./reliability/support/sockets.js"

const transports: ReadonlyArray<{
  readonly name: string
  readonly http: Layer.Layer<HttpClient.HttpClient>
}> = [
  { name: "UndiciHttpClient.layer", http: UndiciHttpClient.layer },
  { name: "NodeHttpClient.layerUndici", http: NodeHttpClient.layerUndici },
  { name: "FetchHttpClient.layer", http: FetchHttpClient.layer }
]

const numbers = { from: "+15005550006", to: "+15005550001" }

describe.each(transports)("over $name", ({ http }) => {
  /** `Participants` on `http` for `baseUrl`, no retries unless `options` says otherwise. */
  const live = (baseUrl: string, options: Partial<TwilioConfigOptions> = {}) =>
    Participants.layer.pipe(
      Layer.provide(
        TwilioConfig.layer({
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          baseUrl,
          retry: false,
          ...options
        })
      ),
      Layer.provide(http)
    )

  /** The served simulator (one participant labelled "agent") behind a proxy counting connections. */
  const served = Effect.gen(function* () {
    const fake = yield* FakeTwilio.serve({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN })
    const conference = yield* fake.seedConference()
    yield* fake.seedParticipants(conference.sid, [{ label: "agent" }])
    const proxy = yield* countingProxy(fake.port)
    return { fake, proxy, sid: conference.sid }
  })

  it.scopedLive("fetch, create and a list over several pages", () =>
    Effect.gen(function* () {
      const { fake, proxy, sid } = yield* served
      yield* fake.seedParticipants(sid, 24)
      yield* Effect.gen(function* () {
        const participants = yield* Participants
        const agent = yield* participants.fetch(sid, "agent")
        assert.strictEqual(agent.label, "agent")
        const created = yield* participants.create(sid, { ...numbers, label: "new" })
        assert.strictEqual(created.conferenceSid, sid)
        const roster = yield* Stream.runCollect(participants.list(sid, { pageSize: 10 }))
        assert.strictEqual(Chunk.size(roster), 26)
        const pages = (yield* fake.requests).filter(
          (r) => r.method === "GET" && r.path.endsWith("Participants.json")
        )
        assert.strictEqual(pages.length, 3)
      }).pipe(Effect.provide(live(proxy.baseUrl)))
    })
  )

  it.scopedLive("a hung server times out with TransportError(Timeout) and its socket is closed", () =>
    Effect.gen(function* () {
      const { fake, proxy, sid } = yield* served
      yield* fake.injectFault(Fault.delayed("3 seconds"))
      yield* Effect.gen(function* () {
        const participants = yield* Participants
        const started = Date.now()
        const error = failureOf(yield* Effect.exit(participants.fetch(sid, "agent")), "TransportError")
        assert.strictEqual(error.reason, "Timeout")
        assert.isBelow(Date.now() - started, 2000)
        assert.isTrue(
          yield* waitUntil(() => proxy.open() === 0, "1 second"),
          "socket closed after the timeout"
        )
        // The client carries on, on a fresh connection (with room for a loaded machine).
        assert.strictEqual((yield* participants.fetch(sid, "agent", { timeout: "5 seconds" })).label, "agent")
      }).pipe(Effect.provide(live(proxy.baseUrl, { timeout: "150 millis" })))
    })
  )

  it.scopedLive("interrupting the caller aborts the request on the wire", () =>
    Effect.gen(function* () {
      const { fake, proxy, sid } = yield* served
      yield* fake.injectFault(Fault.delayed("3 seconds"))
      yield* Effect.gen(function* () {
        const participants = yield* Participants
        const fiber = yield* Effect.fork(participants.fetch(sid, "agent"))
        assert.isTrue(
          yield* waitUntilEffect(Effect.map(fake.requests, (log) => log.length === 1)),
          "the server has the request"
        )
        assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(fiber)))
        assert.isTrue(yield* waitUntil(() => proxy.open() === 0, "1 second"), "socket closed")
      }).pipe(Effect.provide(live(proxy.baseUrl)))
    })
  )

  it.scopedLive("a body over maxResponseBytes is cut off near the cap", () =>
    Effect.gen(function* () {
      let written = 0
      const server = yield* bareServer((_, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        const chunk = Buffer.alloc(64 * 1024, 0x20)
        const pump = () => {
          while (written < 20 * 1024 * 1024) {
            written += chunk.length
            if (!res.write(chunk)) return void res.once("drain", pump)
          }
          res.end()
        }
        pump()
      })
      const exit = yield* Effect.exit(
        Effect.flatMap(Participants, (p) => p.fetch(CONFERENCE_SID, CALL_SID)).pipe(
          Effect.provide(live(server.baseUrl, { maxResponseBytes: 256 * 1024 }))
        )
      )
      assert.include(failureOf(exit, "UnexpectedResponse").description, "maxResponseBytes (262144 bytes)")
      assert.isBelow(written, 20 * 1024 * 1024, "the client hung up before the server could send it all")
    })
  )

  it.scopedLive("an HTML 502 is a ServerError; a 200 that is not JSON is UnexpectedResponse", () =>
    Effect.gen(function* () {
      const server = yield* bareServer((req, res) => {
        const gateway = req.url?.includes("Participants/") === true && req.method === "GET"
        res.writeHead(gateway ? 502 : 200, { "content-type": "text/html" })
        res.end(gateway ? "<html><body><h1>502 Bad Gateway</h1></body></html>" : "<html>welcome</html>")
      })
      yield* Effect.gen(function* () {
        const participants = yield* Participants
        const gateway = failureOf(
          yield* Effect.exit(participants.fetch(CONFERENCE_SID, CALL_SID)),
          "ServerError"
        )
        assert.strictEqual(gateway.status, 502)
        assert.include(gateway.excerpt, "502 Bad Gateway")
        const html = yield* Effect.exit(participants.update(CONFERENCE_SID, CALL_SID, { muted: true }))
        assert.strictEqual(failureOf(html, "UnexpectedResponse").status, 200)
      }).pipe(Effect.provide(live(server.baseUrl)))
    })
  )

  it.scopedLive("a redirect is not followed; the credentials stay home", () =>
    Effect.gen(function* () {
      const elsewhere = yield* bareServer((_, res) => res.end("{}"))
      const twilio = yield* bareServer((_, res) => {
        res.writeHead(307, { location: `${elsewhere.baseUrl}/steal` })
        res.end()
      })
      const exit = yield* Effect.exit(
        Effect.flatMap(Participants, (p) => p.fetch(CONFERENCE_SID, CALL_SID)).pipe(
          Effect.provide(live(twilio.baseUrl))
        )
      )
      const error = failureOf(exit, "UnexpectedResponse")
      assert.strictEqual(error.status, 307)
      assert.include(error.description, "not followed")
      assert.strictEqual(twilio.seen.length, 1)
      assert.deepStrictEqual(elsewhere.seen, [])
    })
  )

  it.scopedLive("maxConcurrentRequests caps requests in flight at the server, and so the sockets", () =>
    Effect.gen(function* () {
      const cap = 4
      let inFlight = 0
      let peak = 0
      const server = yield* bareServer((_, res) => {
        inFlight += 1
        peak = Math.max(peak, inFlight)
        setTimeout(() => {
          inFlight -= 1
          res.writeHead(404, { "content-type": "application/json" })
          res.end(JSON.stringify({ code: 20404, message: "not here", status: 404 }))
        }, 10)
      })
      const proxy = yield* countingProxy(Number(new URL(server.baseUrl).port))
      const exits = yield* Effect.scoped(
        Effect.flatMap(Participants, (p) =>
          Effect.forEach(
            Array.from({ length: 40 }, () => Effect.exit(p.fetch(CONFERENCE_SID, CALL_SID))),
            (e) => e,
            { concurrency: "unbounded" }
          )
        ).pipe(Effect.provide(live(proxy.baseUrl, { maxConcurrentRequests: cap })))
      )
      assert.isTrue(exits.every((exit) => failureOf(exit, "NotFound")._tag === "NotFound"))
      assert.strictEqual(server.seen.length, 40)
      assert.isAtMost(peak, cap, "requests in flight at the server")
      assert.isAbove(peak, 1, "and they did run side by side")
      // A socket is given back a moment after its answer is read, so a few more may open than the cap.
      assert.isAtMost(proxy.peak(), 2 * cap, `peak ${proxy.peak()} sockets`)
    })
  )
})
