/**
 * The lean undici transport against a real loopback `node:http` server: methods, headers, every
 * body kind both ways, streaming, empty bodies, errors with their undici/Node causes, interruption
 * seen on the wire, connection reuse and the connection cap.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as UndiciHttpClient from "@effect-twilio/core/UndiciHttpClient"
import { Chunk, Duration, Effect, Exit, Fiber, FastCheck as fc, Layer, Stream } from "effect"
import { Dispatcher, Pool } from "undici"
import { eventually, loopback, readBody } from "./fixtures/Loopback.js"
import { collectingTracer } from "./fixtures/Tracing.js"

const bytes = (text: string) => new TextEncoder().encode(text)

/** Echoes method, URL, headers and body (latin1) as JSON. */
const echo = loopback((req, res) => {
  void readBody(req).then((body) => {
    res.setHeader("content-type", "application/json")
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: body.toString("latin1")
      })
    )
  })
})

interface Echoed {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string | undefined>
  readonly body: string
}

const isEchoed = (u: unknown): u is Echoed =>
  typeof u === "object" && u !== null && "method" in u && "body" in u

/** Sends `request` and decodes the echo. */
const echoed = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const body = yield* response.json
    return isEchoed(body) ? body : assert.fail(`not an echo: ${JSON.stringify(body)}`)
  })

/** Sends `request` and answers the response. */
const send = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.flatMap(HttpClient.HttpClient, (client) => client.execute(request))

/** The `code` of an error's cause (undici and Node errors carry one). */
const codeOf = (error: HttpClientError.HttpClientError): unknown =>
  typeof error.cause === "object" && error.cause !== null ? Reflect.get(error.cause, "code") : undefined

const live = Effect.provide(UndiciHttpClient.layer)

describe("requests", () => {
  it.scopedLive("every method reaches the server as sent; HEAD answers an empty body", () =>
    Effect.gen(function* () {
      const server = yield* echo
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const) {
        const seen = yield* echoed(HttpClientRequest.make(method)(`${server.url}/m`))
        assert.strictEqual(seen.method, method)
      }
      const head = yield* send(HttpClientRequest.head(`${server.url}/m`))
      assert.strictEqual(head.status, 200)
      assert.strictEqual(yield* head.text, "")
      assert.strictEqual(server.received.at(-1)?.method, "HEAD")
    }).pipe(live)
  )

  it.scopedLive("headers go out as set, with no Accept-Encoding added; query parameters are appended", () =>
    Effect.gen(function* () {
      const server = yield* echo
      const seen = yield* echoed(
        HttpClientRequest.get(`${server.url}/h?a=1#fragment`).pipe(
          HttpClientRequest.setHeaders({ "x-one": "1", authorization: "Basic abc" }),
          HttpClientRequest.setUrlParams({ b: "two words", c: "é&=" })
        )
      )
      assert.strictEqual(seen.headers["x-one"], "1")
      assert.strictEqual(seen.headers.authorization, "Basic abc")
      assert.isUndefined(seen.headers["accept-encoding"])
      // Existing query kept, parameters form-encoded after it, the fragment never sent.
      assert.strictEqual(seen.url, "/h?a=1&b=two+words&c=%C3%A9%26%3D")
    }).pipe(live)
  )

  it.scopedLive("URLs that need normalising are sent as new URL would send them", () =>
    Effect.gen(function* () {
      const server = yield* echo
      const seen = yield* echoed(HttpClientRequest.get(`${server.url.toUpperCase()}/a b/../ü?q=x y`))
      assert.strictEqual(seen.url, "/%C3%BC?q=x%20y")
      const root = yield* echoed(HttpClientRequest.get(server.url))
      assert.strictEqual(root.url, "/")
    }).pipe(live)
  )

  it.effect("bad URLs fail with RequestError(InvalidUrl) before any I/O", () =>
    Effect.gen(function* () {
      for (const url of ["/relative", "ftp://127.0.0.1/x", "http://user:secret@127.0.0.1/x", "http://[::1"]) {
        const error = yield* Effect.flip(send(HttpClientRequest.get(url)))
        assert.instanceOf(error, HttpClientError.RequestError, url)
        assert.strictEqual(error.reason, "InvalidUrl", url)
        assert.notInclude(error.description ?? "", "secret")
      }
    }).pipe(live)
  )
})

