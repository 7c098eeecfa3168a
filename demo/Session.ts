/**
 * The simulated session: a moderated conference run through the public `Participants` and
 * `Conferences` APIs over
 * real HTTP, against `FakeTwilio` served on loopback. Every step prints what it did and what
 * Twilio (the simulator) answered.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { Conferences } from "@effect-twilio/conferences"
import { type CallSid, type ConferenceSid, TwilioConfig } from "@effect-twilio/core"
import { type Participant, Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault } from "@effect-twilio/testing"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { dialOut, pacedParticipants, pacingWaitMillis } from "../examples/paced-dial-out.js"
import { DemoError, describe } from "./Errors.js"
import * as Table from "./Table.js"
import { Terminal } from "./Terminal.js"
import { webhookRosterStep } from "./WebhookRoster.js"
import { recordingHttpClient, WireLog } from "./WireLog.js"

/** Knobs of the session; the defaults make a run of a few seconds on the real clock. */
export interface SessionOptions {
  /** How long a new call stays queued, connecting and ringing in the simulator. */
  readonly timing: {
    readonly queued: Duration.DurationInput
    readonly connecting: Duration.DurationInput
    readonly ringing: Duration.DurationInput
  }
  /** How often the roster is polled while calls connect. */
  readonly pollEvery: Duration.DurationInput
  /** How many past conferences are seeded and paged through (a real account's history). */
  readonly historySize: number
  /** Page size used for it (Twilio allows up to 1000). */
  readonly pageSize: number
  /** The `Retry-After` of the staged 429 (whole seconds on the wire). */
  readonly retryAfter: Duration.DurationInput
}

/** A few hundred milliseconds per call status, 2,000 past conferences at 100 a page, a 1 s rate limit. */
export const defaultSessionOptions: SessionOptions = {
  timing: { queued: "300 millis", connecting: "300 millis", ringing: "600 millis" },
  pollEvery: "150 millis",
  historySize: 2_000,
  pageSize: 100,
  retryAfter: "1 second"
}

/** What the session established, for callers (and tests) to check. */
export interface SessionReport {
  readonly conferenceSid: ConferenceSid
  /** Participants dialled into the moderated conference. */
  readonly dialled: number
  /** Past conferences streamed from the account's conference list. */
  readonly pagedThrough: number
  /** Pages it took. */
  readonly pages: number
  /** HTTP exchanges in the whole session (retries included). */
  readonly exchanges: number
}

/** The simulator on a loopback port, and the live SDK talking to it through undici. */
export const simulatedLayer = (
  options: SessionOptions = defaultSessionOptions
): Layer.Layer<
  Participants | Conferences | FakeTwilio | TwilioConfig | WireLog,
  FakeTwilio.ListenError | ConfigError.ConfigError
> =>
  Layer.merge(Participants.layer, Conferences.layer).pipe(
    Layer.provide(recordingHttpClient.pipe(Layer.provide(NodeHttpClient.layerUndici))),
    Layer.provideMerge(FakeTwilio.layerServer({ timing: options.timing })),
    Layer.provideMerge(WireLog.Default)
  )

/** Who joins, and how they are reached: a phone number, a Twilio Client identity, a SIP address. */
const guests = [
  { label: "alice", to: "+15558675311", why: "hears an announcement" },
  { label: "bob", to: "client:bob", why: "is coached" },
  { label: "carol", to: "sip:carol@pbx.example.com", why: "coaches bob" },
  { label: "dave", to: "+442071838750", why: "goes on hold" },
  { label: "erin", to: "+15558675312", why: "is removed" }
] as const

const MODERATOR = { label: "moderator", to: "+15558675310" } as const
const CALLER_ID = "+15017122661"

const endpoints = new Map<string, string>([
  [MODERATOR.label, MODERATOR.to],
  ...guests.map((guest): [string, string] => [guest.label, guest.to])
])

const count = (n: number) => n.toLocaleString("en-US")

const seconds = (millis: number) => `${(millis / 1000).toFixed(2)} s`

