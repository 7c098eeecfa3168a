/**
 * Paged Twilio lists as a lazy `Stream` that follows `next_page_uri`.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** One page: its items and the link to the next one (absent on the last page). */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextPageUri: string | null
}

/** How to read the first page and the page behind a `next_page_uri`. */
export interface Pager<P extends Page<unknown>, E, R> {
  readonly first: Effect.Effect<P, E, R>
  readonly next: (nextPageUri: string) => Effect.Effect<P, E, R>
  /** Emit at most this many items, and fetch no page beyond the one that reaches it. */
  readonly limit?: number
}

/**
 * Streams every item of every page, fetching a page only when the previous one has been
 * consumed; at most one page is held at a time.
 */
export const stream = <P extends Page<unknown>, E, R>(
  pager: Pager<P, E, R>
): Stream.Stream<P["items"][number], E, R> => {
  const pages = Stream.paginateChunkEffect(Option.none<string>(), (cursor) => {
    const fetch = Option.match(cursor, { onNone: () => pager.first, onSome: pager.next })
    return Effect.map(
      fetch,
      (page): readonly [Chunk.Chunk<P["items"][number]>, Option.Option<Option.Option<string>>] => [
        Chunk.unsafeFromArray(page.items),
        page.nextPageUri === null || page.nextPageUri === ""
          ? Option.none()
          : Option.some(Option.some(page.nextPageUri))
      ]
    )
  })
  return pager.limit === undefined ? pages : Stream.take(pages, pager.limit)
}

/** True when `text` holds a character no page link contains: controls, spaces, backslashes (read as `/` by URL parsers). */
const hasUnsafeCharacter = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c <= 0x20 || c === 0x7f || c === 0x5c) return true
  }
  return false
}

/**
 * Checks a page link (a `next_page_uri`, or a cursor a caller kept) before it is requested: it must
 * be a path, with an optional query, below `within` (such as the account's conferences). Absolute
 * URLs, `//host` links, dot segments (also percent-encoded) and anything a URL parser would rewrite
 * are refused, so a link can never lead to another host or another account. Answers the path to request.
 */
export const checkPageUri = (uri: unknown, within: string): Either.Either<string, string> => {
  if (typeof uri !== "string" || uri === "") return Either.left("a page link must be a non-empty string")
  if (uri.length > 4096) return Either.left("a page link must be at most 4096 characters")
  if (hasUnsafeCharacter(uri))
    return Either.left("a page link must not contain spaces, control characters or backslashes")
  let parsed: URL
  try {
    parsed = new URL(uri, "http://page.invalid")
  } catch {
    return Either.left("a page link must be a URL path")
  }
  // Whatever the URL parser changed (host, dot segments, encoding) means the link is not a plain path.
  if (parsed.origin !== "http://page.invalid" || `${parsed.pathname}${parsed.search}` !== uri) {
    return Either.left("a page link must be a plain path below the API host, without dot segments")
  }
  if (/%2e/i.test(parsed.pathname) || !parsed.pathname.startsWith(`${within}/`)) {
    return Either.left(`a page link must stay below ${within}`)
  }
  return Either.right(uri)
}