describe("request bodies", () => {
  it.scopedLive(
    "bytes, text, form, raw string, raw bytes, Blob, web stream, Effect stream and FormData",
    () =>
      Effect.gen(function* () {
        const server = yield* echo
        const post = HttpClientRequest.post(`${server.url}/b`)
        const cases: ReadonlyArray<readonly [string, HttpClientRequest.HttpClientRequest, string, string]> = [
          [
            "bytes",
            HttpClientRequest.bodyUint8Array(post, bytes("\u0001\u0002"), "application/x-bin"),
            "\u0001\u0002",
            "application/x-bin"
          ],
          ["text", HttpClientRequest.bodyText(post, "hello"), "hello", "text/plain"],
          [
            "form",
            HttpClientRequest.bodyUrlParams(post, { To: "+15005550001", Label: "a b&c" }),
            "To=%2B15005550001&Label=a+b%26c",
            "application/x-www-form-urlencoded"
          ],
          [
            "raw string",
            HttpClientRequest.setBody(post, HttpBody.raw("raw", { contentType: "text/x-raw" })),
            "raw",
            "text/x-raw"
          ],
          [
            "raw bytes",
            HttpClientRequest.setBody(post, HttpBody.raw(bytes("rb"), { contentType: "a/b" })),
            "rb",
            "a/b"
          ],
          [
            "raw Blob",
            HttpClientRequest.setBody(post, HttpBody.raw(new Blob(["blob"]), { contentType: "a/c" })),
            "blob",
            "a/c"
          ],
          [
            "raw web stream",
            HttpClientRequest.setBody(
              post,
              HttpBody.raw(new Blob(["web", "stream"]).stream(), { contentType: "a/d" })
            ),
            "webstream",
            "a/d"
          ],
          [
            "Effect stream",
            HttpClientRequest.bodyStream(post, Stream.make(bytes("str"), bytes("eam")), {
              contentType: "a/e"
            }),
            "stream",
            "a/e"
          ]
        ]
        for (const [what, request, body, contentType] of cases) {
          const seen = yield* echoed(request)
          assert.strictEqual(seen.body, body, what)
          assert.strictEqual(seen.headers["content-type"], contentType, what)
        }
        const form = new FormData()
        form.append("field", "value")
        form.append("file", new Blob(["content"], { type: "text/plain" }), "f.txt")
        const seen = yield* echoed(HttpClientRequest.bodyFormData(post, form))
        assert.match(seen.headers["content-type"] ?? "", /^multipart\/form-data; boundary=/)
        assert.include(seen.body, 'name="field"\r\n\r\nvalue')
        assert.include(seen.body, 'filename="f.txt"')
      }).pipe(live)
  )

  it.scopedLive("a failing request stream fails the request with its cause", () =>
    Effect.gen(function* () {
      const server = yield* echo
      const broken = Stream.concat(Stream.make(bytes("part")), Stream.fail(new Error("source broke")))
      const error = yield* Effect.flip(
        send(HttpClientRequest.bodyStream(HttpClientRequest.post(server.url), broken))
      )
      assert.instanceOf(error, HttpClientError.RequestError)
      assert.include(error.description ?? "", "source broke")
    }).pipe(live)
  )

  it.effect("a raw body of an unsupported kind fails with RequestError(Encode)", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        send(HttpClientRequest.setBody(HttpClientRequest.post("http://127.0.0.1:9/x"), HttpBody.raw(42)))
      )
      assert.instanceOf(error, HttpClientError.RequestError)
      assert.strictEqual(error.reason, "Encode")
    }).pipe(live)
  )
})

