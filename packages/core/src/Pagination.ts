/**
 * Paged Twilio lists as a lazy `Stream` that follows `next_page_uri`.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
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
