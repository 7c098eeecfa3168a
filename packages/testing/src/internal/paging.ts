/**
 * The participants list: filters, `PageSize` / `Page` / `PageToken`, and the page links
 * Twilio returns (the page walk and the links are shared with the conference list). A `PageToken` carries the creation sequence of the row it continues from
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

/** One page of rows, in list order, and whether any match lies beyond it. */
export interface Collected<T> {
  readonly rows: ReadonlyArray<T>
  readonly hasMoreAfter: boolean
}

/**
 * The page that starts at `index` of `items`, after skipping `skip` matches (a `Page` without a
 * token): up to `pageSize` items that `keep` accepts, then a look for one more.
 */
export const collectAfter = <T>(
  items: ReadonlyArray<T>,
  keep: (item: T) => boolean,
  index: number,
  skip: number,
  pageSize: number
): Collected<T> => {
  const rows: Array<T> = []
  let i = index
  for (let left = skip; i < items.length && left > 0; i++) {
    const item = items[i]
    if (item !== undefined && keep(item)) left--
  }
  for (; i < items.length && rows.length < pageSize; i++) {
    const item = items[i]
    if (item !== undefined && keep(item)) rows.push(item)
  }
  for (; i < items.length; i++) {
    const item = items[i]
    if (item !== undefined && keep(item)) return { rows, hasMoreAfter: true }
  }
  return { rows, hasMoreAfter: false }
}

/** The page that ends just before `index` (a `PB` token): walked backwards, returned in list order. */
export const collectBefore = <T>(
  items: ReadonlyArray<T>,
  keep: (item: T) => boolean,
  index: number,
  pageSize: number
): Collected<T> => {
  const rows: Array<T> = []
  for (let i = index - 1; i >= 0 && rows.length < pageSize; i--) {
    const item = items[i]
    if (item !== undefined && keep(item)) rows.push(item)
  }
  return { rows: rows.reverse(), hasMoreAfter: true }
}

/** Where a page sits in its list: what Twilio's page links and counters are made from. */
export interface PageWindow {
  /** The list's path, `.json` included. */
  readonly base: string
  /** The filters of the request, repeated in every link. */
  readonly filters: ReadonlyArray<Pair>
  readonly pageSize: number
  readonly page: number
  /** The `PageToken` the request came with, echoed in `uri`. */
  readonly rawToken: string | undefined
  /** How many rows the page holds. */
  readonly rows: number
  /** The token of the next page, when there is one. */
  readonly nextToken: string | undefined
  /** The token of the previous page, when the page has a first row to go back from. */
  readonly previousToken: string | undefined
}

/** Twilio's paging fields of a list answer: the four links (relative, query included) and the counters. */
export const pagingFields = (w: PageWindow) => {
  const link = (pageNumber: number, token?: string) => {
    const pairs: Array<Pair> = [...w.filters, ["PageSize", String(w.pageSize)], ["Page", String(pageNumber)]]
    if (token !== undefined) pairs.push(["PageToken", token])
    return `${w.base}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`
  }
  const start = w.page * w.pageSize
  return {
    first_page_uri: link(0),
    next_page_uri: w.nextToken === undefined ? null : link(w.page + 1, w.nextToken),
    previous_page_uri: w.page > 0 && w.previousToken !== undefined ? link(w.page - 1, w.previousToken) : null,
    uri: link(w.page, w.rawToken),
    page: w.page,
    page_size: w.pageSize,
    start,
    end: w.rows === 0 ? start : start + w.rows - 1
  }
}

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
    const keep = (p: ParticipantRecord) => matches(p, filters)
    const { rows, hasMoreAfter } =
      cursor?.direction === "before"
        ? collectBefore(roster, keep, indexAfter(roster, cursor.seq - 1), pageSize)
        : cursor !== undefined
          ? collectAfter(roster, keep, indexAfter(roster, cursor.seq), 0, pageSize)
          : unfiltered(filters)
            ? collectAfter(roster, keep, page * pageSize, 0, pageSize)
            : collectAfter(roster, keep, 0, page * pageSize, pageSize)

    const filterPairs: Array<Pair> = []
    if (filters.muted !== undefined) filterPairs.push(["Muted", String(filters.muted)])
    if (filters.hold !== undefined) filterPairs.push(["Hold", String(filters.hold)])
    if (filters.coaching !== undefined) filterPairs.push(["Coaching", String(filters.coaching)])
    const first = rows[0]
    const last = rows[rows.length - 1]
    return {
      participants: rows.map((p) => participantJson(p, timing, now)),
      ...pagingFields({
        base: `${participantsPath(accountSid, conference.sid)}.json`,
        filters: filterPairs,
        pageSize,
        page,
        rawToken,
        rows: rows.length,
        nextToken: hasMoreAfter && last !== undefined ? `PA${last.seq}` : undefined,
        previousToken: first === undefined ? undefined : `PB${first.seq}`
      })
    }
  })
