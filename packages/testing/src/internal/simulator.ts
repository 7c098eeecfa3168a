/**
 * The simulator engine: credentials, request log, staged faults, seeding and inspection,
 * around the routes. Pure in the sense that matters here: no socket, time read from Effect's
 * `Clock` (so `TestClock` drives statuses and delays), no background fibers.
 */
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import type * as Fault from "../Fault.js"
import * as Callbacks from "./callbacks.js"
import type { Deliveries, Delivery, WebhookOptions } from "./deliveries.js"
import { Codes, errorBody, errorResponse, refuse } from "./errors.js"
import { ACCOUNT_SID, API_KEY_SID, CALL_SID, CONFERENCE_SID, makeSidGenerator } from "./ids.js"
import {
  type AccountRecord,
  addToRoster,
  type ConferenceAnnouncement,
  type ConferenceJson,
  type ConferenceRecord,
  type ConferenceStatus,
  conferenceJson,
  dropParticipant,
  type EndReason,
  emptyWorld,
  endConference,
  findParticipant,
  type ParticipantJson,
  type ParticipantRecord,
  type ParticipantStatus,
  participantJson,
  type Timing
} from "./model.js"
import { route } from "./routes.js"
import type { Pair, WireOutcome, WireRequest, WireResponse } from "./wire.js"

/** Misuse of a seeding helper (an unknown conference, a duplicate label …). */
export class SeedError extends Data.TaggedError("SeedError")<{ readonly message: string }> {}

/** One request as it reached the simulator. */
export interface RecordedRequest {
  readonly method: string
  /** The raw path, still percent-encoded, without the query. */
  readonly path: string
  readonly query: ReadonlyArray<Pair>
  readonly form: ReadonlyArray<Pair>
  /** Lower-cased header names; `authorization` is never kept. */
  readonly headers: { readonly [name: string]: string }
  /** Epoch milliseconds on the Effect clock. */
  readonly receivedAt: number
}

/** Options of a simulator. */
export interface Options {
  /** The account the default credentials belong to (default: a fixed fake SID). */
  readonly accountSid?: string
  /** Its auth token (default: a fixed fake token). */
  readonly authToken?: string
  /** API keys accepted for the default account. */
  readonly apiKeys?: ReadonlyArray<{ readonly apiKey: string; readonly apiSecret: string }>
  /** How long a new participant stays queued, connecting and ringing (defaults 1 s, 1 s, 2 s). */
  readonly timing?: {
    readonly queued?: Duration.DurationInput
    readonly connecting?: Duration.DurationInput
    readonly ringing?: Duration.DurationInput
  }
  /** Seed of the SID generator, for reproducible SIDs (default 1). */
  readonly seed?: number
  /** How status callbacks are delivered (queue, timeout, retries, which URLs get real HTTP). */
  readonly webhooks?: WebhookOptions
}

/** A conference to seed. */
export interface ConferenceSeed {
  readonly sid?: string
  readonly friendlyName?: string
  /** Default `in-progress`. */
  readonly status?: ConferenceStatus
  readonly maxParticipants?: number
  readonly region?: string
  /** Defaults to the simulator's own account. */
  readonly accountSid?: string
  /** When it was created (default: now on the Effect clock); lists sort and filter by it. */
  readonly dateCreated?: DateTime.DateTime.Input
  /** When it was last updated (default: its creation). */
  readonly dateUpdated?: DateTime.DateTime.Input
  /** Why a `completed` seed ended (default `conference-ended-via-api`); only for `completed`. */
  readonly reasonConferenceEnded?: EndReason
  /** The call that ended a `completed` seed, if a participant's exit did. */
  readonly callSidEndingConference?: string
}

/** A participant to seed; everything is optional. */
export interface ParticipantSeed {
  readonly callSid?: string
  readonly label?: string
  readonly muted?: boolean
  readonly hold?: boolean
  readonly coaching?: boolean
  readonly callSidToCoach?: string
  readonly endConferenceOnExit?: boolean
  readonly startConferenceOnEnter?: boolean
  /** A fixed status (default `connected`), or `"live"` to go through queued … connected on the clock. */
  readonly status?: ParticipantStatus | "live"
}

