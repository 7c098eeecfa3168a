/**
 * The README's webhook test recipe, run as a test.
 */
// #region recipe
import { HttpApp, HttpRouter } from "@effect/platform"
import { assert, it } from "@effect/vitest"
import { AccountSid, CallSid, ConferenceSid } from "@effect-twilio/core"
import { ConferenceEvent, ConferenceWebhook, WebhookConfig } from "@effect-twilio/webhooks"
import { DateTime, Effect, Redacted, Ref } from "effect"

it.effect("my endpoint handles a participant-join", () =>
  Effect.gen(function* () {
    const seen = yield* Ref.make<Array<string>>([])
    const router = HttpRouter.empty.pipe(
      HttpRouter.post(
        "/twilio/conference",
        ConferenceWebhook.handler((event) => Ref.update(seen, (all) => [...all, event.statusCallbackEvent]))
      )
    )
    const config = WebhookConfig.layer({ authToken: "test-token", publicUrl: "https://hooks.example.com" })
    const handler = HttpApp.toWebHandler(Effect.provide(router, config))

    // The event, typed; `request` gives the form and the signature Twilio would send.
    const event = ConferenceEvent.ParticipantJoin.make({
      statusCallbackEvent: "participant-join",
      conferenceSid: ConferenceSid.make("CF0123456789abcdef0123456789abcdef"),
      friendlyName: "standup",
      accountSid: AccountSid.make("AC00000000000000000000000000000001"),
      sequenceNumber: 1,
      timestamp: DateTime.unsafeMake("2026-11-28T16:00:00Z"),
      callSid: CallSid.make("CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"),
      muted: false,
      hold: false,
      coaching: false,
      endConferenceOnExit: false,
      startConferenceOnEnter: true
    })
    const twilio = yield* ConferenceWebhook.request(event, {
      authToken: Redacted.make("test-token"),
      url: "https://hooks.example.com/twilio/conference"
    })
    const response = yield* Effect.promise(() =>
      handler(
        new Request("http://localhost/twilio/conference", {
          method: "POST",
          headers: { "content-type": twilio.contentType, "x-twilio-signature": twilio.signature },
          body: twilio.body
        })
      )
    )
    assert.strictEqual(response.status, 204)
    assert.deepStrictEqual(yield* Ref.get(seen), ["participant-join"])
  })
)
// #endregion
