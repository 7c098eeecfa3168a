/**
 * Example: the roster as a `Stream`. Filters are sent to Twilio, `limit` stops paging early,
 * `Stream.mapEffect` with `concurrency` bounds the updates in flight, and a `Schedule` turns a
 * one-off count into a periodic snapshot.
 *
 * Run it against Twilio (or `pnpm fake-twilio`, then create a conference through it):
 *
 *   TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=… CONFERENCE_SID=CF… \
 *     node --conditions=@effect-twilio/source --import tsx examples/roster-stream.ts
 */
import { pathToFileURL } from "node:url"
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Chunk, Config, Console, type Duration, Effect, Layer, Schedule, Stream } from "effect"

/** Labels (or Call SIDs) of the participants who are both muted and on hold: Twilio does the filtering. */
export const mutedAndOnHold = (conferenceSid: string) =>
  Effect.gen(function* () {
    const participants = yield* Participants
    return yield* participants.list(conferenceSid, { muted: true, hold: true }).pipe(
      Stream.map((p) => p.label ?? p.callSid ?? "?"),
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
  })

/** The first `n` participants; no page after the one that reaches `n` is requested. */
export const firstFew = (conferenceSid: string, n: number) =>
  Effect.gen(function* () {
    const participants = yield* Participants
    return yield* participants
      .list(conferenceSid, { limit: n })
      .pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray))
  })

/** Takes everyone off hold, at most `concurrency` updates in flight; answers how many were released. */
export const releaseEveryoneOnHold = (conferenceSid: string, concurrency = 8) =>
  Effect.gen(function* () {
    const participants = yield* Participants
    return yield* participants.list(conferenceSid, { hold: true }).pipe(
      Stream.mapEffect((p) => participants.update(conferenceSid, p.callSid ?? "", { hold: false }), {
        concurrency
      }),
      Stream.runCount
    )
  })

/** How many participants are in each status right now (the whole roster, page by page). */
export interface Snapshot {
  readonly total: number
  readonly byStatus: Readonly<Record<string, number>>
}

const noOne: Snapshot = { total: 0, byStatus: {} }

/** One snapshot of the roster. */
export const snapshot = (conferenceSid: string) =>
  Effect.gen(function* () {
    const participants = yield* Participants
    return yield* participants.list(conferenceSid, { pageSize: 1000 }).pipe(
      Stream.runFold(noOne, (acc, p): Snapshot => {
        const status = String(p.status ?? "unknown")
        return {
          total: acc.total + 1,
          byStatus: { ...acc.byStatus, [status]: (acc.byStatus[status] ?? 0) + 1 }
        }
      })
    )
  })

/** A snapshot now and then one every `every`, as a stream (take as many as you need). */
export const snapshots = (conferenceSid: string, every: Duration.DurationInput) =>
  Stream.repeatEffectWithSchedule(snapshot(conferenceSid), Schedule.spaced(every))

const program = Effect.gen(function* () {
  const conferenceSid = yield* Config.string("CONFERENCE_SID")
  yield* Console.log(
    "first five:",
    (yield* firstFew(conferenceSid, 5)).map((p) => p.label ?? p.callSid)
  )
  yield* Console.log("muted and on hold:", yield* mutedAndOnHold(conferenceSid))
  yield* snapshots(conferenceSid, "5 seconds").pipe(
    Stream.take(3),
    Stream.runForEach((s) => Console.log(`${s.total} participants`, s.byStatus))
  )
})

// Started only when this file is the program (tests import the functions above).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const TwilioLive = Participants.layer.pipe(
    Layer.provide(TwilioConfig.layerConfig()),
    Layer.provide(NodeHttpClient.layerUndici)
  )
  NodeRuntime.runMain(program.pipe(Effect.provide(TwilioLive)))
}