/** Options of `seedParticipants`. */
export interface SeedOptions {
  /**
   * Allow a roster beyond Twilio's cap of 250 participants per conference (the `maxParticipants`
   * range), for stress tests that want big pages; no real conference can be that large.
   */
  readonly stress?: boolean
}

/** Twilio's cap: the most participants one conference can hold (the top of `maxParticipants`). */
export const MAX_PARTICIPANTS = 250

/** The default fake account SID. */
export const DEFAULT_ACCOUNT_SID = `AC${"fa4e".padEnd(32, "0")}`
/** The default fake auth token (a test credential of the simulator, not a secret). */
export const DEFAULT_AUTH_TOKEN = "fake-twilio-auth-token"

interface StagedFault {
  readonly fault: Fault.Fault
  readonly target: Fault.Target
  remaining: number
}

const pathMatches = (target: Fault.Target["path"], path: string) =>
  target === undefined ||
  (typeof target === "string"
    ? path.includes(target)
    : target instanceof RegExp
      ? target.test(path)
      : target(path))

/** Epoch milliseconds of a seeded date (`fallback` when absent); `undefined` when it is not a date. */
const seedTime = (input: DateTime.DateTime.Input | undefined, fallback: number | undefined) =>
  input === undefined
    ? fallback
    : Option.getOrUndefined(Option.map(DateTime.make(input), DateTime.toEpochMillis))

const BAD_GATEWAY_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"

/** The simulator handle: the engine, seeding, inspection, faults and the request log. */
export interface Service {
  /** The account SID the default credentials belong to. */
  readonly accountSid: string
  /** The auth token accepted for that account (a fake test credential). */
  readonly authToken: string
  /** How long new participants stay queued, connecting and ringing. */
  readonly timing: Timing
  /** Answers one HTTP-shaped request (what both transports call). */
  readonly handle: (request: WireRequest) => Effect.Effect<WireOutcome>
  /** Adds a conference in any status, with a chosen SID or friendly name if wanted. */
  readonly seedConference: (seed?: ConferenceSeed) => Effect.Effect<ConferenceJson, SeedError>
  /**
   * Adds participants to a conference (a count or descriptions); answers their Call SIDs in order.
   * A roster beyond Twilio's 250 is refused unless `{ stress: true }` asks for it.
   */
  readonly seedParticipants: (
    conferenceSid: string,
    seeds: number | ReadonlyArray<ParticipantSeed>,
    options?: SeedOptions
  ) => Effect.Effect<ReadonlyArray<string>, SeedError>
  /** Registers another account and its auth token. */
  readonly addAccount: (account: {
    readonly accountSid: string
    readonly authToken: string
  }) => Effect.Effect<void>
  /** Registers an API key and secret for an account (default: the simulator's own). */
  readonly addApiKey: (key: {
    readonly apiKey: string
    readonly apiSecret: string
    readonly accountSid?: string
  }) => Effect.Effect<void>
  /** Ends a conference as if by the API: completed, everyone dropped. */
  readonly endConference: (conferenceSid: string) => Effect.Effect<void>
  /**
   * A participant hangs up (rather than being removed by the API): their exit ends the conference
   * with `participant-with-end-conference-on-exit-left` when they had `endConferenceOnExit`, or
   * with `last-participant-left` when nobody is left, naming their call.
   */
  readonly leave: (conferenceSid: string, callSidOrLabel: string) => Effect.Effect<void, SeedError>
  /** The announcements played to a conference (`AnnounceUrl` updates), oldest first. */
  readonly announcements: (conferenceSid: string) => Effect.Effect<ReadonlyArray<ConferenceAnnouncement>>
  /** A conference as Twilio would print it. */
  readonly conference: (conferenceSid: string) => Effect.Effect<Option.Option<ConferenceJson>>
  /** Every conference. */
  readonly conferences: Effect.Effect<ReadonlyArray<ConferenceJson>>
  /** A conference's roster in creation order, as Twilio would print it now. */
  readonly participants: (conferenceSid: string) => Effect.Effect<ReadonlyArray<ParticipantJson>>
  /** One participant by Call SID or label. */
  readonly participant: (
    conferenceSid: string,
    callSidOrLabel: string
  ) => Effect.Effect<Option.Option<ParticipantJson>>
  /** Every form field a participant was created or updated with (last value wins). */
  readonly participantSettings: (
    conferenceSid: string,
    callSidOrLabel: string
  ) => Effect.Effect<Option.Option<ReadonlyMap<string, string>>>
  /** Stages a fault for the next matching request(s). */
  readonly injectFault: (fault: Fault.Fault, target?: Fault.Target) => Effect.Effect<void>
  /** Drops every staged fault. */
  readonly clearFaults: Effect.Effect<void>
  /** Every request received so far, in arrival order. */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /** Forgets the request log. */
  readonly clearRequests: Effect.Effect<void>
  /** Every status callback settled so far (delivered, failed, recorded or dropped), oldest first. */
  readonly deliveries: Effect.Effect<ReadonlyArray<Delivery>>
  /** Waits until at least `count` status callbacks have settled, then answers them all. */
  readonly awaitDeliveries: (count: number) => Effect.Effect<ReadonlyArray<Delivery>>
}

