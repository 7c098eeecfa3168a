/**
 * A separate Node process of the fleet test: once its client is built it prints `ready`, reads
 * `startAt endAt` (epoch ms) from stdin, and creates participants through a Redis-paced client
 * from `startAt` until `endAt`. Configured entirely by `TWILIO_*` variables.
 */
import { createInterface } from "node:readline"
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { TwilioConfig } from "@effect-twilio/core"
import * as PacingRedis from "@effect-twilio/core/PacingRedis"
import { Participants } from "@effect-twilio/participants"
import { Clock, Config, Effect, Layer } from "effect"
import { fleetLoop } from "./fleet.js"

/** The first line of stdin. */
const firstLine = Effect.async<string>((resume) => {
  const lines = createInterface({ input: process.stdin })
  lines.once("line", (line) => {
    lines.close()
    // Nothing more is read: an open stdin would keep the process alive.
    process.stdin.destroy()
    resume(Effect.succeed(line))
  })
})

const program = Effect.gen(function* () {
  const conference = yield* Config.string("CONFERENCE_SID")
  process.stdout.write("ready\n")
  const [startAt = 0, endAt = 0] = (yield* firstLine).split(" ").map(Number)
  const now = yield* Clock.currentTimeMillis
  yield* Effect.sleep(Math.max(0, startAt - now))
  yield* fleetLoop(conference, endAt)
})

NodeRuntime.runMain(
  program.pipe(
    Effect.provide(
      Participants.layer.pipe(
        Layer.provide(Layer.merge(TwilioConfig.layerConfig(), PacingRedis.layerConfig())),
        Layer.provide(NodeHttpClient.layerUndici)
      )
    )
  )
)
