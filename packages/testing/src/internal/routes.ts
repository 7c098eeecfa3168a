/**
 * The REST routes of the simulator and their rules: create, list, fetch, update and remove
 * participants; list, fetch and update conferences (their handlers live in `conferences.ts`). Each
 * handler runs synchronously against the world at one instant (`now`), so a request applies atomically.
 */
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Callbacks from "./callbacks.js"
import { listConferences, updateConference } from "./conferences.js"
import { Codes, errorResponse, json, noContent, type Refusal, refuse } from "./errors.js"
import { CALL_SID, CONFERENCE_SID, type SidGenerator } from "./ids.js"
import {
  activeByFriendlyName,
  addToRoster,
  type ConferenceRecord,
  conferenceJson,
  dropParticipant,
  findParticipant,
  type ParticipantRecord,
  participantJson,
  statusAt,
  type Timing,
  type World
} from "./model.js"
import { listPage } from "./paging.js"
import { createParams, labelProblem, updateParams } from "./params.js"
import { decodeSegment, lastValue, type Pair, type WireRequest, type WireResponse } from "./wire.js"

/** What a handler needs besides the request. */
export interface Context {
  readonly world: World
  readonly timing: Timing
  readonly sids: SidGenerator
  readonly now: number
  /** The account the credentials belong to (already checked against the path). */
  readonly accountSid: string
}

const notFound = (what: string): Refusal =>
  refuse(404, Codes.NotFound, `The requested resource ${what} was not found`)

const fail = (refusal: Refusal): Either.Either<never, Refusal> => Either.left(refusal)

/** Stores every form field on the participant (last value wins), for inspection. */
const remember = (p: ParticipantRecord, form: ReadonlyArray<Pair>) => {
  for (const [k, v] of form) p.settings.set(k, v)
}

const conferenceBySid = (ctx: Context, sid: string, path: string) => {
  const c = CONFERENCE_SID.test(sid) ? ctx.world.conferences.get(sid) : undefined
  return c === undefined || c.accountSid !== ctx.accountSid ? fail(notFound(path)) : Either.right(c)
}

const coachTargetCheck = (c: ConferenceRecord, target: string, self: string | undefined, ctx: Context) => {
  const p = c.byCallSid.get(target)
  return p === undefined || p.callSid === self || statusAt(p, ctx.timing, ctx.now) !== "connected"
    ? fail(
        refuse(
          400,
          Codes.CoachTargetAbsent,
          `The participant ${target} to coach is not connected to conference ${c.sid}`
        )
      )
    : Either.void
}

/**
 * The call of a new participant on the clock: `initiated` now, `ringing` once queued and connecting
 * are over, answered and joined once it connects (unless it left before).
 */
const scheduleCall = (ctx: Context, c: ConferenceRecord, p: ParticipantRecord) => {
  Callbacks.callEvent(c, p, "initiated", ctx.now)
  const present = () => c.byCallSid.get(p.callSid) === p
  const ringing =
    p.createdAt + Duration.toMillis(ctx.timing.queued) + Duration.toMillis(ctx.timing.connecting)
  const connected = ringing + Duration.toMillis(ctx.timing.ringing)
  ctx.world.outbox.push(
    { _tag: "Later", at: ringing, run: (now) => present() && Callbacks.callEvent(c, p, "ringing", now) },
    { _tag: "Later", at: connected, run: (now) => present() && Callbacks.join(c, p, now) }
  )
}

