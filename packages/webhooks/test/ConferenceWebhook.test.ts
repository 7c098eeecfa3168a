import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Redacted } from "effect"
import * as fc from "fast-check"
import twilio from "twilio"
import {
  CallStatusWebhook,
  ConferenceEvent,
  ConferenceWebhook,
  TwilioSignature,
  Webhook
} from "../src/index.js"
import * as CallForms from "./fixtures/callStatusForms.js"
import * as Forms from "./fixtures/conferenceForms.js"

const TOKEN = Redacted.make("parse-test-token")
const URL_ = "https://hooks.example.com/twilio/conference?tenant=7"

/** A delivery as Twilio sends it: the form-encoded body and its signature. */
const delivery = (form: Record<string, string>, url = URL_) => ({
  url,
  body: new URLSearchParams(form).toString(),
  signature: TwilioSignature.sign({ authToken: TOKEN, url, params: form })
})

describe("ConferenceWebhook.parse", () => {
  it.effect("a signed delivery gives the typed event (body as text or bytes)", () =>
    Effect.gen(function* () {
      const sent = delivery(Forms.forms["participant-leave"])
      const event = yield* ConferenceWebhook.parse({ authToken: TOKEN, ...sent })
      assert.strictEqual(event.statusCallbackEvent, "participant-leave")
      const fromBytes = yield* ConferenceWebhook.parse({
        authToken: TOKEN,
        ...sent,
        body: new TextEncoder().encode(sent.body)
      })
      assert.deepStrictEqual(fromBytes, event)
    })
  )

  it.effect("a bad signature is InvalidSignature, checked before the body is decoded", () =>
    Effect.gen(function* () {
      const sent = delivery({ ...Forms.forms["participant-join"], CallSid: "garbage" })
      const error = yield* Effect.flip(ConferenceWebhook.parse({ authToken: "other", ...sent }))
      assert.strictEqual(error._tag, "InvalidSignature")
      const tampered = yield* Effect.flip(
        ConferenceWebhook.parse({
          authToken: TOKEN,
          ...sent,
          body: sent.body.replace("support-room", "support-rooms")
        })
      )
      assert.strictEqual(tampered._tag, "InvalidSignature")
    })
  )

  it.effect("a signed body that does not decode is InvalidWebhook naming the field", () =>
    Effect.gen(function* () {
      const sent = delivery({ ...Forms.forms["participant-join"], Muted: "maybe" })
      const error = yield* Effect.flip(ConferenceWebhook.parse({ authToken: TOKEN, ...sent }))
      assert.strictEqual(error._tag, "InvalidWebhook")
      if (error._tag !== "InvalidWebhook") return
      assert.strictEqual(error.reason, "UndecodableBody")
      assert.strictEqual(error.expected, "ConferenceEvent")
      assert.include(error.message, "Muted")
    })
  )

  it.effect("a repeated key does not decode (a callback never repeats one)", () =>
    Effect.gen(function* () {
      const form = Forms.forms["participant-join"]
      const url = URL_
      const body = `${new URLSearchParams(form).toString()}&Muted=true`
      const params = { ...form, Muted: ["false", "true"] }
      const signature = TwilioSignature.sign({ authToken: TOKEN, url, params })
      const error = yield* Effect.flip(ConferenceWebhook.parse({ authToken: TOKEN, url, body, signature }))
      assert.strictEqual(error._tag, "InvalidWebhook")
    })
  )

  it.effect("a JSON body signed through bodySHA256 passes the signature but is not a status callback", () =>
    Effect.gen(function* () {
      const body = JSON.stringify(Forms.forms["conference-start"])
      const url = `${URL_}&bodySHA256=${TwilioSignature.bodySha256(body)}`
      const signature = TwilioSignature.sign({ authToken: TOKEN, url })
      const error = yield* Effect.flip(ConferenceWebhook.parse({ authToken: TOKEN, url, body, signature }))
      assert.strictEqual(error._tag, "InvalidWebhook")
      const wrongBody = yield* Effect.flip(
        ConferenceWebhook.parse({ authToken: TOKEN, url, body: `${body} `, signature })
      )
      assert.strictEqual(wrongBody._tag, "InvalidSignature")
    })
  )

  it("no rendering of a failure holds the token", () => {
    const secret = "parse-secret-7f3e"
    for (const token of [secret, Redacted.make(secret)]) {
      const sent = delivery({ ...Forms.forms["participant-join"], Muted: "maybe" })
      const exits = [
        Effect.runSyncExit(ConferenceWebhook.parse({ authToken: token, ...sent })),
        Effect.runSyncExit(
          ConferenceWebhook.parse({
            authToken: token,
            ...delivery(Forms.forms["participant-join"]),
            signature: "x"
          })
        )
      ]
      for (const exit of exits) {
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isFailure(exit)) {
          assert.notInclude(Cause.pretty(exit.cause), secret)
          assert.notInclude(JSON.stringify(Cause.failureOption(exit.cause)), secret)
        }
      }
    }
  })

  it("property: any body, URL and signature give an event or a tagged failure, never a defect", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.webUrl(),
        fc.option(fc.string()),
        (body, url, signature) => {
          const exit = Effect.runSyncExit(ConferenceWebhook.parse({ authToken: TOKEN, url, body, signature }))
          if (Exit.isSuccess(exit)) return true
          const failure = Cause.failureOption(exit.cause)
          return (
            failure._tag === "Some" && ["InvalidSignature", "InvalidWebhook"].includes(failure.value._tag)
          )
        }
      )
    )
  })
})