describe("response bodies", () => {
  const big = Buffer.alloc(1024 * 1024 + 7, 0x61)

  const answers = loopback((req, res) => {
    switch (req.url) {
      case "/json":
        res.setHeader("set-cookie", ["a=1; Path=/", "b=2"])
        res.setHeader("x-many", ["one", "two"])
        return void res.end('{"ok":true}')
      case "/bom":
        return void res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("ünï")]))
      case "/params":
        return void res.end("a=1&b=two+words")
      case "/form":
        res.setHeader("content-type", "application/x-www-form-urlencoded")
        return void res.end("x=1&y=2")
      case "/big":
        res.setHeader("content-length", big.byteLength)
        return void res.end(big)
      case "/empty":
        res.writeHead(204)
        return void res.end()
      case "/gzip":
        res.setHeader("content-encoding", "gzip")
        return void res.end(gzipSync("squeezed"))
      case "/redirect":
        res.writeHead(302, { location: "/json" })
        return void res.end()
      default:
        res.writeHead(404)
        return void res.end()
    }
  })

  it.scopedLive("text, json, arrayBuffer, urlParamsBody, formData; headers and cookies", () =>
    Effect.gen(function* () {
      const server = yield* answers
      const json = yield* send(HttpClientRequest.get(`${server.url}/json`))
      assert.deepStrictEqual(yield* json.json, { ok: true })
      // Read once from the socket, then answered again from what was read.
      assert.strictEqual(yield* json.text, '{"ok":true}')
      assert.strictEqual(json.headers["x-many"], "one, two")
      assert.strictEqual(json.headers["content-length"], "11")
      assert.deepStrictEqual(
        Object.values(json.cookies.cookies).map((c) => [c.name, c.value]),
        [
          ["a", "1"],
          ["b", "2"]
        ]
      )
      const bom = yield* send(HttpClientRequest.get(`${server.url}/bom`))
      assert.strictEqual(yield* bom.text, "ünï")
      const params = yield* send(HttpClientRequest.get(`${server.url}/params`))
      assert.deepStrictEqual(yield* params.urlParamsBody, [
        ["a", "1"],
        ["b", "two words"]
      ])
      const buffer = yield* send(HttpClientRequest.get(`${server.url}/big`))
      const read = new Uint8Array(yield* buffer.arrayBuffer)
      assert.strictEqual(read.byteLength, big.byteLength)
      assert.isTrue(Buffer.from(read).equals(big))
      const form = yield* send(HttpClientRequest.get(`${server.url}/form`))
      const data = yield* form.formData
      assert.strictEqual(data.get("y"), "2")
    }).pipe(live)
  )

  it.scopedLive(
    "a body streams in chunks, all bytes in order; after a whole read the stream replays it",
    () =>
      Effect.gen(function* () {
        const server = yield* answers
        const response = yield* send(HttpClientRequest.get(`${server.url}/big`))
        const chunks = yield* Stream.runCollect(response.stream)
        assert.isAbove(Chunk.size(chunks), 1)
        assert.isTrue(Buffer.concat(Chunk.toReadonlyArray(chunks)).equals(big))
        const again = yield* Effect.flip(response.text)
        assert.strictEqual(again.reason, "Decode")
        const whole = yield* send(HttpClientRequest.get(`${server.url}/json`))
        yield* whole.text
        const replay = yield* Stream.runCollect(whole.stream)
        assert.strictEqual(Buffer.concat(Chunk.toReadonlyArray(replay)).toString(), '{"ok":true}')
      }).pipe(live)
  )

  it.scopedLive("204 and HEAD: empty text, null json, an empty stream", () =>
    Effect.gen(function* () {
      const server = yield* answers
      const empty = yield* send(HttpClientRequest.get(`${server.url}/empty`))
      assert.strictEqual(empty.status, 204)
      assert.strictEqual(yield* empty.text, "")
      assert.isNull(yield* empty.json)
      const stream = yield* send(HttpClientRequest.get(`${server.url}/empty`))
      assert.strictEqual(Chunk.size(yield* Stream.runCollect(stream.stream)), 0)
      const head = yield* send(HttpClientRequest.head(`${server.url}/big`))
      assert.strictEqual(head.headers["content-length"], String(big.byteLength))
      assert.strictEqual(Chunk.size(yield* Stream.runCollect(head.stream)), 0)
    }).pipe(live)
  )

  it.scopedLive("no decompression, redirects handed back, bad JSON a ResponseError(Decode)", () =>
    Effect.gen(function* () {
      const server = yield* answers
      const gzip = yield* send(HttpClientRequest.get(`${server.url}/gzip`))
      assert.isTrue(Buffer.from(yield* gzip.arrayBuffer).equals(gzipSync("squeezed")))
      const redirect = yield* send(HttpClientRequest.get(`${server.url}/redirect`))
      assert.strictEqual(redirect.status, 302)
      assert.strictEqual(redirect.headers.location, "/json")
      assert.strictEqual(server.received.filter((r) => r.url === "/json").length, 0, "not followed")
      const notJson = yield* send(HttpClientRequest.get(`${server.url}/params`))
      const error = yield* Effect.flip(notJson.json)
      assert.strictEqual(error.reason, "Decode")
    }).pipe(live)
  )
})

