/**
 * This SDK as a user would wire it: `Participants.layer` over `TwilioConfig.layer` and
 * `NodeHttpClient.layerUndici`, one `ManagedRuntime`, each workload loop one Effect program.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { TwilioConfig } from "@effect-twilio/core"
import {
  type CreateParticipantParams,
  Participants,
  type UpdateParticipantParams
} from "@effect-twilio/participants"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { ACCOUNT_SID, AUTH_TOKEN, CALL_SID, CONFERENCE_SID } from "../wire.mjs"

// The same values as `CREATE` and `UPDATE` in wire.mjs, typed; the server checks all clients send equal forms.
const CREATE: CreateParticipantParams = {
  from: "+15017122661",
  to: "+15558675310",
  label: "customer",
  earlyMedia: true,
  beep: "onEnter",
  statusCallback: "https://example.com/status",
  statusCallbackMethod: "POST",
  statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
  timeout: 30,
  record: false,
  muted: false,
  startConferenceOnEnter: true,
  endConferenceOnExit: false,
  waitUrl: "https://example.com/hold-music"
}
const UPDATE: UpdateParticipantParams = {
  muted: true,
  hold: false,
  announceUrl: "https://example.com/announce",
  announceMethod: "POST"
}

/** The loops the runner drives, over one runtime built from the live layers. */
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
