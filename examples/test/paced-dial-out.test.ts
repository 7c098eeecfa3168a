/**
 * The paced dial-out example on the simulator in process, on the `TestClock`: six creates at 3 a
 * second leave one step apart, and the simulator receives them at those times.
 */
import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio } from "@effect-twilio/testing"
import {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_AUTH_TOKEN,
  IN_PROCESS_BASE_URL
} from "@effect-twilio/testing/FakeTwilio"
import { Duration, Effect, Fiber, Layer, TestClock } from "effect"
import { dialOut, pacedParticipants, pacingWaitMillis } from "../paced-dial-out.js"

const numbers = Array.from({ length: 6 }, (_, i) => `+1500555000${i + 1}`)

describe("paced dial-out", () => {
  it.effect("6 participants at 3 a second: one every 334 ms, about 2 s in all, every wait counted", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const before = yield* pacingWaitMillis
      const fiber = yield* Effect.fork(dialOut(conference.sid, "+15005550006", numbers))
      yield* TestClock.adjust(Duration.seconds(2))
      const dialled = yield* Fiber.join(fiber)
      const steps = [0, 334, 668, 1002, 1336, 1670]
      assert.deepStrictEqual(
        dialled.map((d) => d.at),
        steps
      )
      assert.deepStrictEqual(
        (yield* fake.requests).filter((r) => r.method === "POST").map((r) => r.receivedAt),
        steps
      )
      assert.deepStrictEqual(
        dialled.map((d) => d.to),
        numbers
      )
      assert.strictEqual(
        (yield* pacingWaitMillis) - before,
        steps.reduce((a, b) => a + b, 0)
      )
    }).pipe(
      Effect.provide(
        pacedParticipants({
          accountSid: DEFAULT_ACCOUNT_SID,
          authToken: DEFAULT_AUTH_TOKEN,
          baseUrl: IN_PROCESS_BASE_URL
        }).pipe(Layer.provideMerge(FakeTwilio.layer))
      )
    )
  )
})
