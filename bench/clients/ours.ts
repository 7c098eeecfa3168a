/**
 * This SDK as the quick start wires it: `Participants.layer` over `TwilioConfig.layer` (default
 * retry policy, timeout, response cap and in-flight cap; validation and the Effect tracer's spans on)
 * and, for throughput, the lean `UndiciHttpClient.layer` the README recommends; with
 * `transport: "platform"`, `NodeHttpClient.layerUndici` instead. One `ManagedRuntime`, each workload
 * loop one Effect program.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { TwilioConfig } from "@effect-twilio/core"
import { DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_RESPONSE_BYTES } from "@effect-twilio/core/TwilioConfig"
import * as UndiciHttpClient from "@effect-twilio/core/UndiciHttpClient"
import { CreateParticipantParams, Participants, UpdateParticipantParams } from "@effect-twilio/participants"
import * as Chunk from "effect/Chunk"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CALL_SID,
  CONFERENCE_SID,
  MODERATOR_LABEL,
  CREATE as WIRE_CREATE,
  MUTE as WIRE_MUTE,
  UPDATE as WIRE_UPDATE
} from "../wire.mjs"

// The calls every client makes (wire.mjs), checked against the SDK's own schemas to get their types.
const CREATE = Schema.validateSync(Schema.typeSchema(CreateParticipantParams))(WIRE_CREATE)
const UPDATE = Schema.validateSync(Schema.typeSchema(UpdateParticipantParams))(WIRE_UPDATE)
const MUTE = Schema.validateSync(Schema.typeSchema(UpdateParticipantParams))(WIRE_MUTE)

/** Which `HttpClient` layer carries the SDK's requests. */
export type Transport = "lean" | "platform"

const TRANSPORTS = {
  lean: {
    layer: UndiciHttpClient.layer,
    text:
      "`@effect-twilio/core/UndiciHttpClient.layer`: one undici `Agent`, " +
      `${UndiciHttpClient.DEFAULT_CONNECTIONS} connections per origin, keep-alive (undici's 4 s idle), pipelining 1`
  },
  platform: {
    layer: NodeHttpClient.layerUndici,
    text:
      "`@effect/platform-node` `NodeHttpClient.layerUndici`: one undici `Agent` with undici's defaults, " +
      "no connection limit, keep-alive (4 s idle), pipelining 1"
  }
} as const

export const make = async ({
  origin,
  transport = "lean"
}: {
  readonly origin: string
  readonly transport?: Transport
}) => {
  const config = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: origin }
  const layer = Participants.layer.pipe(
    Layer.provide(TwilioConfig.layer(config)),
    Layer.provide(TRANSPORTS[transport].layer)
  )
  const runtime = ManagedRuntime.make(layer)
  const service = await runtime.runPromise(Participants)

  const sequential =
    <A, E>(op: () => Effect.Effect<A, E>) =>
    (n: number, times: Float64Array | null) =>
      runtime.runPromise(
        Effect.gen(function* () {
          for (let i = 0; i < n; i++) {
            const t0 = performance.now()
            yield* op()
            if (times !== null) times[i] = performance.now() - t0
          }
        })
      )

  return {
    settings: () =>
      `${TRANSPORTS[transport].text}; SDK defaults: timeout 30 s per attempt, the default retry policy, ` +
      `maxConcurrentRequests ${DEFAULT_MAX_CONCURRENT_REQUESTS}, maxResponseBytes ${DEFAULT_MAX_RESPONSE_BYTES / 2 ** 20} MiB, ` +
      "responses validated, a span per operation (Effect's tracer)",
    seqFetch: sequential(() => service.fetch(CONFERENCE_SID, CALL_SID)),
    seqCreate: sequential(() => service.create(CONFERENCE_SID, CREATE)),
    seqUpdate: sequential(() => service.update(CONFERENCE_SID, CALL_SID, UPDATE)),
    concurrentFetch: (total: number, inflight: number) =>
      runtime.runPromise(
        Effect.forEach(
          Array.from({ length: total }, (_, i) => i),
          () => service.fetch(CONFERENCE_SID, CALL_SID),
          { concurrency: inflight, discard: true }
        )
      ),
    roster: (conferenceSid: string, pageSize: number) =>
      runtime.runPromise(
        Stream.runFold(service.list(conferenceSid, { pageSize }), 0, (n, p) =>
          p.callSid !== null ? n + 1 : n
        )
      ),
    // The whole roster, then everyone but the moderator muted: all at once (the in-flight cap
    // applies) or one after another. `listed` marks the end of the listing for the runner's clock.
    moderate: (conferenceSid: string, pageSize: number, concurrent: boolean, listed: () => void) =>
      runtime.runPromise(
        Stream.runCollect(service.list(conferenceSid, { pageSize })).pipe(
          Effect.tap(() => Effect.sync(listed)),
          Effect.map(Chunk.filter((p) => p.label !== MODERATOR_LABEL)),
          Effect.tap((others) =>
            Effect.forEach(
              others,
              (p) => (p.callSid === null ? Effect.void : service.update(conferenceSid, p.callSid, MUTE)),
              { concurrency: concurrent ? "unbounded" : 1, discard: true }
            )
          ),
          Effect.map(Chunk.size)
        )
      ),
    summary: () =>
      runtime.runPromise(
        Effect.map(service.fetch(CONFERENCE_SID, CALL_SID), (p) => ({
          callSid: p.callSid,
          status: p.status,
          muted: p.muted,
          dateCreated: p.dateCreated === null ? null : DateTime.toEpochMillis(p.dateCreated)
        }))
      ),
    close: () => runtime.dispose()
  }
}
