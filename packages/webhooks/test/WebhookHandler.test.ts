/**
 * The platform handlers over a real loopback socket: a Node HTTP server on 127.0.0.1 and undici
 * as the client, so the body, headers and status codes really cross the wire.
 */
import { createServer } from "node:http"
import { HttpClient, HttpClientRequest, HttpRouter, HttpServer } from "@effect/platform"
import { NodeHttpClient, NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer, Redacted, Ref, Stream } from "effect"
import {
  CallStatusWebhook,
  ConferenceEvent,
  ConferenceWebhook,
  TwilioSignature,
  WebhookConfig
} from "../src/index.js"
import * as CallForms from "./fixtures/callStatusForms.js"
import * as Forms from "./fixtures/conferenceForms.js"

const TOKEN = "webhook-test-token-1"

class Received extends Context.Tag("test/Received")<Received, Ref.Ref<ReadonlyArray<unknown>>>() {}

const record = (event: unknown) =>
  Effect.flatMap(Received, (ref) => Ref.update(ref, (all) => [...all, event]))

const router = HttpRouter.empty.pipe(
  HttpRouter.all("/twilio/conference", ConferenceWebhook.handler(record)),
  HttpRouter.all("/twilio/calls", CallStatusWebhook.handler(record)),
  HttpRouter.all(
    "/twilio/failing",
    ConferenceWebhook.handler(() => Effect.fail("the database is down"))
  )
)

const server = (config: WebhookConfig.Options) =>
  HttpServer.serve(router).pipe(
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })),
    Layer.provide(WebhookConfig.layer(config)),
    Layer.provideMerge(Layer.effect(Received, Ref.make<ReadonlyArray<unknown>>([]))),
    Layer.provideMerge(NodeHttpClient.layerUndici)
  )

/** `http://127.0.0.1:<port>`: what the client dials and, without a public URL, what is signed. */
const origin = Effect.map(HttpServer.HttpServer, (s) =>
  s.address._tag === "TcpAddress" ? `http://127.0.0.1:${s.address.port}` : ""
)

const received = Effect.flatMap(Received, Ref.get)

interface Sent {
  readonly status: number
  readonly text: string
}

const send = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function* () {
    const response = yield* HttpClient.execute(request)
    return { status: response.status, text: yield* response.text } satisfies Sent
  })

/** POSTs `form` to `path`, signed for `signedUrl` (by default the URL dialled). */
const post = (
  path: string,
  form: Record<string, string>,
  options: { readonly signedUrl?: string; readonly token?: string; readonly tamper?: boolean } = {}
) =>
  Effect.gen(function* () {
    const url = `${yield* origin}${path}`
    const signature = TwilioSignature.sign({
      authToken: options.token ?? TOKEN,
      url: options.signedUrl ?? url,
      params: form
    })
    const sentForm =
      options.tamper === true ? { ...form, Muted: form.Muted === "true" ? "false" : "true" } : form
    return yield* send(
      HttpClientRequest.post(url).pipe(
        HttpClientRequest.bodyUrlParams(sentForm),
        HttpClientRequest.setHeader("X-Twilio-Signature", signature)
      )
    )
  })

const join = Forms.forms["participant-join"]
const mute = Forms.forms["participant-mute"]

