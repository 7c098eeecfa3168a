/**
 * A conference roster that stays current without polling: seeded from `Participants.list`, then
 * kept up to date by the conference's status callbacks, applied in `sequenceNumber` order.
 *
 * The race: the REST list and the callbacks travel separately, so an event may arrive before,
 * during or after the list it is (or is not) reflected in, and deliveries arrive late, twice,
 * out of order or never. It is resolved with one rule: every event received before a list request
 * starts happened before it, so the list reflects it and every event numbered below it. The stream
 * keeps `applied`, the highest sequence number the roster reflects, and
 *
 * - before the seed, takes the events already received: the seed covers them (`applied` = their
 *   highest number); events arriving while the list runs are buffered and applied after it;
 * - applies later events strictly in `sequenceNumber` order, skipping any number it has covered
 *   (redeliveries, stale ones). Each participant event carries the participant's whole state, so
 *   applying one the list already reflected is harmless, and in-order application ends in the
 *   truth;
 * - with no earlier event, expects number 1 (the conference's first); a gap in the numbers that
 *   does not fill within `gapTimeout` (a lost delivery, or a roster started mid-conference) makes it
 *   list again (a reconcile, retried a bounded number of times), covering every number received;
 * - ends with the `conference-end` event (or when the events end with no gap open).
 */
import { Participants } from "@effect-twilio/participants"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as ConferenceEvent from "./ConferenceEvent.js"

/** One participant as the roster shows it. */
export interface Member {
  readonly callSid: string
  readonly label: string | null
  readonly muted: boolean
  readonly hold: boolean
  readonly coaching: boolean
  readonly endConferenceOnExit: boolean
  readonly startConferenceOnEnter: boolean
}

/** What changed the roster last. */
export type Cause = "seed" | "event" | "reconcile"

/** The roster of one conference at one moment. */
export interface Roster {
  readonly conferenceSid: string
  /** In the order they joined (the seed's order first). */
  readonly members: ReadonlyArray<Member>
  /** The highest `sequenceNumber` the roster reflects (0 before any is known). */
  readonly sequenceNumber: number
  /** The conference has ended; this is the last state. */
  readonly ended: boolean
  readonly cause: Cause
}

/** Bounds of a live roster. */
export interface Options {
  /** How long a gap in sequence numbers may stay open before a reconcile (default 2 seconds). */
  readonly gapTimeout?: Duration.DurationInput
  /** Events held while waiting (the seed, a gap) at most; more are dropped and count as a gap (default 1,000). */
  readonly bufferSize?: number
  /** Participants read by a seed or reconcile at most (default 1,000; Twilio allows 250 per conference). */
  readonly maxParticipants?: number
  /** Retries of a failed seed or reconcile list (default 3, backing off from 200 ms). */
  readonly listRetries?: number
}

/** Reconciles from the REST roster, counted. */
export const reconciles = Metric.counter("twilio_live_roster_reconciles_total", {
  description: "Live roster reconciles from the REST roster (a gap that did not fill, or an unknown start)",
  incremental: true
})

type Input<E> =
  | { readonly _tag: "Event"; readonly event: ConferenceEvent.KnownConferenceEvent }
  | { readonly _tag: "Gap"; readonly generation: number }
  | { readonly _tag: "Done"; readonly exit: Exit.Exit<void, E> }

const toMember = (p: {
  readonly callSid: string | null | undefined
  readonly label: string | null | undefined
  readonly muted: boolean | null | undefined
  readonly hold: boolean | null | undefined
  readonly coaching: boolean | null | undefined
  readonly endConferenceOnExit: boolean | null | undefined
  readonly startConferenceOnEnter: boolean | null | undefined
}): Member => ({
  callSid: p.callSid ?? "",
  label: p.label ?? null,
  muted: p.muted === true,
  hold: p.hold === true,
  coaching: p.coaching === true,
  endConferenceOnExit: p.endConferenceOnExit === true,
  // Twilio's default is true; only an explicit false says otherwise.
  startConferenceOnEnter: p.startConferenceOnEnter !== false
})

/** Applies one event to the members (in place). */
const apply = (members: Map<string, Member>, event: ConferenceEvent.KnownConferenceEvent): void => {
  switch (event.statusCallbackEvent) {
    case "participant-join":
    case "participant-mute":
    case "participant-unmute":
    case "participant-hold":
    case "participant-unhold":
    case "participant-modify":
    case "participant-speech-start":
    case "participant-speech-stop": {
      const before = members.get(event.callSid)
      members.set(
        event.callSid,
        toMember({ ...event, label: event.participantLabel ?? before?.label ?? null })
      )
      return
    }
    case "participant-leave":
      members.delete(event.callSid)
      return
    case "conference-end":
      members.clear()
      return
    default:
      return
  }
}

/**
 * The live roster of `conferenceSid`, fed by `events` (the decoded callbacks of any web framework;
 * events of other conferences are ignored). It starts with the seed and emits a new state each time
 * events or a reconcile change it; it fails when a list fails past its retries or the events fail.
 */