/** POST …/Conferences/{ConferenceSidOrFriendlyName}/Participants.json */
const create = (ctx: Context, conferenceKey: string, form: ReadonlyArray<Pair>, path: string) =>
  Either.gen(function* () {
    let conference: ConferenceRecord | undefined
    if (CONFERENCE_SID.test(conferenceKey)) {
      conference = yield* conferenceBySid(ctx, conferenceKey, path)
      if (conference.status === "completed") {
        return yield* fail(
          refuse(
            400,
            Codes.ConferenceNotActive,
            `Conference ${conferenceKey} is not active (it has completed)`
          )
        )
      }
    } else {
      conference = activeByFriendlyName(ctx.world, ctx.accountSid, conferenceKey)
    }
    const params = yield* createParams(form)
    if (params.label !== undefined) {
      const problem = labelProblem(params.label)
      if (problem !== undefined)
        return yield* fail(refuse(400, Codes.InvalidLabel, `Invalid Label: ${problem}`))
      if (conference?.byLabel.has(params.label)) {
        return yield* fail(
          refuse(
            400,
            Codes.LabelInUse,
            `Label ${JSON.stringify(params.label)} is used by another participant`
          )
        )
      }
    }
    if (conference !== undefined && conference.roster.length >= conference.maxParticipants) {
      return yield* fail(
        refuse(
          400,
          Codes.ConferenceFull,
          `Conference ${conference.sid} has reached its maximum of ${conference.maxParticipants} participants`
        )
      )
    }
    const coaching = params.coaching ?? params.callSidToCoach !== undefined
    if (coaching && params.callSidToCoach !== undefined) {
      if (conference === undefined) {
        return yield* fail(
          refuse(
            400,
            Codes.CoachTargetAbsent,
            `The participant ${params.callSidToCoach} to coach is not in this conference`
          )
        )
      }
      yield* coachTargetCheck(conference, params.callSidToCoach, undefined, ctx)
    }
    // Every check passed: only now may a conference be started.
    if (conference === undefined) {
      conference = {
        sid: ctx.sids.next("CF"),
        accountSid: ctx.accountSid,
        friendlyName: conferenceKey,
        status: params.startConferenceOnEnter ? "in-progress" : "init",
        createdAt: ctx.now,
        updatedAt: ctx.now,
        // The first participant's conference settings win; later ones are ignored.
        maxParticipants: params.maxParticipants,
        region: params.region ?? "us1",
        reasonEnded: null,
        callSidEndingConference: null,
        roster: [],
        byCallSid: new Map(),
        byLabel: new Map(),
        announcements: [],
        callbacks: { settings: undefined, sequence: 0, started: false, outbox: ctx.world.outbox }
      }
      ctx.world.conferences.set(conference.sid, conference)
    } else if (conference.status === "init" && params.startConferenceOnEnter) {
      conference.status = "in-progress"
      conference.updatedAt = ctx.now
    }
    ctx.world.seq += 1
    const participant: ParticipantRecord = {
      seq: ctx.world.seq,
      accountSid: ctx.accountSid,
      conferenceSid: conference.sid,
      callSid: ctx.sids.next("CA"),
      label: params.label ?? null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      pinnedStatus: undefined,
      muted: params.muted,
      hold: false,
      coaching,
      callSidToCoach: coaching ? (params.callSidToCoach ?? null) : null,
      endConferenceOnExit: params.endConferenceOnExit,
      startConferenceOnEnter: params.startConferenceOnEnter,
      settings: new Map(),
      call: {
        settings: Callbacks.callSettings(form),
        from: params.from,
        to: params.to,
        sequence: 0,
        joinedAt: undefined
      }
    }
    remember(participant, form)
    addToRoster(conference, participant)
    // Twilio's rule: the first participant's conference callback settings win, later ones are ignored.
    if (conference.callbacks.settings === undefined)
      conference.callbacks.settings = Callbacks.conferenceSettings(form) ?? null
    scheduleCall(ctx, conference, participant)
    const queueTime = String(Duration.toMillis(ctx.timing.queued))
    return json(201, participantJson(participant, ctx.timing, ctx.now, queueTime))
  })

/** POST …/Participants/{CallSidOrLabel}.json */
const update = (
  ctx: Context,
  conference: ConferenceRecord,
  p: ParticipantRecord,
  form: ReadonlyArray<Pair>
) =>
  Either.gen(function* () {
    const params = yield* updateParams(form)
    const coaching = params.coaching ?? (params.callSidToCoach !== undefined ? true : p.coaching)
    const target = params.callSidToCoach ?? p.callSidToCoach
    if (coaching && target === null) {
      return yield* fail(
        refuse(400, Codes.InvalidParameter, "Coaching is true but CallSidToCoach is missing")
      )
    }
    if (coaching && params.callSidToCoach !== undefined) {
      yield* coachTargetCheck(conference, params.callSidToCoach, p.callSid, ctx)
    }
    const before = { muted: p.muted, hold: p.hold, modify: Callbacks.modifiable(p) }
    if (params.muted !== undefined) p.muted = params.muted
    if (params.hold !== undefined) p.hold = params.hold
    if (params.endConferenceOnExit !== undefined) p.endConferenceOnExit = params.endConferenceOnExit
    p.coaching = coaching
    p.callSidToCoach = coaching ? target : null
    p.updatedAt = ctx.now
    remember(p, form)
    Callbacks.changed(conference, p, before, ctx.now)
    const announce = lastValue(form, "AnnounceUrl")
    if (announce !== undefined && p.call.joinedAt !== undefined) {
      Callbacks.conferenceEvent(conference, "announcement-end", ctx.now, {
        ...Callbacks.participantFields(p),
        AnnounceUrl: announce
      })
    }
    return json(200, participantJson(p, ctx.timing, ctx.now))
  })

