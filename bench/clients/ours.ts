/**
 * This SDK as a user would wire it: `Participants.layer` over `TwilioConfig.layer` and
 * `NodeHttpClient.layerUndici`, one `ManagedRuntime`, each workload loop one Effect program.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { TwilioConfig } from "@effect-twilio/core"
import { CreateParticipantParams, Participants, UpdateParticipantParams } from "@effect-twilio/participants"
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
  CREATE as WIRE_CREATE,
  UPDATE as WIRE_UPDATE
} from "../wire.mjs"

// The calls every client makes (wire.mjs), checked against the SDK's own schemas to get their types.
const CREATE = Schema.validateSync(Schema.typeSchema(CreateParticipantParams))(WIRE_CREATE)
const UPDATE = Schema.validateSync(Schema.typeSchema(UpdateParticipantParams))(WIRE_UPDATE)

export const make = async ({ origin }: { readonly origin: string }) => {
  const layer = Participants.layer.pipe(
    Layer.provide(TwilioConfig.layer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: origin })),
    Layer.provide(NodeHttpClient.layerUndici)
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