describe("ConferenceWebhook.handler over a real socket", () => {
  it.scoped("a good delivery: 204, and the handler gets the decoded event", () =>
    Effect.gen(function* () {
      const answer = yield* post("/twilio/conference", mute)
      assert.deepStrictEqual(answer, { status: 204, text: "" })
      const events = yield* received
      assert.strictEqual(events.length, 1)
      const event = events[0] as ConferenceEvent.ConferenceEvent
      assert.strictEqual(event.statusCallbackEvent, "participant-mute")
      assert.strictEqual(ConferenceEvent.deliveryKey(event), `${Forms.conferenceSid}/5`)
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )

  it.scoped("a tampered body: 403, the handler is not run", () =>
    Effect.gen(function* () {
      const answer = yield* post("/twilio/conference", mute, { tamper: true })
      assert.strictEqual(answer.status, 403)
      assert.deepStrictEqual(yield* received, [])
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )

  it.scoped("the wrong token: 403; any token of a rotation: 204", () =>
    Effect.gen(function* () {
      assert.strictEqual((yield* post("/twilio/conference", join, { token: "someone-else" })).status, 403)
      assert.strictEqual((yield* post("/twilio/conference", join, { token: "new-token" })).status, 204)
      assert.strictEqual((yield* post("/twilio/conference", join)).status, 204)
      assert.strictEqual((yield* received).length, 2)
    }).pipe(Effect.provide(server({ authToken: [Redacted.make(TOKEN), "new-token"] })))
  )

  it.scoped("signed for another URL (path or query): 403", () =>
    Effect.gen(function* () {
      const base = yield* origin
      assert.strictEqual(
        (yield* post("/twilio/conference", join, { signedUrl: `${base}/twilio/other` })).status,
        403
      )
      assert.strictEqual(
        (yield* post("/twilio/conference", join, { signedUrl: `${base}/twilio/conference?tenant=7` })).status,
        403
      )
      assert.deepStrictEqual(yield* received, [])
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )

  it.scoped("no signature header: 403", () =>
    Effect.gen(function* () {
      const url = `${yield* origin}/twilio/conference`
      const answer = yield* send(HttpClientRequest.post(url).pipe(HttpClientRequest.bodyUrlParams(join)))
      assert.strictEqual(answer.status, 403)
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )

  it.scoped("a query string on the callback URL is part of what is signed", () =>
    Effect.gen(function* () {
      assert.strictEqual((yield* post("/twilio/conference?tenant=7&region=eu", join)).status, 204)
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )

  it.scoped("behind a proxy: signed for the public https URL, accepted once publicUrl is configured", () =>
    Effect.gen(function* () {
      // Twilio calls https://hooks.example.com/api/twilio/conference; the proxy strips /api and
      // forwards over plain http to this server.
      const signedUrl = "https://hooks.example.com/api/twilio/conference?tenant=7"
      assert.strictEqual((yield* post("/twilio/conference?tenant=7", join, { signedUrl })).status, 204)
      assert.strictEqual((yield* received).length, 1)
    }).pipe(Effect.provide(server({ authToken: TOKEN, publicUrl: "https://hooks.example.com/api/" })))
  )

  it.scoped("behind a proxy without publicUrl: 403 (the server sees http and its own host)", () =>
    Effect.gen(function* () {
      const signedUrl = "https://hooks.example.com/twilio/conference"
      assert.strictEqual((yield* post("/twilio/conference", join, { signedUrl })).status, 403)
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )

  it.scoped("Twilio's :443 spelling of the public URL is accepted too", () =>
    Effect.gen(function* () {
      const signedUrl = "https://hooks.example.com:443/twilio/conference"
      assert.strictEqual((yield* post("/twilio/conference", join, { signedUrl })).status, 204)
    }).pipe(Effect.provide(server({ authToken: TOKEN, publicUrl: "https://hooks.example.com" })))
  )

  it.scoped("a body over the cap with Content-Length: 413 before it is read, the handler not run", () =>
    Effect.gen(function* () {
      const big = { ...join, FriendlyName: "x".repeat(5000) }
      assert.deepStrictEqual(yield* post("/twilio/conference", big), { status: 413, text: "BodyTooLarge" })
      // A delivery under the cap still goes through on the same server.
      assert.strictEqual(
        (yield* post("/twilio/conference", { ...join, FriendlyName: "x".repeat(100) })).status,
        204
      )
      assert.strictEqual((yield* received).length, 1)
    }).pipe(Effect.provide(server({ authToken: TOKEN, maxBodyBytes: 1024 })))
  )

  it.scoped("a chunked body growing past the cap: reading stops at the cap, the handler is not run", () =>
    Effect.gen(function* () {
      const url = `${yield* origin}/twilio/conference`
      const big = { ...join, FriendlyName: "x".repeat(200_000) }
      const body = new URLSearchParams(big).toString()
      // No Content-Length: the size is only known by reading. Node's reader closes the
      // connection when it stops, so the client sees a 413 or a closed socket, never a 204.
      const pieces = Array.from({ length: Math.ceil(body.length / 4096) }, (_, i) =>
        body.slice(i * 4096, (i + 1) * 4096)
      )
      const answer = yield* send(
        HttpClientRequest.post(url).pipe(
          HttpClientRequest.bodyStream(Stream.fromIterable(pieces).pipe(Stream.encodeText), {
            contentType: "application/x-www-form-urlencoded"
          }),
          HttpClientRequest.setHeader(
            "X-Twilio-Signature",
            TwilioSignature.sign({ authToken: TOKEN, url, params: big })
          )
        )
      ).pipe(Effect.either)
      if (answer._tag === "Right") assert.strictEqual(answer.right.status, 413)
      else assert.strictEqual(answer.left._tag, "RequestError")
      assert.deepStrictEqual(yield* received, [])
      assert.strictEqual((yield* post("/twilio/conference", join)).status, 204)
    }).pipe(Effect.provide(server({ authToken: TOKEN, maxBodyBytes: 1024 })))
  )

  it.scoped("a signed body that does not decode: 400", () =>
    Effect.gen(function* () {
      const { CallSid: _, ...withoutCall } = join
      const answer = yield* post("/twilio/conference", withoutCall)
      assert.strictEqual(answer.status, 400)
      assert.strictEqual(answer.text, "UndecodableBody")
      assert.deepStrictEqual(yield* received, [])
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )

  it.scoped("a GET callback (statusCallbackMethod GET): the form is the query, the URL is signed alone", () =>
    Effect.gen(function* () {
      const url = `${yield* origin}/twilio/conference?${new URLSearchParams(join).toString()}`
      const signature = TwilioSignature.sign({ authToken: TOKEN, url })
      const answer = yield* send(
        HttpClientRequest.get(url).pipe(HttpClientRequest.setHeader("X-Twilio-Signature", signature))
      )
      assert.strictEqual(answer.status, 204)
      assert.strictEqual((yield* received).length, 1)
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )

  it.scoped("a method Twilio never uses: 405", () =>
    Effect.gen(function* () {
      const url = `${yield* origin}/twilio/conference`
      const answer = yield* send(HttpClientRequest.put(url).pipe(HttpClientRequest.bodyUrlParams(join)))
      assert.strictEqual(answer.status, 405)
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )

  it.scoped("the handler fails: 500, so Twilio retries the delivery", () =>
    Effect.gen(function* () {
      assert.strictEqual((yield* post("/twilio/failing", join)).status, 500)
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )
})

describe("CallStatusWebhook.handler over a real socket", () => {
  it.scoped("a call status delivery: 204 with the decoded event; a tampered one: 403", () =>
    Effect.gen(function* () {
      assert.strictEqual((yield* post("/twilio/calls", CallForms.forms.completed)).status, 204)
      const signedUrl = `${yield* origin}/twilio/calls`
      const tampered = yield* post(
        "/twilio/calls",
        { ...CallForms.forms.completed, CallDuration: "1" },
        {
          signedUrl: `${signedUrl}?x=1`
        }
      )
      assert.strictEqual(tampered.status, 403)
      const events = yield* received
      assert.strictEqual(events.length, 1)
      assert.strictEqual((events[0] as { callStatus: string }).callStatus, "completed")
    }).pipe(Effect.provide(server({ authToken: TOKEN })))
  )
})

describe("WebhookConfig", () => {
  it.effect("unusable settings fail when the layer is built, naming the setting", () =>
    Effect.gen(function* () {
      for (const [options, path] of [
        [{ authToken: "" }, "authToken"],
        [{ authToken: [TOKEN, Redacted.make("")] as const }, "authToken"],
        [{ authToken: TOKEN, publicUrl: "hooks.example.com" }, "publicUrl"],
        [{ authToken: TOKEN, publicUrl: "https://hooks.example.com/x?y=1" }, "publicUrl"],
        [{ authToken: TOKEN, maxBodyBytes: 0 }, "maxBodyBytes"],
        [{ authToken: TOKEN, maxBodyBytes: 1.5 }, "maxBodyBytes"]
      ] as const) {
        const error = yield* Effect.flip(WebhookConfig.make(options))
        assert.include(String(error), path)
        assert.notInclude(String(error), TOKEN)
      }
    })
  )
})