/** The Call SID, which Twilio always sends for a participant it just answered with. */
const callSidOf = (participant: Participant): Effect.Effect<CallSid, DemoError> =>
  participant.callSid === null
    ? Effect.fail(new DemoError({ message: "Twilio answered a participant without a call_sid" }))
    : Effect.succeed(participant.callSid)

const short = (sid: string | null) => (sid === null ? "" : `${sid.slice(0, 6)}…${sid.slice(-4)}`)

/** Drops the account prefix of API paths and shortens 34-character SIDs, for display only. */
export const compactSids = (text: string): string =>
  text
    .replace(/\/2010-04-01\/Accounts\/AC[0-9a-f]{32}/g, "…")
    .replace(/\b[A-Z]{2}[0-9a-f]{32}\b/g, (sid) => short(sid))

/** Everything the session can fail with: any Twilio failure, a seeding mistake, a broken expectation. */
export type SessionError = Participants.CreateError | Conferences.EndError | FakeTwilio.SeedError | DemoError

/** The session itself: needs the live `Participants` and `Conferences`, the simulator handle, a terminal and the wire log. */
export const session = (
  options: SessionOptions = defaultSessionOptions
): Effect.Effect<
  SessionReport,
  SessionError,
  Participants | Conferences | FakeTwilio | TwilioConfig | Terminal | WireLog
