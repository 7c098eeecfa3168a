/**
 * The demo's webhook step on its own: real callbacks over loopback into the webhooks handler, the
 * live roster printed as it follows them, ending with the conference.
 */
import { assert, describe, it } from "@effect/vitest"
import { participantsTestWith } from "@effect-twilio/testing/ParticipantsTest"
import { Effect } from "effect"
import { memorySink, Terminal } from "../../demo/Terminal.js"
import { webhookRosterStep } from "../../demo/WebhookRoster.js"

const timing = { queued: "20 millis", connecting: "20 millis", ringing: "20 millis" } as const

describe("demo: the webhook roster step", () => {
  it.scopedLive("follows joins, a mute, a hold and two removals to the end", () =>
    Effect.gen(function* () {
      const sink = memorySink()
      const last = yield* webhookRosterStep().pipe(
        Effect.provide(Terminal.Default(sink)),
        Effect.provide(participantsTestWith({ timing }))
      )
      assert.deepStrictEqual([last.ended, last.members.length], [true, 0])
      const text = sink.text()
      assert.match(text, /Webhook endpoint on http:\/\/127\.0\.0\.1:\d+\/twilio\/conference/)
      assert.match(text, /alice \(muted\)/)
      assert.match(text, /bob \(on hold\)/)
      assert.match(text, /ended$/m)
    })
  )
})