describe("request: the signed request Twilio sends, which parse accepts", () => {
  it.effect("every documented event, by POST and by GET", () =>
    Effect.gen(function* () {
      for (const form of Object.values(Forms.forms)) {
        const event = yield* ConferenceWebhook.parse({ authToken: TOKEN, ...delivery(form) })
        for (const method of ["POST", "GET"] as const) {
          const request = yield* ConferenceWebhook.request(event, { authToken: TOKEN, url: URL_, method })
          assert.strictEqual(request.method, method)
          const parsed = yield* ConferenceWebhook.parse({ authToken: TOKEN, ...request })
          assert.deepStrictEqual(parsed, event)
        }
        const post = yield* ConferenceWebhook.request(event, { authToken: TOKEN, url: URL_ })
        // Exactly Twilio's form: the same pairs, and the signature the official package expects.
        assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(post.body)), form)
        assert.isTrue(twilio.validateRequest(Redacted.value(TOKEN), post.signature, URL_, form))
        assert.strictEqual(post.contentType, "application/x-www-form-urlencoded")
      }
    })
  )

  it.effect("call status events too", () =>
    Effect.gen(function* () {
      const sent = delivery(CallForms.forms.completed)
      const event = yield* CallStatusWebhook.parse({ authToken: TOKEN, ...sent })
      assert.strictEqual(event.callDuration, 414)
      const request = yield* CallStatusWebhook.request(event, { authToken: TOKEN, url: sent.url })
      // The same pairs (in the schema's order) and so the same signature.
      assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(request.body)), CallForms.forms.completed)
      assert.strictEqual(request.signature, sent.signature)
      const wrongKind = yield* Effect.flip(ConferenceWebhook.parse({ authToken: TOKEN, ...sent }))
      assert.strictEqual(wrongKind._tag, "InvalidWebhook")
    })
  )

  it.effect("an unknown event is sent back with its raw name and fields", () =>
    Effect.gen(function* () {
      const form = {
        ConferenceSid: Forms.conferenceSid,
        StatusCallbackEvent: "conference-record-end",
        Duration: "6"
      }
      const event = yield* ConferenceWebhook.parse({ authToken: TOKEN, ...delivery(form) })
      assert.isFalse(ConferenceEvent.isKnown(event))
      const request = yield* ConferenceWebhook.request(event, { authToken: TOKEN, url: URL_ })
      assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(request.body)), form)
    })
  )

  it("InvalidWebhook's message says what was expected and why", () => {
    const error = new Webhook.InvalidWebhook({
      reason: "BodyTooLarge",
      expected: "ConferenceEvent",
      detail: "too big"
    })
    assert.strictEqual(error.message, "Invalid ConferenceEvent webhook (BodyTooLarge): too big")
  })
})
