/**
 * The Conference routes: list (every filter of the slice, with real paging links), fetch, and
 * update (end, announce). Like the participant routes, each handler runs synchronously against the
 * world at one instant.
 *
 * Updating a completed conference: Twilio's docs give no error code for this operation. The
 * simulator answers 400 with code 16099 ("unexpected conference status": the conference is not in a
 * state that allows the operation), the code Twilio uses when a participant is added to a conference
 * that has ended, so the same code means the same thing across the conference routes.
 */
import * as Either from "effect/Either"
import * as Callbacks from "./callbacks.js"
import { Codes, json, type Refusal, refuse } from "./errors.js"
import {
  accountPath,
  type ConferenceRecord,
  type ConferenceStatus,
  conferenceJson,
  endConference,
  type World
} from "./model.js"
import { collectAfter, collectBefore, pagingFields } from "./paging.js"
import { conferenceUpdateParams, dayParam, enumParam, integerParam } from "./params.js"
import { lastValue, type Pair, type WireResponse } from "./wire.js"

/** Default and largest page sizes of the conference list. */
const DEFAULT_PAGE_SIZE = 50
const MAX_PAGE_SIZE = 1000

const STATUSES: ReadonlyArray<ConferenceStatus> = ["init", "in-progress", "completed"]

/** The list filters in the order the paging links repeat them. */
const DAY_FILTERS = [
  "DateCreated",
  "DateCreated<",
  "DateCreated>",
  "DateUpdated",
  "DateUpdated<",
  "DateUpdated>"
] as const

interface Filters {
  readonly friendlyName: string | undefined
  readonly status: ConferenceStatus | undefined
  /** Each date filter given, with its `YYYY-MM-DD` value. */
  readonly days: ReadonlyArray<readonly [(typeof DAY_FILTERS)[number], string]>
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
const dayOf = (millis: number) => new Date(millis).toISOString().slice(0, 10)

/** `DateCreated=` is that day; `<` is on or before it and `>` on or after it (whole UTC days). */
const dayMatches = (filter: (typeof DAY_FILTERS)[number], value: string, c: ConferenceRecord) => {
  const day = dayOf(filter.startsWith("DateCreated") ? c.createdAt : c.updatedAt)
  if (filter.endsWith("<")) return day <= value
  if (filter.endsWith(">")) return day >= value
  return day === value
}

const matches = (c: ConferenceRecord, f: Filters) =>
  (f.friendlyName === undefined || c.friendlyName === f.friendlyName) &&
  (f.status === undefined || c.status === f.status) &&
  f.days.every(([filter, value]) => dayMatches(filter, value, c))

/** An account's conferences as Twilio lists them: newest first (by creation, then by arrival). */
const newestFirst = (world: World, accountSid: string): Array<ConferenceRecord> => {
  const own: Array<ConferenceRecord> = []
  for (const c of world.conferences.values()) if (c.accountSid === accountSid) own.push(c)
  // Reversed arrival order first, so the stable sort keeps later arrivals first among equal dates.
  return own.reverse().sort((a, b) => b.createdAt - a.createdAt)
}

/** A `PageToken`: `PA{sid}` continues after that conference, `PB{sid}` goes back before it. */
const parseToken = (token: string) => {
  const m = /^P([AB])(CF[0-9a-fA-F]{32})$/.exec(token)
  return m === null || m[1] === undefined || m[2] === undefined
    ? undefined
    : { direction: m[1] === "A" ? ("after" as const) : ("before" as const), sid: m[2] }
}

const invalidToken = (token: string): Either.Either<never, Refusal> =>
  Either.left(refuse(400, Codes.InvalidParameter, `Invalid PageToken ${JSON.stringify(token)}`))

/** GET …/Conferences.json */
export const listConferences = (world: World, accountSid: string, query: ReadonlyArray<Pair>) =>
  Either.gen(function* () {
    const days: Array<readonly [(typeof DAY_FILTERS)[number], string]> = []
    for (const filter of DAY_FILTERS) {
      const value = yield* dayParam(query, filter)
      if (value !== undefined) days.push([filter, value])
    }
    const filters: Filters = {
      friendlyName: lastValue(query, "FriendlyName"),
      status: yield* enumParam(query, "Status", STATUSES),
      days
    }
    const pageSize = (yield* integerParam(query, "PageSize", [1, MAX_PAGE_SIZE])) ?? DEFAULT_PAGE_SIZE
    const page = (yield* integerParam(query, "Page", [0, Number.MAX_SAFE_INTEGER])) ?? 0
    const rawToken = lastValue(query, "PageToken")
    const cursor = rawToken === undefined ? undefined : parseToken(rawToken)
    if (rawToken !== undefined && cursor === undefined) return yield* invalidToken(rawToken)

    // The cursor is a position in the whole (unfiltered) list, so a conference that stops matching
    // between two pages (it ended) still marks where the next page starts.
    const all = newestFirst(world, accountSid)
    const at = cursor === undefined ? -1 : all.findIndex((c) => c.sid === cursor.sid)
    if (rawToken !== undefined && at === -1) return yield* invalidToken(rawToken)
    const keep = (c: ConferenceRecord) => matches(c, filters)
    const { rows, hasMoreAfter } =
      cursor?.direction === "before"
        ? collectBefore(all, keep, at, pageSize)
        : cursor !== undefined
          ? collectAfter(all, keep, at + 1, 0, pageSize)
          : collectAfter(all, keep, 0, page * pageSize, pageSize)

    const filterPairs: Array<Pair> = []
    if (filters.status !== undefined) filterPairs.push(["Status", filters.status])
    if (filters.friendlyName !== undefined) filterPairs.push(["FriendlyName", filters.friendlyName])
    filterPairs.push(...days)
    const first = rows[0]
    const last = rows[rows.length - 1]
    return json(200, {
      conferences: rows.map(conferenceJson),
      ...pagingFields({
        base: `${accountPath(accountSid)}/Conferences.json`,
        filters: filterPairs,
        pageSize,
        page,
        rawToken,
        rows: rows.length,
        nextToken: hasMoreAfter && last !== undefined ? `PA${last.sid}` : undefined,
        previousToken: first === undefined ? undefined : `PB${first.sid}`
      })
    })
  })

/**
 * POST …/Conferences/{Sid}.json: `Status=completed` ends the conference (every participant's call
 * ends with it); `AnnounceUrl` plays an announcement to everyone. A completed conference refuses
 * both (see the module comment for the code). A form with neither changes nothing and answers the
 * conference as it is.
 */
export const updateConference = (
  c: ConferenceRecord,
  form: ReadonlyArray<Pair>,
  now: number
): Either.Either<WireResponse, Refusal> =>
  Either.gen(function* () {
    const params = yield* conferenceUpdateParams(form)
    if ((params.end || params.announce !== undefined) && c.status === "completed") {
      return yield* Either.left(
        refuse(400, Codes.ConferenceNotActive, `Conference ${c.sid} is not in progress (it has completed)`)
      )
    }
    if (params.announce !== undefined) {
      c.announcements.push({ ...params.announce, at: now })
      c.updatedAt = now
      Callbacks.conferenceEvent(c, "announcement-end", now, { AnnounceUrl: params.announce.url })
    }
    if (params.end) endConference(c, now, "conference-ended-via-api", null)
    return json(200, conferenceJson(c))
  })