/** A self-signed certificate for 127.0.0.1, made with the openssl CLI; undefined when it is missing. */
const selfSigned = (): { readonly key: string; readonly cert: string } | undefined => {
  const dir = mkdtempSync(join(tmpdir(), "undici-tls-"))
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1"
      ],
      { stdio: "ignore" }
    )
    return {
      key: readFileSync(join(dir, "key.pem"), "utf8"),
      cert: readFileSync(join(dir, "cert.pem"), "utf8")
    }
  } catch {
    return undefined
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const tls = selfSigned()

describe("errors carry their cause", () => {
  it.scopedLive("connection refused on a closed port: RequestError(Transport), cause ECONNREFUSED", () =>
    Effect.gen(function* () {
      const server = yield* echo
      const url = server.url
      // A port that was just listening and is closed now.
      const closed = yield* Effect.scoped(Effect.map(echo, (s) => s.url))
      void url
      const error = yield* Effect.flip(send(HttpClientRequest.get(`${closed}/x`)))
      assert.instanceOf(error, HttpClientError.RequestError)
      assert.strictEqual(error.reason, "Transport")
      assert.strictEqual(codeOf(error), "ECONNREFUSED")
      assert.include(error.description ?? "", "ECONNREFUSED")
    }).pipe(live)
  )

  it.scopedLive("a reset before the answer is a RequestError; a reset mid-body fails the read", () =>
    Effect.gen(function* () {
      const server = yield* loopback((req, res) => {
        if (req.url === "/drop") return void req.socket.destroy()
        res.writeHead(200, { "content-length": "1000" })
        res.write("only part of it")
        setTimeout(() => req.socket.destroy(), 20)
      })
      const dropped = yield* Effect.flip(send(HttpClientRequest.get(`${server.url}/drop`)))
      assert.instanceOf(dropped, HttpClientError.RequestError)
      assert.strictEqual(codeOf(dropped), "UND_ERR_SOCKET")
      const response = yield* send(HttpClientRequest.get(`${server.url}/cut`))
      assert.strictEqual(response.status, 200)
      const cut = yield* Effect.flip(response.text)
      assert.instanceOf(cut, HttpClientError.ResponseError)
      assert.strictEqual(cut.reason, "Decode")
      assert.strictEqual(codeOf(cut), "UND_ERR_SOCKET")
      const streamed = yield* send(HttpClientRequest.get(`${server.url}/cut`))
      const streamError = yield* Effect.flip(Stream.runDrain(streamed.stream))
      assert.strictEqual(codeOf(streamError), "UND_ERR_SOCKET")
    }).pipe(live)
  )

  it.scopedLive.skipIf(tls === undefined)(
    "TLS: a self-signed certificate is refused with its code; trusted through connect.ca it works",
    () =>
      Effect.gen(function* () {
        if (tls === undefined) return
        const server = yield* loopback((_, res) => res.end("secure"), tls)
        const error = yield* Effect.flip(send(HttpClientRequest.get(`${server.url}/t`)).pipe(live))
        assert.instanceOf(error, HttpClientError.RequestError)
        assert.match(String(codeOf(error)), /SELF_SIGNED|UNABLE_TO_VERIFY/)
        const trusted = UndiciHttpClient.layerWith({ connect: { ca: tls.cert } })
        const response = yield* send(HttpClientRequest.get(`${server.url}/t`)).pipe(Effect.provide(trusted))
        assert.strictEqual(yield* response.text, "secure")
      })
  )

  it.scopedLive("DNS through an injected lookup: ENOTFOUND is reported; a mapped name connects", () =>
    Effect.gen(function* () {
      const server = yield* echo
      const notFound = UndiciHttpClient.layerWith({
        connect: {
          lookup: (hostname, _options, callback) =>
            callback(
              Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }),
              "",
              4
            )
        }
      })
      const error = yield* Effect.flip(
        send(HttpClientRequest.get("http://api.nowhere.test/x")).pipe(Effect.provide(notFound))
      )
      assert.instanceOf(error, HttpClientError.RequestError)
      assert.strictEqual(codeOf(error), "ENOTFOUND")
      const mapped = UndiciHttpClient.layerWith({
        connect: {
          lookup: (_hostname, options, callback) =>
            options.all === true
              ? callback(null, [{ address: "127.0.0.1", family: 4 }])
              : callback(null, "127.0.0.1", 4)
        }
      })
      const seen = yield* echoed(HttpClientRequest.get(`http://api.twilio.test:${server.port}/mapped`)).pipe(
        Effect.provide(mapped)
      )
      assert.strictEqual(seen.headers.host, `api.twilio.test:${server.port}`)
    })
  )

  it.effect("layerWith refuses options it cannot use, before opening anything", () =>
    Effect.gen(function* () {
      const invalid: ReadonlyArray<UndiciHttpClient.Options> = [
        { connections: 0 },
        { connections: 1.5 },
        { keepAliveTimeout: Duration.infinity }
      ]
      for (const options of invalid) {
        const error = yield* Effect.flip(Layer.build(UndiciHttpClient.layerWith(options)).pipe(Effect.scoped))
        assert.strictEqual(error._tag, "InvalidOptions")
      }
    })
  )
})