/** DELETE …/Participants/{CallSidOrLabel}.json */
const remove = (ctx: Context, conference: ConferenceRecord, p: ParticipantRecord): WireResponse => {
  dropParticipant(conference, p, ctx.now, "kicked")
  return noContent
}

const methodNotAllowed = (method: string): Refusal =>
  refuse(405, Codes.MethodNotAllowed, `Method ${method} is not allowed on this resource`)

/**
 * Routes an authenticated request below `/2010-04-01/Accounts/{AccountSid}` (the account has
 * been checked already) and answers it.
 */
export const route = (ctx: Context, request: WireRequest, segments: ReadonlyArray<string>): WireResponse => {
  const result = dispatch(ctx, request, segments)
  return Either.match(result, {
    onLeft: (refusal) => errorResponse(refusal),
    onRight: (response) => response
  })
}

/** …/Conferences/{Sid}.json: fetch or update one conference. */
const conferenceRoute = (
  ctx: Context,
  request: WireRequest,
  raw: string
): Either.Either<WireResponse, Refusal> => {
  const method = request.method.toUpperCase()
  const sid = raw.endsWith(".json") ? decodeSegment(raw.slice(0, -".json".length)) : undefined
  if (sid === undefined) return fail(notFound(request.path))
  return Either.flatMap(conferenceBySid(ctx, sid, request.path), (c) => {
    if (method === "GET") return Either.right(json(200, conferenceJson(c)))
    if (method === "POST") return updateConference(c, request.form, ctx.now)
    return fail(methodNotAllowed(method))
  })
}

const dispatch = (
  ctx: Context,
  request: WireRequest,
  segments: ReadonlyArray<string>
): Either.Either<WireResponse, Refusal> => {
  const method = request.method.toUpperCase()
  const path = request.path
  // segments: ["Conferences.json"] | ["Conferences", "{C}.json"] | ["Conferences", C, "Participants.json"] | [..., "Participants", "{P}.json"]
  if (segments.length === 1 && segments[0] === "Conferences.json") {
    return method === "GET"
      ? listConferences(ctx.world, ctx.accountSid, request.query)
      : fail(methodNotAllowed(method))
  }
  if (segments[0] !== "Conferences" || segments.length < 2) return fail(notFound(path))
  const rawConference = segments[1] ?? ""
  if (segments.length === 2) return conferenceRoute(ctx, request, rawConference)
  const conferenceKey = decodeSegment(rawConference)
  if (conferenceKey === undefined || conferenceKey === "") return fail(notFound(path))
  if (segments.length === 3 && segments[2] === "Participants.json") {
    if (method === "POST") return create(ctx, conferenceKey, request.form, path)
    if (method !== "GET") return fail(methodNotAllowed(method))
    return Either.flatMap(conferenceBySid(ctx, conferenceKey, path), (c) =>
      Either.map(listPage(c, ctx.accountSid, request.query, ctx.timing, ctx.now), (page) => json(200, page))
    )
  }
  const rawParticipant = segments[3]
  if (segments.length === 4 && segments[2] === "Participants" && rawParticipant?.endsWith(".json")) {
    const key = decodeSegment(rawParticipant.slice(0, -".json".length))
    if (key === undefined || key === "") return fail(notFound(path))
    return Either.flatMap(conferenceBySid(ctx, conferenceKey, path), (c) => {
      const p = findParticipant(c, key)
      if (p === undefined) return fail(notFound(path))
      switch (method) {
        case "GET":
          return Either.right(json(200, participantJson(p, ctx.timing, ctx.now)))
        case "POST":
          return update(ctx, c, p, request.form)
        case "DELETE":
          return Either.right(remove(ctx, c, p))
        default:
          return fail(methodNotAllowed(method))
      }
    })
  }
  return fail(notFound(path))
}

/** True for a Call SID (used by seeding to reject labels that would shadow SIDs). */
export const isCallSid = (value: string) => CALL_SID.test(value)