> =>
  Effect.gen(function* () {
    const participants = yield* Participants
    const conferences = yield* Conferences
    const terminal = yield* Terminal
    const fake = yield* FakeTwilio
    const wire = yield* WireLog
    const config = yield* TwilioConfig
    const { paint } = terminal
    const startedAt = yield* Clock.currentTimeMillis
    const elapsed = Effect.map(Clock.currentTimeMillis, (now) => seconds(now - startedAt))

    let stepNumber = 0
    const step = (title: string, note?: string) =>
      Effect.gen(function* () {
        stepNumber += 1
        yield* terminal.line()
        yield* terminal.line(paint.bold(paint.cyan(`${stepNumber}. ${title}`)))
        if (note !== undefined) yield* terminal.line(paint.dim(`   ${note}`))
      })
    const say = (text: string) => terminal.line(`   ${text}`)
    // Errors are shown as the SDK reports them, with SIDs shortened to keep lines readable.
    const shown = (lines: ReadonlyArray<string>) =>
      Effect.forEach(lines, (line) => say(compactSids(line)), { discard: true })

    const statusStyle = (status: Participant["status"]) =>
      status === "connected"
        ? paint.green
        : status === "failed"
          ? paint.red
          : status === "complete"
            ? paint.dim
            : status === "queued" || status === "connecting" || status === "ringing"
              ? paint.yellow
              : paint.magenta

    yield* terminal.line(paint.bold("effect-twilio demo: a moderated conference, end to end"))
    yield* terminal.line(
      paint.dim(
        `FakeTwilio is serving Twilio's REST API on ${config.baseUrl} (account ${config.accountSid});`
      )
    )
    yield* terminal.line(
      paint.dim("the SDK below is the live Participants.layer and Conferences.layer over real HTTP (undici).")
    )

    // 1. The moderator starts the conference by its friendly name.
    yield* step("Start a conference by FriendlyName", 'create("all-hands", …) starts it when none is active')
    const moderator = yield* participants.create("all-hands", {
      from: CALLER_ID,
      to: MODERATOR.to,
      label: MODERATOR.label,
      endConferenceOnExit: true,
      beep: "onEnter"
    })
    if (moderator.conferenceSid === null) {
      return yield* new DemoError({
        message: "Twilio answered the first participant without a conference_sid"
      })
    }
    const conferenceSid = moderator.conferenceSid
    yield* say(
      `${paint.bold("moderator")} ${paint.dim("→")} ${MODERATOR.to}  ${statusStyle(moderator.status)(String(moderator.status))}  ` +
        paint.dim("(endConferenceOnExit: the conference ends when the moderator leaves)")
    )
    yield* say(`conference ${paint.bold(conferenceSid)}`)

    // 2. Everyone else is dialled into that conference, by SID.
    yield* step("Dial in five participants", "phone numbers, a Twilio Client identity and a SIP address")
    const dialled = yield* Effect.forEach(guests, (guest) =>
      participants
        .create(conferenceSid, { from: CALLER_ID, to: guest.to, label: guest.label })
        .pipe(
          Effect.tap((participant) =>
            say(
              `${paint.bold(guest.label.padEnd(9))} ${paint.dim("→")} ${guest.to.padEnd(26)} ${statusStyle(participant.status)(String(participant.status).padEnd(10))} ${paint.dim(guest.why)}`
            )
          )
        )
    )
    const byLabel = new Map<string, Participant>(dialled.map((p) => [p.label ?? "", p]))
    const bob = byLabel.get("bob")
    const erin = byLabel.get("erin")
    if (bob === undefined || erin === undefined) {
      return yield* new DemoError({ message: "a dialled participant came back without its label" })
    }

    // 3. Poll until every call is connected.
    yield* step(
      "Wait for the calls to connect",
      `fetch every participant every ${Duration.format(options.pollEvery)} until all are connected`
    )
    const everyone = [MODERATOR.label, ...guests.map((guest) => guest.label)]
    const lastLine = yield* Ref.make("")
    const poll = Effect.forEach(
      everyone,
      (label) => Effect.map(participants.fetch(conferenceSid, label), (p) => [label, p.status] as const),
      { concurrency: "unbounded" }
    ).pipe(
      Effect.tap((statuses) =>
        Effect.gen(function* () {
          const plain = statuses.map(([label, status]) => `${label} ${status}`).join(" ")
          if ((yield* Ref.getAndSet(lastLine, plain)) === plain) return
          const line = statuses
            .map(([label, status]) => `${label} ${statusStyle(status)(String(status))}`)
            .join(paint.dim(" · "))
          yield* say(`${paint.dim(`t+${yield* elapsed}`)}  ${line}`)
        })
      )
    )
    yield* poll.pipe(
      Effect.repeat({
        schedule: Schedule.spaced(options.pollEvery),
        until: (statuses) => statuses.every(([, status]) => status === "connected")
      }),
      Effect.timeoutFail({
        duration: "15 seconds",
        onTimeout: () => new DemoError({ message: "the calls did not all connect within 15 seconds" })
      })
    )

    const columns: ReadonlyArray<Table.Column> = [
      { header: "label", width: 9 },
      { header: "call", width: 11 },
      { header: "endpoint", width: 25 },
      { header: "status", width: 9 },
      { header: "muted", width: 5 },
      { header: "hold", width: 4 },
      { header: "coaching", width: 11 }
    ]
    const yes = (flag: boolean | null) =>
      flag === true ? { text: "yes", style: paint.yellow } : { text: "·", style: paint.dim }
    const labelOf = (callSid: string | null) =>
      [moderator, ...dialled].find((p) => p.callSid === callSid)?.label ?? short(callSid)
    const printRoster = participants.list(conferenceSid).pipe(
      Stream.runForEach((p) =>
        say(
          Table.row(columns, [
            { text: p.label ?? "", style: paint.bold },
            { text: short(p.callSid), style: paint.dim },
            endpoints.get(p.label ?? "") ?? "",
            { text: String(p.status), style: statusStyle(p.status) },
            yes(p.muted),
            yes(p.hold),
            p.coaching === true
              ? { text: labelOf(p.callSidToCoach), style: paint.magenta }
              : { text: "·", style: paint.dim }
          ])
        )
      ),
      Effect.zipLeft(terminal.line())
    )
    const rosterTable = Effect.gen(function* () {
      yield* say(paint.bold(Table.header(columns)))
      yield* say(paint.dim(Table.rule(columns)))
      yield* printRoster
    })

    // 4. The roster, streamed row by row.
    yield* step(
      "The roster",
      "(yield* Participants).list(conferenceSid) is a Stream; each row is printed as it arrives"
    )
    yield* rosterTable

    // 5. Mute everyone but the moderator, four updates at a time.
    yield* step("Mute everyone but the moderator", "roster → filter → mapEffect(update, { concurrency: 4 })")
    const mutedCount = yield* participants.list(conferenceSid).pipe(
      Stream.filter((p) => p.label !== MODERATOR.label && p.callSid !== null),
      Stream.mapEffect((p) => participants.update(conferenceSid, p.callSid ?? "", { muted: true }), {
        concurrency: 4
      }),
      Stream.tap((p) =>
        say(`${paint.bold((p.label ?? "").padEnd(9))} muted ${paint.dim(`(muted: ${p.muted})`)}`)
      ),
      Stream.runCount
    )
    const mutedNow = yield* Stream.runCount(participants.list(conferenceSid, { muted: true }))
    yield* say(
      paint.green(`${mutedCount} updated; the Muted=true filter now lists ${mutedNow} of ${everyone.length}`)
    )

    // 6. Hold, announce, coach.
    yield* step("Hold dave with music", 'update(…, "dave", { hold: true, holdUrl })')
    const held = yield* participants.update(conferenceSid, "dave", {
      hold: true,
      holdUrl: "https://example.com/music/hold.mp3",
      holdMethod: "GET"
    })
    yield* say(`dave hold: ${paint.yellow(String(held.hold))}, music from https://example.com/music/hold.mp3`)

    yield* step(
      "Announce to alice",
      "an announceUrl update is sent once: it is never repeated after an ambiguous failure"
    )
    const announced = yield* participants.update(conferenceSid, "alice", {
      announceUrl: "https://example.com/announcements/welcome.xml"
    })
    yield* say(
      `alice hears https://example.com/announcements/welcome.xml ${paint.dim(`(status ${announced.status})`)}`
    )

    yield* step(
      "carol coaches bob",
      'update(…, "carol", { coaching: true, callSidToCoach: bob\'s Call SID }): only bob hears carol'
    )
    const bobSid = yield* callSidOf(bob)
    const coach = yield* participants.update(conferenceSid, "carol", {
      coaching: true,
      callSidToCoach: bobSid
    })
    yield* say(
      `carol coaching: ${paint.magenta(String(coach.coaching))}, coaching ${short(coach.callSidToCoach)} (bob)`
    )

    yield* step("The roster now")
    yield* rosterTable

    // 7. Remove erin; her call is gone, and so is the participant.
    yield* step("Remove erin", 'remove(…, "erin") ends her call; fetching her afterwards fails with NotFound')
    const erinSid = yield* callSidOf(erin)
    yield* participants.remove(conferenceSid, "erin")
    yield* say(`erin removed ${paint.dim(`(${erinSid})`)}`)
    const notFound = yield* participants.fetch(conferenceSid, erinSid).pipe(
      Effect.flatMap(() => new DemoError({ message: "erin could still be fetched after her removal" })),
      Effect.catchTag("NotFound", Effect.succeed)
    )
    yield* shown(describe(notFound, paint))

    // 8. A rate limit: first with retries off (the tag), then with the default policy (the retry).
    yield* step("A rate limit", "FakeTwilio answers the next fetch with 429 Too Many Requests")
    const rateLimitedFetch = { method: "GET", path: "/Participants/moderator.json" } as const
    yield* fake.injectFault(Fault.rateLimited(options.retryAfter), rateLimitedFetch)
    const refused = yield* participants.fetch(conferenceSid, "moderator", { retry: false }).pipe(
      Effect.flatMap(() => new DemoError({ message: "the rate-limited fetch succeeded" })),
      Effect.catchTag("RateLimited", Effect.succeed)
    )
    yield* say(paint.dim("with { retry: false }:"))
    yield* shown(describe(refused, paint))
    yield* say(paint.dim("with the default policy (it waits as long as Retry-After says, then sends again):"))
    yield* fake.injectFault(Fault.rateLimited(options.retryAfter), rateLimitedFetch)
    const mark = yield* wire.size
    const before = yield* Clock.currentTimeMillis
    const moderatorNow = yield* participants.fetch(conferenceSid, "moderator")
    const attempts = (yield* wire.all).slice(mark)
    yield* Effect.forEach(
      attempts,
      (exchange, i) =>
        say(
          `attempt ${i + 1}  ${exchange.method} …/Participants/moderator.json  ` +
            (exchange.status === 429
              ? paint.yellow(`429 Retry-After: ${exchange.retryAfter ?? "-"}`)
              : paint.green(`${exchange.status}`)) +
            paint.dim(`  at +${seconds(exchange.at - before)}`)
        ),
      { discard: true }
    )
    if (attempts.length < 2) {
      return yield* new DemoError({ message: "the rate-limited fetch was not retried" })
    }
    yield* say(paint.green(`retried and succeeded: moderator is ${moderatorNow.status}`))

    // 9. Paging through the account's conference history (a roster is capped at 250 on Twilio).
    yield* step(
      `Page through ${count(options.historySize)} past conferences`,
      `Conferences.list({ status: "completed", pageSize: ${options.pageSize} }): one page in memory at a time; one page will fail`
    )
    const reasons = [
      "conference-ended-via-api",
      "last-participant-left",
      "participant-with-end-conference-on-exit-left"
    ] as const
    const now = yield* Clock.currentTimeMillis
    for (let i = 0; i < options.historySize; i++) {
      yield* fake.seedConference({
        friendlyName: `daily-standup-${i}`,
        status: "completed",
        dateCreated: now - (i + 1) * 3_600_000,
        reasonConferenceEnded: reasons[i % reasons.length] ?? "conference-ended-via-api"
      })
    }
    const pagingStarted = yield* Clock.currentTimeMillis
    const totalPages = Math.ceil(options.historySize / options.pageSize)
    const bar = (done: number) => {
      const width = 30
      const filled = Math.round((done / Math.max(1, options.historySize)) * width)
      return `${paint.green("█".repeat(filled))}${paint.dim("░".repeat(width - filled))}`
    }
    // Halfway through, the next page fails twice: more than this stream's one retry allows.
    const failAfterPage = Math.max(1, Math.floor(totalPages / 2))
    const paging = { retry: { maxRetries: 1, baseDelay: "100 millis" } } as const
    const tally = yield* conferences.list({ status: "completed", pageSize: options.pageSize }, paging).pipe(
      Stream.catchAll((error) =>
        "cursor" in error && error.cursor !== undefined
          ? Stream.unwrap(
              Effect.as(
                Effect.zipRight(
                  shown(describe(error, paint)),
                  say(paint.yellow(`resuming at the failed page: listFrom(${compactSids(error.cursor)})`))
                ),
                conferences.listFrom(error.cursor, {}, paging)
              )
            )
          : Stream.fail(error)
      ),
      Stream.chunks,
      Stream.runFoldEffect({ seen: 0, pages: 0, viaApi: 0, lastLeft: 0 }, (acc, page) => {
        const next = {
          seen: acc.seen + Chunk.size(page),
          pages: acc.pages + 1,
          viaApi:
            acc.viaApi +
            Chunk.size(Chunk.filter(page, (c) => c.reasonConferenceEnded === "conference-ended-via-api")),
          lastLeft:
            acc.lastLeft +
            Chunk.size(Chunk.filter(page, (c) => c.reasonConferenceEnded === "last-participant-left"))
        }
        const text = `${bar(next.seen)} ${count(next.seen).padStart(7)} / ${count(options.historySize)}  page ${next.pages}/${totalPages}`
        const milestone = next.pages % 5 === 0 || next.seen >= options.historySize
        const draw = terminal.live ? terminal.progress(`   ${text}`) : milestone ? say(text) : Effect.void
        const stageFailure =
          next.pages === failAfterPage
            ? fake.injectFault(Fault.unavailable, { method: "GET", path: "/Conferences.json", times: 2 })
            : Effect.void
        return Effect.as(Effect.zipRight(draw, stageFailure), next)
      })
    )
    const pagingMillis = (yield* Clock.currentTimeMillis) - pagingStarted
    const rate = Math.round(tally.seen / Math.max(pagingMillis / 1000, 0.001))
    yield* say(
      paint.green(
        `${count(tally.seen)} conferences in ${tally.pages} pages, ${seconds(pagingMillis)} (${count(rate)}/s)`
      ) +
        paint.dim(
          ` · ended via the API ${count(tally.viaApi)} · last participant left ${count(tally.lastLeft)}`
        )
    )

    // A paced dial-out: creates spread to 3 a second, the waits visible (issue #18).
    yield* step(
      "A paced dial-out: six callers at 3 calls per second",
      "TwilioConfig pacing { createsPerSecond: 3 } with the in-memory Pacing layer; all six start at once"
    )
    const pacingBefore = yield* pacingWaitMillis
    const paced = yield* dialOut(conferenceSid, CALLER_ID, [
      "+15558675320",
      "+15558675321",
      "+15558675322",
      "+15558675323",
      "+15558675324",
      "+15558675325"
    ]).pipe(
      Effect.provide(
        pacedParticipants(
          config.credentials._tag === "AuthToken"
            ? {
                accountSid: config.accountSid,
                authToken: config.credentials.authToken,
                baseUrl: config.baseUrl
              }
            : {
                accountSid: config.accountSid,
                apiKey: config.credentials.apiKey,
                apiSecret: config.credentials.apiSecret,
                baseUrl: config.baseUrl
              }
        ).pipe(Layer.provide(NodeHttpClient.layerUndici))
      ),
      Effect.mapError((error) =>
        ConfigError.isConfigError(error)
          ? new DemoError({ message: "the paced layer's settings were refused" })
          : error
      )
    )
    yield* say(paced.map((dialled) => `${dialled.to.slice(-4)} at +${dialled.at} ms`).join(" · "))
    yield* say(
      paint.dim(
        `pacing held the creates back ${Math.round((yield* pacingWaitMillis) - pacingBefore)} ms in all`
      )
    )

    // The live roster from the simulator's signed webhooks (issue #17).
    yield* step(
      "A live roster from webhooks",
      "FakeTwilio posts signed status callbacks to a loopback endpoint; LiveRoster applies them in order"
    )
    yield* Effect.scoped(webhookRosterStep()).pipe(
      Effect.mapError((error) =>
        ConfigError.isConfigError(error) || error._tag === "ServeError"
          ? new DemoError({ message: "the demo's webhook endpoint could not start" })
          : error
      )
    )

    // 10. The conference is ended for everyone through the API, then once more: ending is idempotent.
    yield* step(
      "End the conference for everyone",
      "Conferences.end(sid), twice; then try to add someone by SID"
    )
    const ended = yield* conferences.end(conferenceSid)
    yield* say(
      `conference is ${paint.bold(ended.status)}, reason ${paint.bold(String(ended.reasonConferenceEnded))}`
    )
    const roster = yield* Stream.runCount(participants.list(conferenceSid))
    yield* say(`${roster} participants left on the roster: every call was hung up`)
    const again = yield* conferences.end(conferenceSid)
    yield* say(
      paint.dim(`ending it again succeeds with the completed conference (${again.status}): safe to retry`)
    )
    const inactive = yield* participants
      .create(conferenceSid, {
        from: CALLER_ID,
        to: "+15558675313",
        label: "latecomer"
      })
      .pipe(
        Effect.flatMap(() => new DemoError({ message: "a participant was added to an ended conference" })),
        Effect.catchTag("InactiveConference", Effect.succeed)
      )
    yield* shown(describe(inactive, paint))

    const exchanges = yield* wire.size
    yield* terminal.line()
    yield* terminal.line(
      paint.bold(paint.green("Done.")) +
        paint.dim(` ${count(exchanges)} HTTP exchanges in ${yield* elapsed}.`)
    )
    return {
      conferenceSid,
      dialled: 1 + dialled.length,
      pagedThrough: tally.seen,
      pages: tally.pages,
      exchanges
    } satisfies SessionReport
  })