/** Answers the request's headers, then a body in parts it never finishes; counts closed sockets. */
const stalling = loopback((req, res) => {
  if (req.url === "/headers-only") {
    res.writeHead(200, { "content-type": "text/plain" })
    return void res.write("a first part, and then nothing")
  }
  // `/hang`: no answer at all.
})

describe("interruption aborts on the wire", () => {
  it.scopedLive("before the answer: the server sees the socket close", () =>
    Effect.gen(function* () {
      const server = yield* stalling
      const fiber = yield* Effect.fork(send(HttpClientRequest.get(`${server.url}/hang`)))
      assert.isTrue(yield* eventually(() => server.received.length === 1), "the server has the request")
      assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(fiber)))
      assert.isTrue(yield* eventually(() => server.open() === 0, 1000), "socket closed")
    }).pipe(live)
  )

  it.scopedLive("while the body is read, whole or streamed: the socket closes", () =>
    Effect.gen(function* () {
      const server = yield* stalling
      const reads: ReadonlyArray<
        (r: HttpClientResponse.HttpClientResponse) => Effect.Effect<unknown, unknown>
      > = [(r) => r.text, (r) => r.json, (r) => Stream.runDrain(r.stream)]
      for (const read of reads) {
        const response = yield* send(HttpClientRequest.get(`${server.url}/headers-only`))
        const fiber = yield* Effect.fork(read(response))
        assert.isTrue(yield* eventually(() => server.open() === 1))
        yield* Effect.sleep("20 millis")
        assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(fiber)))
        assert.isTrue(yield* eventually(() => server.open() === 0, 1000), "socket closed")
      }
    }).pipe(live)
  )

  it.scopedLive("a stream ended early (take) gives its socket up", () =>
    Effect.gen(function* () {
      const server = yield* stalling
      const response = yield* send(HttpClientRequest.get(`${server.url}/headers-only`))
      const first = yield* Stream.runCollect(Stream.take(response.stream, 1))
      assert.strictEqual(Chunk.size(first), 1)
      assert.isTrue(yield* eventually(() => server.open() === 0, 1000), "socket closed")
    }).pipe(live)
  )
})

