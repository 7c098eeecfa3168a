/**
 * The participants list: filters, `PageSize` / `Page` / `PageToken`, and the page links
 * Twilio returns. A `PageToken` carries the creation sequence of the row it continues from
 * (`PA{seq}` for the page after, `PB{seq}` for the page before), so reaching any page costs a
 * binary search plus the page itself, however long the roster.
 */
import * as Either from "effect/Either"
import { Codes, type Refusal, refuse } from "./errors.js"
import {
  type ConferenceRecord,
  indexAfter,
  type ParticipantRecord,
  participantJson,
  participantsPath,
  type Timing
} from "./model.js"
import { booleanParam, integerParam } from "./params.js"
import { lastValue, type Pair } from "./wire.js"

/** Default and largest page sizes. */
export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 1000

interface Filters {
  readonly muted: boolean | undefined
  readonly hold: boolean | undefined
  readonly coaching: boolean | undefined
}

type Cursor = { readonly direction: "after" | "before"; readonly seq: number }

const parseToken = (token: string): Cursor | undefined => {
  const m = /^P([AB])(\d{1,15})$/.exec(token)
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined
  return { direction: m[1] === "A" ? "after" : "before", seq: Number(m[2]) }
}

const matches = (p: ParticipantRecord, f: Filters) =>
  (f.muted === undefined || p.muted === f.muted) &&
  (f.hold === undefined || p.hold === f.hold) &&
  (f.coaching === undefined || p.coaching === f.coaching)

const unfiltered = (f: Filters) => f.muted === undefined && f.hold === undefined && f.coaching === undefined

/** Answers one list request. */
export const listPage = (
  conference: ConferenceRecord,
  accountSid: string,
  query: ReadonlyArray<Pair>,
  timing: Timing,
  now: number
) =>
  Either.gen(function* () {
    const filters: Filters = {
      muted: yield* booleanParam(query, "Muted"),
      hold: yield* booleanParam(query, "Hold"),
      coaching: yield* booleanParam(query, "Coaching")
    }
    const pageSize = (yield* integerParam(query, "PageSize", [1, MAX_PAGE_SIZE])) ?? DEFAULT_PAGE_SIZE
    const page = (yield* integerParam(query, "Page", [0, Number.MAX_SAFE_INTEGER])) ?? 0
    const rawToken = lastValue(query, "PageToken")
    const cursor = rawToken === undefined ? undefined : parseToken(rawToken)
    if (rawToken !== undefined && cursor === undefined) {
      return yield* Either.left<Refusal>(
        refuse(400, Codes.InvalidParameter, `Invalid PageToken ${JSON.stringify(rawToken)}`)
      )
    }
    const roster = conference.roster
    const rows: Array<ParticipantRecord> = []
    let hasMoreAfter = false
    if (cursor?.direction === "before") {
      // Walk backwards from the cursor, then restore creation order.
      let i = indexAfter(roster, cursor.seq - 1) - 1
      for (; i >= 0 && rows.length < pageSize; i--) {
        const p = roster[i]
        if (p !== undefined && matches(p, filters)) rows.push(p)
      }
      rows.reverse()
      hasMoreAfter = true
    } else {
      let i: number
      if (cursor !== undefined) i = indexAfter(roster, cursor.seq)
      else if (unfiltered(filters)) i = page * pageSize
      else {
        // Page without a token on a filtered list: skip the earlier pages' matches.
        let skip = page * pageSize
        i = 0
        for (; i < roster.length && skip > 0; i++) {
          const p = roster[i]
          if (p !== undefined && matches(p, filters)) skip--
        }
      }
      for (; i < roster.length && rows.length < pageSize; i++) {
        const p = roster[i]
        if (p !== undefined && matches(p, filters)) rows.push(p)
      }
      for (; i < roster.length && !hasMoreAfter; i++) {
        const p = roster[i]
        if (p !== undefined && matches(p, filters)) hasMoreAfter = true
      }
    }

    const base = `${participantsPath(accountSid, conference.sid)}.json`
    const filterPairs: Array<Pair> = []
    if (filters.muted !== undefined) filterPairs.push(["Muted", String(filters.muted)])
    if (filters.hold !== undefined) filterPairs.push(["Hold", String(filters.hold)])
    if (filters.coaching !== undefined) filterPairs.push(["Coaching", String(filters.coaching)])
    const link = (pageNumber: number, token?: string) => {
      const pairs: Array<Pair> = [
        ...filterPairs,
        ["PageSize", String(pageSize)],
        ["Page", String(pageNumber)]
      ]
      if (token !== undefined) pairs.push(["PageToken", token])
      return `${base}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`
    }
    const first = rows[0]
    const last = rows[rows.length - 1]
    const start = page * pageSize
    return {
      participants: rows.map((p) => participantJson(p, timing, now)),
      first_page_uri: link(0),
      next_page_uri: hasMoreAfter && last !== undefined ? link(page + 1, `PA${last.seq}`) : null,
      previous_page_uri: page > 0 && first !== undefined ? link(page - 1, `PB${first.seq}`) : null,
      uri: link(page, rawToken),
      page,
      page_size: pageSize,
      start,
      end: rows.length === 0 ? start : start + rows.length - 1
    }
  })