/** Where the engine hands its callbacks and runs its timed work; none for a bare engine. */
export interface Outlet {
  readonly deliveries: Deliveries
  /** Timed work (a call ringing, answering) runs in fibers of this scope. */
  readonly scope: Scope.Scope
}

/** Builds a simulator. */
export const makeSimulator = (options: Options = {}, outlet?: Outlet): Service => {
  const world = emptyWorld()
  const timing: Timing = {
    queued: Duration.decode(options.timing?.queued ?? Duration.seconds(1)),
    connecting: Duration.decode(options.timing?.connecting ?? Duration.seconds(1)),
    ringing: Duration.decode(options.timing?.ringing ?? Duration.seconds(2))
  }
  const withNow = <A>(f: (now: number) => A): Effect.Effect<A> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => f(now)))
  const sids = makeSidGenerator(options.seed ?? 1)
  const requestIds = makeSidGenerator((options.seed ?? 1) + 0x5f3759df)
  const accountSid = options.accountSid ?? DEFAULT_ACCOUNT_SID
  const authToken = options.authToken ?? DEFAULT_AUTH_TOKEN
  const log: Array<RecordedRequest> = []
  const faults: Array<StagedFault> = []

  const addAccountSync = (sid: string, token: string): AccountRecord => {
    const account: AccountRecord = { sid, authToken: token, apiKeys: new Map() }
    world.accounts.set(sid, account)
    return account
  }
  const addApiKeySync = (owner: string, apiKey: string, apiSecret: string) => {
    world.accounts.get(owner)?.apiKeys.set(apiKey, apiSecret)
    world.apiKeyOwners.set(apiKey, owner)
  }
  addAccountSync(accountSid, authToken)
  for (const key of options.apiKeys ?? []) addApiKeySync(accountSid, key.apiKey, key.apiSecret)

  /** The account the Basic credentials prove, if they do. */
  const authenticate = (header: string | undefined): string | undefined => {
    if (header === undefined) return undefined
    const m = /^Basic\s+(\S+)\s*$/i.exec(header)
    if (m === null || m[1] === undefined) return undefined
    const decoded = Buffer.from(m[1], "base64").toString("utf8")
    const colon = decoded.indexOf(":")
    if (colon === -1) return undefined
    const user = decoded.slice(0, colon)
    const password = decoded.slice(colon + 1)
    if (ACCOUNT_SID.test(user)) {
      return world.accounts.get(user)?.authToken === password ? user : undefined
    }
    if (API_KEY_SID.test(user)) {
      const owner = world.apiKeyOwners.get(user)
      return owner !== undefined && world.accounts.get(owner)?.apiKeys.get(user) === password
        ? owner
        : undefined
    }
    return undefined
  }

  /** Hands the callbacks of the last change to the outlet and schedules its timed work. */
  const flush: Effect.Effect<void> = Effect.suspend(() => {
    const notes = world.outbox.splice(0)
    if (outlet === undefined || notes.length === 0) return Effect.void
    return Effect.forEach(
      notes,
      (note) =>
        note._tag === "Outgoing"
          ? outlet.deliveries.send(note)
          : Effect.forkIn(
              Effect.flatMap(Clock.currentTimeMillis, (now) =>
                Effect.sleep(Duration.millis(Math.max(0, note.at - now))).pipe(
                  Effect.zipRight(withNow((at) => note.run(at))),
                  Effect.zipRight(flush)
                )
              ),
              outlet.scope
            ),
      { discard: true }
    )
  })

  const withRequestId = (response: WireResponse): WireResponse => ({
    ...response,
    headers: { ...response.headers, "twilio-request-id": requestIds.next("RQ") }
  })

  /** Answers a request against the current state (no faults). */
  const process = (request: WireRequest, now: number): WireResponse => {
    const principal = authenticate(request.headers.authorization)
    const unauthorized = () =>
      errorResponse(refuse(401, Codes.Authenticate, "Authentication Error - invalid username or password"), {
        "www-authenticate": 'Basic realm="Twilio API"'
      })
    if (principal === undefined) return unauthorized()
    const segments = request.path.split("/")
    // ["", "2010-04-01", "Accounts", "{AccountSid}", ...rest]
    if (segments[1] !== "2010-04-01" || segments[2] !== "Accounts" || segments[3] === undefined) {
      return errorResponse(
        refuse(404, Codes.NotFound, `The requested resource ${request.path} was not found`)
      )
    }
    if (segments[3] !== principal) return unauthorized()
    return route({ world, timing, sids, now, accountSid: principal }, request, segments.slice(4))
  }

  const takeFault = (request: WireRequest): Fault.Fault | undefined => {
    const at = faults.findIndex(
      (staged) =>
        staged.remaining > 0 &&
        (staged.target.method === undefined ||
          staged.target.method.toUpperCase() === request.method.toUpperCase()) &&
        pathMatches(staged.target.path, request.path)
    )
    const staged = faults[at]
    if (staged === undefined) return undefined
    staged.remaining -= 1
    if (staged.remaining <= 0) faults.splice(at, 1)
    return staged.fault
  }

  const placeholderBody = () =>
    JSON.stringify({ account_sid: accountSid, call_sid: sids.next("CA"), status: "queued", muted: false })

  /** What a failure fault answers; `real` is the processed answer for applied-then faults. */
  const failure = (
    fault: Fault.ServerError | Fault.BadGateway | Fault.TruncatedBody | Fault.Dropped,
    real: WireResponse | undefined
  ): WireOutcome => {
    switch (fault._tag) {
      case "ServerError": {
        const code = fault.status === 503 ? Codes.Unavailable : Codes.InternalError
        const message = fault.status === 503 ? "Service Unavailable" : "Internal Server Error"
        return { _tag: "Respond", response: errorResponse(refuse(fault.status, code, message)) }
      }
      case "BadGateway":
        return {
          _tag: "Respond",
          response: { status: 502, headers: { "content-type": "text/html" }, body: BAD_GATEWAY_PAGE }
        }
      case "TruncatedBody": {
        const response =
          real !== undefined && real.body !== ""
            ? real
            : {
                status: 200,
                headers: { "content-type": "application/json; charset=utf-8" },
                body: placeholderBody()
              }
        return { _tag: "Truncate", response, keep: Math.floor(response.body.length / 2) }
      }
      case "Dropped":
        return { _tag: "Drop" }
    }
  }

  const stamp = (outcome: WireOutcome): WireOutcome =>
    outcome._tag === "Drop" ? outcome : { ...outcome, response: withRequestId(outcome.response) }

  const processNow = (request: WireRequest) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => process(request, now)))

  /** Answers one HTTP-shaped request, applying any staged fault. */
  const handle = (request: WireRequest): Effect.Effect<WireOutcome> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.suspend((): Effect.Effect<WireOutcome> => {
        const { authorization: _, ...headers } = request.headers
        log.push({
          method: request.method,
          path: request.path,
          query: request.query,
          form: request.form,
          headers,
          receivedAt: now
        })
        const fault = takeFault(request)
        if (fault === undefined)
          return Effect.map(processNow(request), (response) => ({ _tag: "Respond", response }))
        switch (fault._tag) {
          case "Delayed":
            return Effect.zipRight(
              Effect.sleep(fault.duration),
              Effect.map(processNow(request), (response): WireOutcome => ({ _tag: "Respond", response }))
            )
          case "AppliedThen":
            return Effect.map(processNow(request), (real) => failure(fault.failure, real))
          case "RateLimited": {
            const retryAfter =
              fault.retryAfter === undefined
                ? {}
                : { "retry-after": String(Math.ceil(Duration.toSeconds(fault.retryAfter))) }
            return Effect.succeed({
              _tag: "Respond",
              response: errorResponse(refuse(429, Codes.TooManyRequests, "Too Many Requests"), retryAfter)
            })
          }
          default:
            return Effect.succeed(failure(fault, undefined))
        }
      })
    ).pipe(Effect.map(stamp))

  /** Guards a handler crash: never a defect, always a Twilio 500. */
  const handleSafely = (request: WireRequest): Effect.Effect<WireOutcome> =>
    handle(request).pipe(
      Effect.zipLeft(flush),
      Effect.catchAllDefect(() =>
        Effect.succeed<WireOutcome>({
          _tag: "Respond",
          response: withRequestId({
            status: 500,
            headers: { "content-type": "application/json; charset=utf-8" },
            body: errorBody(refuse(500, Codes.InternalError, "Internal Server Error"))
          })
        })
      )
    )

  /** What is wrong with a conference seed, if anything (dates are checked where they are read). */
  const seedProblem = (
    seed: ConferenceSeed,
    sid: string,
    owner: string,
    status: ConferenceStatus
  ): string | undefined => {
    if (!CONFERENCE_SID.test(sid)) return `not a Conference SID: ${sid}`
    if (world.conferences.has(sid)) return `conference ${sid} exists`
    if (!world.accounts.has(owner)) return `unknown account ${owner}`
    const ending = seed.callSidEndingConference
    if (status !== "completed" && (seed.reasonConferenceEnded !== undefined || ending !== undefined))
      return "only a completed conference has an end reason or an ending call"
    if (ending !== undefined && !CALL_SID.test(ending)) return `not a Call SID: ${ending}`
    return undefined
  }

  const seedConference = (seed: ConferenceSeed = {}): Effect.Effect<ConferenceJson, SeedError> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.suspend(() => {
        const sid = seed.sid ?? sids.next("CF")
        const owner = seed.accountSid ?? accountSid
        const status = seed.status ?? "in-progress"
        const createdAt = seedTime(seed.dateCreated, now)
        const updatedAt = seedTime(seed.dateUpdated, createdAt)
        const problem = seedProblem(seed, sid, owner, status)
        if (problem !== undefined) return Effect.fail(new SeedError({ message: problem }))
        if (createdAt === undefined || updatedAt === undefined)
          return Effect.fail(new SeedError({ message: "dateCreated and dateUpdated must be valid dates" }))
        const conference: ConferenceRecord = {
          sid,
          accountSid: owner,
          friendlyName: seed.friendlyName ?? `conference-${sid.slice(-8)}`,
          status,
          createdAt,
          updatedAt,
          maxParticipants: seed.maxParticipants ?? 250,
          region: seed.region ?? "us1",
          reasonEnded:
            status === "completed" ? (seed.reasonConferenceEnded ?? "conference-ended-via-api") : null,
          callSidEndingConference: seed.callSidEndingConference ?? null,
          roster: [],
          byCallSid: new Map(),
          byLabel: new Map(),
          announcements: [],
          callbacks: { settings: undefined, sequence: 0, started: status !== "init", outbox: world.outbox }
        }
        world.conferences.set(sid, conference)
        return Effect.succeed(conferenceJson(conference))
      })
    )

  /** A seeded participant joins now (already connected) or when its live call connects. */
  const seededJoin = (c: ConferenceRecord, p: ParticipantRecord) => {
    if (p.pinnedStatus === "connected") Callbacks.join(c, p, p.createdAt)
    else if (p.pinnedStatus === undefined) {
      const at =
        p.createdAt +
        Duration.toMillis(timing.queued) +
        Duration.toMillis(timing.connecting) +
        Duration.toMillis(timing.ringing)
      world.outbox.push({
        _tag: "Later",
        at,
        run: (now) => c.byCallSid.get(p.callSid) === p && Callbacks.join(c, p, now)
      })
    }
  }

  const seedParticipants = (
    conferenceSid: string,
    seeds: number | ReadonlyArray<ParticipantSeed>,
    options: SeedOptions = {}
  ): Effect.Effect<ReadonlyArray<string>, SeedError> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.suspend(() => {
        const conference = world.conferences.get(conferenceSid)
        if (conference === undefined) {
          return Effect.fail(new SeedError({ message: `unknown conference ${conferenceSid}` }))
        }
        const count = typeof seeds === "number" ? seeds : seeds.length
        if (options.stress !== true && conference.roster.length + count > MAX_PARTICIPANTS) {
          return Effect.fail(
            new SeedError({
              message: `a conference holds at most ${MAX_PARTICIPANTS} participants on Twilio (asked for ${conference.roster.length + count}); pass { stress: true } to seed a stress-size roster`
            })
          )
        }
        // Check everything first so a bad entry leaves the roster untouched.
        if (typeof seeds !== "number") {
          const labels = new Set<string>()
          for (const seed of seeds) {
            if (
              seed.callSid !== undefined &&
              (!CALL_SID.test(seed.callSid) || conference.byCallSid.has(seed.callSid))
            ) {
              return Effect.fail(new SeedError({ message: `bad or duplicate Call SID ${seed.callSid}` }))
            }
            if (seed.label !== undefined) {
              if (conference.byLabel.has(seed.label) || labels.has(seed.label)) {
                return Effect.fail(
                  new SeedError({ message: `duplicate label ${JSON.stringify(seed.label)}` })
                )
              }
              labels.add(seed.label)
            }
          }
        }
        const out: Array<string> = new Array(count)
        for (let i = 0; i < count; i++) {
          const seed: ParticipantSeed = typeof seeds === "number" ? {} : (seeds[i] ?? {})
          world.seq += 1
          const coaching = seed.coaching ?? seed.callSidToCoach !== undefined
          const participant: ParticipantRecord = {
            seq: world.seq,
            accountSid: conference.accountSid,
            conferenceSid,
            callSid: seed.callSid ?? sids.next("CA"),
            label: seed.label ?? null,
            createdAt: now,
            updatedAt: now,
            pinnedStatus: seed.status === "live" ? undefined : (seed.status ?? "connected"),
            muted: seed.muted ?? false,
            hold: seed.hold ?? false,
            coaching,
            callSidToCoach: coaching ? (seed.callSidToCoach ?? null) : null,
            endConferenceOnExit: seed.endConferenceOnExit ?? false,
            startConferenceOnEnter: seed.startConferenceOnEnter ?? true,
            settings: new Map(),
            call: {
              settings: undefined,
              from: "+15550100000",
              to: "+15550100001",
              sequence: 0,
              joinedAt: undefined
            }
          }
          addToRoster(conference, participant)
          seededJoin(conference, participant)
          out[i] = participant.callSid
        }
        return Effect.succeed(out)
      })
    )

  return {
    accountSid,
    authToken,
    timing,
    handle: handleSafely,
    seedConference,
    seedParticipants: (conferenceSid, seeds, options) =>
      Effect.zipLeft(seedParticipants(conferenceSid, seeds, options), flush),
    addAccount: (account: { readonly accountSid: string; readonly authToken: string }) =>
      Effect.sync(() => void addAccountSync(account.accountSid, account.authToken)),
    addApiKey: (key: { readonly apiKey: string; readonly apiSecret: string; readonly accountSid?: string }) =>
      Effect.sync(() => addApiKeySync(key.accountSid ?? accountSid, key.apiKey, key.apiSecret)),
    endConference: (conferenceSid: string) =>
      withNow((now) => {
        const c = world.conferences.get(conferenceSid)
        if (c !== undefined && c.status !== "completed")
          endConference(c, now, "conference-ended-via-api", null)
      }).pipe(Effect.zipRight(flush)),
    leave: (conferenceSid: string, callSidOrLabel: string) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.suspend(() => {
          const c = world.conferences.get(conferenceSid)
          const p = c === undefined ? undefined : findParticipant(c, callSidOrLabel)
          if (c === undefined || p === undefined) {
            return Effect.fail(
              new SeedError({ message: `no participant ${callSidOrLabel} in conference ${conferenceSid}` })
            )
          }
          dropParticipant(c, p, now, "left")
          return flush
        })
      ),
    announcements: (conferenceSid: string) =>
      Effect.sync(
        (): ReadonlyArray<ConferenceAnnouncement> =>
          (world.conferences.get(conferenceSid)?.announcements ?? []).slice()
      ),
    conference: (conferenceSid: string) =>
      Effect.sync(() =>
        Option.map(Option.fromNullable(world.conferences.get(conferenceSid)), conferenceJson)
      ),
    conferences: Effect.sync(() => Array.from(world.conferences.values(), conferenceJson)),
    participants: (conferenceSid: string): Effect.Effect<ReadonlyArray<ParticipantJson>> =>
      withNow((now) =>
        (world.conferences.get(conferenceSid)?.roster ?? []).map((p) => participantJson(p, timing, now))
      ),
    participant: (
      conferenceSid: string,
      callSidOrLabel: string
    ): Effect.Effect<Option.Option<ParticipantJson>> =>
      withNow((now) => {
        const c = world.conferences.get(conferenceSid)
        const p = c === undefined ? undefined : findParticipant(c, callSidOrLabel)
        return p === undefined ? Option.none() : Option.some(participantJson(p, timing, now))
      }),
    participantSettings: (
      conferenceSid: string,
      callSidOrLabel: string
    ): Effect.Effect<Option.Option<ReadonlyMap<string, string>>> =>
      Effect.sync(() => {
        const c = world.conferences.get(conferenceSid)
        const p = c === undefined ? undefined : findParticipant(c, callSidOrLabel)
        return p === undefined ? Option.none() : Option.some(new Map(p.settings))
      }),
    injectFault: (fault: Fault.Fault, target: Fault.Target = {}) =>
      Effect.sync(() => {
        faults.push({ fault, target, remaining: Math.max(1, Math.floor(target.times ?? 1)) })
      }),
    clearFaults: Effect.sync(() => {
      faults.length = 0
    }),
    requests: Effect.sync((): ReadonlyArray<RecordedRequest> => log.slice()),
    clearRequests: Effect.sync(() => {
      log.length = 0
    }),
    deliveries: outlet === undefined ? Effect.succeed([]) : outlet.deliveries.log,
    awaitDeliveries: (count: number) =>
      outlet === undefined ? Effect.succeed([]) : outlet.deliveries.await(count)
  }
}
