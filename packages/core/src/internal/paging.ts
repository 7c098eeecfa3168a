/**
 * The rules a list follows from page to page: a link must stay on the same list with the same
 * filters and page size, is never followed twice, and a run of empty pages ends the listing.
 */
import * as Either from "effect/Either"
import { checkPageUri } from "../Pagination.js"

/** Query keys that move through a list; every other key is a filter and must not change. */
const PAGING_KEYS: ReadonlySet<string> = new Set(["Page", "PageToken", "PageSize"])

/** More consecutive empty pages than this end a listing: a page link that never reaches items. */
export const MAX_EMPTY_PAGES = 10

/** A page link split into its path and its decoded query pairs. */
interface Link {
  readonly path: string
  readonly filters: string
  readonly pageSize: string | undefined
  /** The path and every decoded pair, sorted: equal for links that name the same page. */
  readonly key: string
}

const sorted = (pairs: ReadonlyArray<readonly [string, string]>) =>
  pairs
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort()
    .join("&")

/**
 * Reads a link that already passed `checkPageUri`. Query pairs are compared decoded: Twilio
 * percent-encodes filter names (`DateUpdated%3E=`) where a request may not.
 */
const parse = (uri: string): Link => {
  const q = uri.indexOf("?")
  const path = q === -1 ? uri : uri.slice(0, q)
  const pairs = Array.from(new URLSearchParams(q === -1 ? "" : uri.slice(q + 1)))
  const sizes = pairs.filter(([k]) => k === "PageSize").map(([, v]) => v)
  return {
    path,
    filters: sorted(pairs.filter(([k]) => !PAGING_KEYS.has(k))),
    // Twilio writes one PageSize; two different ones are no page size we asked for.
    pageSize: sizes.length === 0 ? undefined : sizes.every((s) => s === sizes[0]) ? sizes[0] : "\u0000",
    key: `${path}?${sorted(pairs)}`
  }
}

/** Where a listing stands: what its links must keep, which pages it has read, how many empty in a row. */
export class Listing {
  private readonly seen = new Set<string>()
  private readonly path: string
  private readonly filters: string
  private pageSize: string | undefined
  private empties = 0

  /**
   * Starts at `start` (the first page's path and query, or a caller's cursor), which must already
   * have passed `checkPageUri`. Its path, filters and page size are what every later link keeps.
   */
  constructor(
    start: string,
    private readonly within: string
  ) {
    const link = parse(start)
    this.path = link.path
    this.filters = link.filters
    this.pageSize = link.pageSize
    this.seen.add(link.key)
  }

  /**
   * Whether `uri` may be read as the next page; the reason when not. Does not record it: a link
   * offered as a resume point (`nextCursor`) is checked the same way without being read.
   */
  check(uri: unknown): Either.Either<string, string> {
    return Either.flatMap(checkPageUri(uri, this.within), (path) => {
      const link = parse(path)
      if (link.path !== this.path) return Either.left(`it names another list (${link.path.slice(0, 200)})`)
      if (link.filters !== this.filters) return Either.left("it changes the list's filters")
      if (this.pageSize !== undefined && link.pageSize !== this.pageSize) {
        return Either.left("it changes the list's PageSize")
      }
      if (this.seen.has(link.key)) return Either.left("this listing already read that page (a loop)")
      return Either.right(path)
    })
  }

  /** Records a link about to be read (the first link fixes a page size Twilio chose). */
  follow(path: string): void {
    const link = parse(path)
    if (this.pageSize === undefined) this.pageSize = link.pageSize
    this.seen.add(link.key)
  }

  /** Counts a page read; the reason to stop when too many empty ones came in a row. */
  read(items: number, hasNext: boolean): string | undefined {
    this.empties = items === 0 ? this.empties + 1 : 0
    return hasNext && this.empties > MAX_EMPTY_PAGES
      ? `${this.empties} empty pages in a row, each linking to another: the list does not move`
      : undefined
  }
}