describe("connections", () => {
  it.scopedLive("sequential requests reuse their sockets: 20 requests, at most 2 connections", () =>
    Effect.gen(function* () {
      const server = yield* echo
      for (let i = 0; i < 20; i++) yield* echoed(HttpClientRequest.get(`${server.url}/${i}`))
      // Without reuse this would be 20. undici (raw `Agent.request` too) hands a request sent in the
      // same turn as the previous answer to a second connection, so two sockets take turns.
      assert.isAtMost(server.opened(), 2)
      assert.isAtMost(new Set(server.received.map((r) => r.socket)).size, 2)
    }).pipe(live)
  )

  it.scopedLive("N concurrent requests never open more sockets than the cap", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => setTimeout(() => res.end("ok"), 10))
      const results = yield* Effect.forEach(
        Array.from({ length: 40 }, (_, i) => i),
        (i) => Effect.flatMap(send(HttpClientRequest.get(`${server.url}/${i}`)), (r) => r.text),
        { concurrency: "unbounded" }
      ).pipe(Effect.provide(UndiciHttpClient.layerWith({ connections: 4 })))
      assert.isTrue(results.every((text) => text === "ok"))
      assert.strictEqual(server.peak(), 4)
      assert.isAtMost(server.opened(), 4)
    })
  )

  it.scopedLive("the default layer opens at most 100 sockets per origin", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => setTimeout(() => res.end("ok"), 30))
      const results = yield* Effect.forEach(
        Array.from({ length: 130 }, (_, i) => i),
        (i) => Effect.flatMap(send(HttpClientRequest.get(`${server.url}/${i}`)), (r) => r.text),
        { concurrency: "unbounded" }
      ).pipe(live)
      assert.strictEqual(results.length, 130)
      assert.strictEqual(server.peak(), UndiciHttpClient.DEFAULT_CONNECTIONS)
    })
  )

  it.scopedLive("closing the layer's scope closes its sockets", () =>
    Effect.gen(function* () {
      const server = yield* echo
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* echoed(HttpClientRequest.get(server.url))
          assert.strictEqual(server.open(), 1, "kept alive while the layer lives")
        }).pipe(Effect.provide(UndiciHttpClient.layer))
      )
      assert.isTrue(yield* eventually(() => server.open() === 0, 1000))
    })
  )

  it.scopedLive("layerDispatcher sends through a dispatcher of the user's own", () =>
    Effect.gen(function* () {
      const server = yield* echo
      const pool = yield* Effect.acquireRelease(
        Effect.sync(() => new Pool(server.url, { connections: 1 })),
        (p) => Effect.promise(() => p.destroy())
      )
      const seen = yield* echoed(HttpClientRequest.get(`${server.url}/pool`)).pipe(
        Effect.provide(
          Layer.provide(UndiciHttpClient.layerDispatcher, Layer.succeed(UndiciHttpClient.Dispatcher, pool))
        )
      )
      assert.strictEqual(seen.url, "/pool")
    })
  )
})

/** A dispatcher that records what it is asked to send and answers nothing. */
class Recording extends Dispatcher {
  readonly sent: Array<Dispatcher.DispatchOptions> = []
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.sent.push(options)
    handler.onError?.(new Error("recorded"))
    return true
  }
}

describe("URL splitting", () => {
  it.effect.prop(
    "property: the origin and path sent are those of new URL, for any web URL",
    [fc.webUrl({ withQueryParameters: true, withFragments: true })],
    ([url]) =>
      Effect.gen(function* () {
        const recording = new Recording()
        yield* Effect.ignore(UndiciHttpClient.fromDispatcher(recording).get(url))
        const parsed = new URL(url)
        if (parsed.username !== "" || parsed.password !== "")
          return assert.strictEqual(recording.sent.length, 0)
        const [sent] = recording.sent
        assert.strictEqual(sent?.origin, parsed.origin, url)
        assert.strictEqual(sent?.path, `${parsed.pathname}${parsed.search}`, url)
      }),
    { fastCheck: { numRuns: 300 } }
  )
})

describe("tracing", () => {
  it.effect("a client span with the platform's attributes, Authorization redacted; none when disabled", () =>
    Effect.gen(function* () {
      const { tracer, spans } = yield* collectingTracer
      const recording = new Recording()
      const client = UndiciHttpClient.fromDispatcher(recording)
      const request = HttpClientRequest.get("http://127.0.0.1:9/traced?q=1").pipe(
        HttpClientRequest.setHeader("authorization", "Basic c2VjcmV0")
      )
      yield* Effect.ignore(client.execute(request)).pipe(Effect.withTracer(tracer))
      const [span] = spans
      assert.strictEqual(span?.kind, "client")
      assert.strictEqual(span?.attributes.get("http.request.method"), "GET")
      assert.strictEqual(span?.attributes.get("url.path"), "/traced")
      assert.strictEqual(span?.attributes.get("url.query"), "q=1")
      assert.strictEqual(span?.attributes.get("server.port"), 9)
      assert.notInclude(String(span?.attributes.get("http.request.header.authorization")), "c2VjcmV0")
      assert.isString(recording.sent[0]?.headers && Reflect.get(recording.sent[0].headers, "traceparent"))
      const untraced = HttpClient.withTracerDisabledWhen(client, () => true)
      yield* Effect.ignore(untraced.execute(request)).pipe(Effect.withTracer(tracer))
      assert.strictEqual(spans.length, 1)
    })
  )
})
