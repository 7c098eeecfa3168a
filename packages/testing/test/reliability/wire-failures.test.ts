/**
 * Failures only a real socket shows, on each transport a user may provide: a compressed body that
 * unpacks past `maxResponseBytes` (reliability #2), and transport errors that name their cause
 * (reliability #12): refused, reset, a self-signed certificate, a DNS failure (through an injected
 * lookup: no test reaches a real resolver).
 */

import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import * as Http from "node:http"
import * as Https from "node:https"
import type * as Net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Zlib from "node:zlib"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Effect, Layer, Option, type Scope } from "effect"
import { Agent } from "undici"
import { failureOf } from "./support/exits.js"
import { ACCOUNT_SID, AUTH_TOKEN, CALL_SID, CONFERENCE_SID } from "./support/scripted.js"

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["FetchHttpClient.layer", FetchHttpClient.layer],
  ["NodeHttpClient.layer (node:http)", NodeHttpClient.layer]
]

/** A loopback server (HTTP or HTTPS) answering every request with `handler`, closed with its scope. */
const serve = (
  handler: Http.RequestListener,
  tls?: { readonly key: Buffer; readonly cert: Buffer }
): Effect.Effect<string, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ server: Http.Server; url: string }>((resume) => {
      const server = tls === undefined ? Http.createServer(handler) : Https.createServer(tls, handler)
      const sockets = new Set<Net.Socket>()
      server.on("connection", (socket) => {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({ server, url: `${tls === undefined ? "http" : "https"}://127.0.0.1:${port}` }))
      })
      server.on("close", () => {
        for (const socket of sockets) socket.destroy()
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ url }) => url))

/** A port nobody listens on: opened, then closed. */
const closedPort = Effect.promise(
  () =>
    new Promise<number>((resolve) => {
      const server = Http.createServer()
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        server.close(() => resolve(port))
      })
    })
)

const participantsAt = (
  baseUrl: string,
  transport: Layer.Layer<HttpClient.HttpClient>,
  options: { readonly maxResponseBytes?: number } = {}
) =>
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
    Layer.provide(transport),
    Layer.orDie
  )

const fetchAgent = Effect.flatMap(Participants, (participants) =>
  Effect.exit(participants.fetch(CONFERENCE_SID, CALL_SID))
)

describe("a compressed body is capped by its decoded size (reliability #2)", () => {
  // 64 MiB of spaces: a few hundred bytes of brotli, a few tens of KiB of gzip.
  const decoded = Buffer.alloc(64 * 1024 * 1024, 0x20)
  const bombs = [
    ["br", Zlib.brotliCompressSync(decoded)],
    ["gzip", Zlib.gzipSync(decoded, { level: 9 })]
  ] as const

  for (const [transportName, transport] of transports) {
    for (const [encoding, body] of bombs) {
      it.scopedLive(`${encoding} through ${transportName}: UnexpectedResponse, never the whole body`, () =>
        Effect.gen(function* () {
          const baseUrl = yield* serve((_request, response) => {
            response.writeHead(200, {
              "content-type": "application/json",
              "content-encoding": encoding,
              "content-length": String(body.length)
            })
            response.end(body)
          })
          const before = process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed
          const exit = yield* Effect.provide(
            fetchAgent,
            participantsAt(baseUrl, transport, { maxResponseBytes: 1024 * 1024 })
          )
          const error = failureOf(exit, "UnexpectedResponse")
          // fetch unpacks (and must be stopped at the cap); the others hand over the few compressed
          // bytes, which are not JSON.
          assert.match(error.description, transportName.startsWith("Fetch") ? /maxResponseBytes/ : /not JSON/)
          const grown = process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed - before
          assert.isBelow(grown, 48 * 1024 * 1024, "memory stays near the cap, far below the decoded size")
        })
      )
    }
  }
})

describe("a TransportError names its cause (reliability #12)", () => {
  for (const [transportName, transport] of transports) {
    it.scopedLive(`refused, through ${transportName}: ECONNREFUSED, and known to be unsent`, () =>
      Effect.gen(function* () {
        const port = yield* closedPort
        const exit = yield* Effect.provide(fetchAgent, participantsAt(`http://127.0.0.1:${port}`, transport))
        const error = failureOf(exit, "TransportError")
        assert.strictEqual(error.errorCode, "ECONNREFUSED")
        assert.isTrue(error.unsent)
        assert.include(error.message, "ECONNREFUSED")
      })
    )

    it.scopedLive(`reset, through ${transportName}: named, and not known to be unsent`, () =>
      Effect.gen(function* () {
        const baseUrl = yield* serve((request) => request.socket.destroy())
        const exit = yield* Effect.provide(fetchAgent, participantsAt(baseUrl, transport))
        const error = failureOf(exit, "TransportError")
        assert.isDefined(error.errorCode)
        assert.match(error.message, /reset|closed|hang up/i)
        assert.notStrictEqual(error.unsent, true)
      })
    )
  }

  const certificate = (() => {
    try {
      const dir = mkdtempSync(join(tmpdir(), "effect-twilio-tls-"))
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1"].concat([
          "-keyout",
          join(dir, "key.pem"),
          "-out",
          join(dir, "cert.pem")
        ]),
        { stdio: "ignore" }
      )
      const pair = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }
      rmSync(dir, { recursive: true, force: true })
      return Option.some(pair)
    } catch {
      return Option.none()
    }
  })()

  for (const [transportName, transport] of transports) {
    const name = `a self-signed certificate, through ${transportName}: a TLS cause, unsent`
    if (Option.isNone(certificate)) {
      it.skip(`${name} (needs the openssl command to make the certificate)`, () => {})
      continue
    }
    it.scopedLive(name, () =>
      Effect.gen(function* () {
        const tls = Option.getOrThrow(certificate)
        const baseUrl = yield* serve((_request, response) => response.end("{}"), tls)
        const exit = yield* Effect.provide(fetchAgent, participantsAt(baseUrl, transport))
        const error = failureOf(exit, "TransportError")
        assert.match(error.errorCode ?? "", /CERT/)
        assert.include(error.message, "TLS")
        assert.isTrue(error.unsent)
      })
    )
  }

  it.scopedLive("a DNS failure (injected lookup), through undici: ENOTFOUND, unsent", () =>
    Effect.gen(function* () {
      const dispatcher = yield* Effect.acquireRelease(
        Effect.sync(
          () =>
            new Agent({
              connect: {
                lookup: (hostname, _options, callback) =>
                  callback(
                    Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
                      code: "ENOTFOUND",
                      hostname
                    }),
                    "",
                    4
                  )
              }
            })
        ),
        (agent) => Effect.promise(() => agent.close())
      )
      const transport = NodeHttpClient.layerUndiciWithoutDispatcher.pipe(
        Layer.provide(Layer.succeed(NodeHttpClient.Dispatcher, dispatcher))
      )
      const exit = yield* Effect.provide(fetchAgent, participantsAt("https://api.twilio.com", transport))
      const error = failureOf(exit, "TransportError")
      assert.strictEqual(error.errorCode, "ENOTFOUND")
      assert.isTrue(error.unsent)
      assert.include(error.message, "DNS")
    })
  )
})