export const stream = <E, R>(
  conferenceSid: string,
  events: Stream.Stream<ConferenceEvent.ConferenceEvent, E, R>,
  options: Options = {}
): Stream.Stream<Roster, Participants.ListError | E, Participants | R> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const participants = yield* Participants
      const gapTimeout = Duration.decode(options.gapTimeout ?? Duration.seconds(2))
      const bufferSize = Math.max(1, Math.floor(options.bufferSize ?? 1000))
      const limit = Math.max(1, Math.floor(options.maxParticipants ?? 1000))
      const retry = Schedule.exponential(Duration.millis(200)).pipe(
        Schedule.intersect(Schedule.recurs(Math.max(0, Math.floor(options.listRetries ?? 3))))
      )
      const list = (why: Cause) =>
        participants.list(conferenceSid, { pageSize: Math.min(limit, 1000), limit }).pipe(
          Stream.runCollect,
          Effect.retry(retry),
          Effect.map((chunk) => {
            const members = new Map<string, Member>()
            for (const p of chunk) {
              const member = toMember(p)
              if (member.callSid !== "") members.set(member.callSid, member)
            }
            return members
          }),
          Effect.withSpan(`LiveRoster.${why}`, { attributes: { conferenceSid } })
        )

      // Subscribe before the seed: events received from here on are buffered, never lost.
      const inbox = yield* Effect.acquireRelease(Queue.dropping<Input<E>>(bufferSize), Queue.shutdown)
      // Gap ticks (at most one armed at a time) and the end of the events.
      const ticks = yield* Effect.acquireRelease(Queue.bounded<Input<E>>(4), Queue.shutdown)
      const scope = yield* Effect.scope
      // The end of the events (or their failure) must not be dropped, so it waits for room.
      yield* events.pipe(
        Stream.filterMap((event) =>
          ConferenceEvent.isKnown(event) && event.conferenceSid === conferenceSid
            ? Option.some<Input<E>>({ _tag: "Event", event })
            : Option.none()
        ),
        Stream.runForEach((input) => Queue.offer(inbox, input)),
        Effect.exit,
        Effect.flatMap((exit) => Queue.offer(ticks, { _tag: "Done", exit })),
        Effect.forkScoped
      )
      yield* Effect.yieldNow()

      // Events received before the list starts are reflected in it.
      const early = yield* Queue.takeAll(inbox)
      let members = yield* list("seed")
      // With no earlier event known, the next one expected is the conference's first (1).
      let applied = 0
      let ended = false
      let upstreamDone = false
      const pending = new Map<number, ConferenceEvent.KnownConferenceEvent>()
      for (const input of early) {
        if (input._tag === "Event") {
          applied = Math.max(applied, input.event.sequenceNumber)
          if (input.event.statusCallbackEvent === "conference-end") ended = true
        }
      }
      if (ended) members.clear()

      let generation = 0
      let timer: Fiber.RuntimeFiber<boolean> | undefined
      const snapshot = (cause: Cause): Roster => ({
        conferenceSid,
        members: Array.from(members.values()),
        sequenceNumber: applied,
        ended,
        cause
      })

      /** Applies the contiguous run after `applied`; true if anything was applied. */
      const drain = (): boolean => {
        let changed = false
        let next = pending.get(applied + 1)
        while (next !== undefined && !ended) {
          pending.delete(next.sequenceNumber)
          apply(members, next)
          applied = next.sequenceNumber
          if (next.statusCallbackEvent === "conference-end") ended = true
          changed = true
          next = pending.get(applied + 1)
        }
        return changed
      }

      const reconcile = Effect.gen(function* () {
        // Everything received so far happened before this list starts.
        const highest = Math.max(applied, ...pending.keys())
        const endSeen = Array.from(pending.values()).some((e) => e.statusCallbackEvent === "conference-end")
        members = yield* list("reconcile")
        yield* Metric.increment(reconciles)
        applied = highest
        pending.clear()
        if (endSeen) {
          ended = true
          members.clear()
        }
        return snapshot("reconcile")
      })

      const disarm = Effect.suspend(() => {
        const fiber = timer
        timer = undefined
        return fiber === undefined ? Effect.void : Fiber.interrupt(fiber)
      })

      /** Arms or disarms the gap timer after a change. */
      const watchGap = Effect.suspend(() => {
        const open = pending.size > 0 && !ended
        if (open && timer === undefined) {
          generation += 1
          const mine = generation
          return Effect.map(
            Effect.forkIn(
              Effect.zipRight(
                Effect.sleep(gapTimeout),
                Queue.offer(ticks, { _tag: "Gap", generation: mine })
              ),
              scope
            ),
            (fiber) => {
              timer = fiber
            }
          )
        }
        return open ? Effect.void : disarm
      })

      /** What one input yields: new states, then `None` once the stream is over. */
      const step = (
        input: Input<E>
      ): Effect.Effect<ReadonlyArray<Option.Option<Roster>>, Participants.ListError | E> =>
        Effect.gen(function* () {
          if (ended) return [Option.none()]
          switch (input._tag) {
            case "Done": {
              if (Exit.isFailure(input.exit)) return yield* Effect.failCause(input.exit.cause)
              upstreamDone = true
              return timer === undefined ? [Option.none()] : []
            }
            case "Gap": {
              if (input.generation !== generation || timer === undefined) return []
              timer = undefined
              const roster = yield* reconcile
              return upstreamDone ? [Option.some(roster), Option.none()] : [Option.some(roster)]
            }
            case "Event": {
              const seq = input.event.sequenceNumber
              if (seq <= applied || pending.has(seq)) return []
              pending.set(seq, input.event)
              // Too much waiting behind a gap: settle it from the list now rather than grow.
              if (pending.size > bufferSize) {
                const roster = yield* reconcile
                yield* disarm
                return [Option.some(roster)]
              }
              const out = drain() ? [Option.some(snapshot("event"))] : []
              yield* watchGap
              return out
            }
          }
        })

      const updates = Stream.merge(Stream.fromQueue(inbox), Stream.fromQueue(ticks)).pipe(
        Stream.mapEffect(step),
        Stream.flattenIterables,
        Stream.takeWhile(Option.isSome),
        Stream.filterMap((roster) => roster),
        Stream.takeUntil((roster) => roster.ended)
      )
      const seed = snapshot("seed")
      return seed.ended ? Stream.make(seed) : Stream.concat(Stream.make(seed), updates)
    })
  ).pipe(Stream.withSpan("LiveRoster.stream"))
