/**
 * Example: a paced dial-out. Six participants are added to a conference at the account's
 * calls-per-second (3 here): the creates leave one step (334 ms) apart, so the dial-out takes
 * about 2 s, and each one shows how long pacing held it back (`twilio.pacing.wait_ms` on its span,
 * `twilio_wait_duration_ms{kind="pacing"}` in the metrics).
 *
 * Run it on the simulator (no Twilio account needed):
 *
 *   node --conditions=@effect-twilio/source --import tsx examples/paced-dial-out.ts
 */
import { pathToFileURL } from "node:url"
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { TwilioConfig, type TwilioConfigOptions, TwilioMetrics } from "@effect-twilio/core"
import * as Pacing from "@effect-twilio/core/Pacing"
import * as PacingRedis from "@effect-twilio/core/PacingRedis"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio } from "@effect-twilio/testing"
import { Clock, Effect, Layer, Metric } from "effect"

/** What one create brought back: whom it dialled, when it was answered (ms after the start), the call. */
export interface Dialled {
  readonly to: string
  readonly at: number
  readonly callSid: string | null
}

// #region dial-out
/** Adds everyone at once; pacing spreads the creates to the budget. */
export const dialOut = (conferenceSid: string, from: string, numbers: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const participants = yield* Participants
    const start = yield* Clock.currentTimeMillis
    return yield* Effect.forEach(
      numbers,
      (to) =>
        Effect.gen(function* () {
          const created = yield* participants.create(conferenceSid, { from, to })
          const at = (yield* Clock.currentTimeMillis) - start
          yield* Effect.log(`dialled ${to} at +${at} ms`)
          return { to, at, callSid: created.callSid } satisfies Dialled
        }),
      { concurrency: "unbounded" }
    )
  })

/** `Participants` with creates paced to 3 a second, in this process. */
export const pacedParticipants = (options: TwilioConfigOptions) =>
  Participants.layer.pipe(
    Layer.provide(
      Layer.merge(TwilioConfig.layer({ ...options, pacing: { createsPerSecond: 3 } }), Pacing.layer)
    )
  )
// #endregion

// #region fleet
/**
 * Every worker of a fleet, configured by the environment: TWILIO_PACING_CREATES_PER_SECOND=3,
 * TWILIO_PACING_REDIS_URL=redis://…, optionally TWILIO_PACING_REQUESTS_PER_SECOND,
 * TWILIO_PACING_MAX_WAIT, TWILIO_PACING_REDIS_FALLBACK=memory. One budget per account SID.
 */
export const FleetLive = Participants.layer.pipe(
  Layer.provide(Layer.merge(TwilioConfig.layerConfig(), PacingRedis.layerConfig())),
  Layer.provide(NodeHttpClient.layerUndici)
)
// #endregion

/** Total time pacing held creates back so far, in milliseconds. */
export const pacingWaitMillis = Effect.map(
  Metric.value(TwilioMetrics.waitDuration.pipe(Metric.tagged("kind", "pacing"))),
  (state) => state.sum
)

/** The dial-out on a simulator served on loopback. */
const main = Effect.gen(function* () {
  const served = yield* FakeTwilio.serve()
  const conference = yield* served.seedConference({ friendlyName: "all-hands" })
  const numbers = Array.from({ length: 6 }, (_, i) => `+1500555000${i + 1}`)
  const start = yield* Clock.currentTimeMillis
  const dialled = yield* dialOut(conference.sid, "+15005550006", numbers).pipe(
    Effect.provide(
      pacedParticipants({
        accountSid: served.accountSid,
        authToken: served.authToken,
        baseUrl: served.baseUrl
      }).pipe(Layer.provide(NodeHttpClient.layerUndici))
    )
  )
  const took = (yield* Clock.currentTimeMillis) - start
  yield* Effect.log(
    `dialled ${dialled.length} participants in ${took} ms; pacing waits added up to ${yield* pacingWaitMillis} ms`
  )
})

// Started only when this file is the program (the test imports `dialOut`).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(Effect.scoped(main))
}
