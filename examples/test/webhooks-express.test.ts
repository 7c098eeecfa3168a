/**
 * Example: the Express app of `examples/webhooks-express.ts` on a loopback port, driven the way
 * Twilio drives it: signed form POSTs to the public URL, redeliveries included.
 */
import type { AddressInfo } from "node:net"
import { assert, describe, it } from "@effect/vitest"
import { type ConferenceEvent, TwilioSignature } from "@effect-twilio/webhooks"
import { Effect, Redacted } from "effect"
import { listen, makeApp } from "../webhooks-express.js"

const TOKEN = Redacted.make("express-example-token")
const PUBLIC = "https://hooks.example.com"

const joinForm = {
  ConferenceSid: "CF0123456789abcdef0123456789abcdef",
  FriendlyName: "standup",
  AccountSid: "AC00000000000000000000000000000001",
  SequenceNumber: "3",
  Timestamp: "Sat, 28 Nov 2026 16:00:01 +0000",
  StatusCallbackEvent: "participant-join",
  CallSid: "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
  Muted: "false",
  Hold: "false",
  Coaching: "false",
  EndConferenceOnExit: "false",
  StartConferenceOnEnter: "true"
}

/** The app on 127.0.0.1 for the duration of the test, and what its handler saw. */
const withApp = <A>(
  onEvent: (event: ConferenceEvent.ConferenceEvent) => Effect.Effect<void, unknown>,
  use: (post: (body: string, signature: string) => Effect.Effect<number>) => Effect.Effect<A>
) =>
  Effect.acquireUseRelease(
    Effect.promise(() => listen(makeApp({ authToken: TOKEN, publicUrl: PUBLIC, onEvent }), 0, "127.0.0.1")),
    (server) => {
      const port = (server.address() as AddressInfo).port
      return use((body, signature) =>
        Effect.promise(() =>
          fetch(`http://127.0.0.1:${port}/twilio/conference`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
            body
          }).then((response) => response.status)
        )
      )
    },
    (server) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
  )

/** The body and signature Twilio sends for a form, signed for the public URL. */
const signed = (form: Record<string, string>) => ({
  body: new URLSearchParams(form).toString(),
  signature: TwilioSignature.sign({ authToken: TOKEN, url: `${PUBLIC}/twilio/conference`, params: form })
})

describe("examples/webhooks-express.ts", () => {
  it.effect("a signed delivery is handled once; a redelivery is answered 204 and skipped", () => {
    const seen: Array<string> = []
    return withApp(
      (event) => Effect.sync(() => seen.push(event.statusCallbackEvent)),
      (post) =>
        Effect.gen(function* () {
          const delivery = signed(joinForm)
          assert.strictEqual(yield* post(delivery.body, delivery.signature), 204)
          assert.strictEqual(yield* post(delivery.body, delivery.signature), 204)
          assert.deepStrictEqual(seen, ["participant-join"])
          const next = signed({
            ...joinForm,
            SequenceNumber: "4",
            StatusCallbackEvent: "participant-mute",
            Muted: "true"
          })
          assert.strictEqual(yield* post(next.body, next.signature), 204)
          assert.deepStrictEqual(seen, ["participant-join", "participant-mute"])
        })
    )
  })

  it.effect("tampered: 403; signed for the server's own http URL instead of the public one: 403", () =>
    withApp(
      () => Effect.void,
      (post) =>
        Effect.gen(function* () {
          const delivery = signed(joinForm)
          assert.strictEqual(
            yield* post(delivery.body.replace("standup", "standdown"), delivery.signature),
            403
          )
          const local = TwilioSignature.sign({
            authToken: TOKEN,
            url: "http://127.0.0.1/twilio/conference",
            params: joinForm
          })
          assert.strictEqual(yield* post(delivery.body, local), 403)
        })
    )
  )

  it.effect("signed but undecodable: 400; over Express's body limit: 413", () =>
    withApp(
      () => Effect.void,
      (post) =>
        Effect.gen(function* () {
          const bad = signed({ ...joinForm, Muted: "perhaps" })
          assert.strictEqual(yield* post(bad.body, bad.signature), 400)
          const big = signed({ ...joinForm, FriendlyName: "x".repeat(70_000) })
          assert.strictEqual(yield* post(big.body, big.signature), 413)
        })
    )
  )

  it.effect("the handler fails: 500, and Twilio's redelivery is then handled", () => {
    let attempts = 0
    return withApp(
      () => (++attempts === 1 ? Effect.fail("database down") : Effect.void),
      (post) =>
        Effect.gen(function* () {
          const delivery = signed(joinForm)
          assert.strictEqual(yield* post(delivery.body, delivery.signature), 500)
          assert.strictEqual(yield* post(delivery.body, delivery.signature), 204)
          assert.strictEqual(attempts, 2)
        })
    )
  })
})
