import { assert, describe, it } from "@effect/vitest"
import { Pagination } from "@effect-twilio/core"
import { Chunk, Effect, Ref, Stream } from "effect"
import * as fc from "fast-check"

interface NumberPage {
  readonly items: ReadonlyArray<number>
  readonly nextPageUri: string | null
}

/** A pager over `sizes.length` pages numbered consecutively, counting every page fetch. */
const makePager = (sizes: ReadonlyArray<number>, limit?: number) =>
  Effect.gen(function* () {
    const fetched = yield* Ref.make<ReadonlyArray<string>>([])
    const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0))
    const page = (index: number): NumberPage => ({
      items: Array.from({ length: sizes[index] ?? 0 }, (_, k) => (starts[index] ?? 0) + k),
      nextPageUri: index + 1 < sizes.length ? `/List.json?Page=${index + 1}&PageToken=PT${index + 1}` : null
    })
    const fetchPage = (uri: string, index: number) =>
      Effect.as(
        Ref.update(fetched, (all) => [...all, uri]),
        page(index)
      )
    const pager: Pagination.Pager<NumberPage, never, never> = {
      first: fetchPage("first", 0),
      next: (uri) => fetchPage(uri, Number(new URLSearchParams(uri.split("?")[1]).get("Page"))),
      ...(limit === undefined ? {} : { limit })
    }
    return { stream: Pagination.stream(pager), fetched: Ref.get(fetched) }
  })

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

describe("Pagination.stream", () => {
  it.effect("follows nextPageUri through every page, in order", () =>
    Effect.gen(function* () {
      const { stream, fetched } = yield* makePager([3, 3, 2])
      assert.deepStrictEqual(yield* collect(stream), [0, 1, 2, 3, 4, 5, 6, 7])
      assert.deepStrictEqual(yield* fetched, [
        "first",
        "/List.json?Page=1&PageToken=PT1",
        "/List.json?Page=2&PageToken=PT2"
      ])
    })
  )

  it.effect("is lazy: taking the first items fetches only the pages needed", () =>
    Effect.gen(function* () {
      const { stream, fetched } = yield* makePager([3, 3, 3, 3])
      assert.strictEqual((yield* fetched).length, 0, "nothing fetched before the stream runs")
      assert.deepStrictEqual(yield* collect(Stream.take(stream, 2)), [0, 1])
      assert.strictEqual((yield* fetched).length, 1)
      const again = yield* makePager([3, 3, 3, 3])
      assert.deepStrictEqual(yield* collect(Stream.take(again.stream, 4)), [0, 1, 2, 3])
      assert.strictEqual((yield* again.fetched).length, 2)
    })
  )

  it.effect("limit stops without fetching further pages", () =>
    Effect.gen(function* () {
      const { stream, fetched } = yield* makePager([3, 3, 3, 3], 5)
      assert.deepStrictEqual(yield* collect(stream), [0, 1, 2, 3, 4])
      assert.strictEqual((yield* fetched).length, 2)
    })
  )

  it.effect("a limit that ends exactly at a page boundary fetches no further page", () =>
    Effect.gen(function* () {
      const { stream, fetched } = yield* makePager([3, 3, 3, 3], 6)
      assert.deepStrictEqual(yield* collect(stream), [0, 1, 2, 3, 4, 5])
      assert.strictEqual((yield* fetched).length, 2)
    })
  )

  it.effect("a limit of zero fetches nothing", () =>
    Effect.gen(function* () {
      const { stream, fetched } = yield* makePager([3, 3], 0)
      assert.deepStrictEqual(yield* collect(stream), [])
      assert.strictEqual((yield* fetched).length, 0)
    })
  )

  it.effect("an empty first page ends the stream", () =>
    Effect.gen(function* () {
      const { stream, fetched } = yield* makePager([0])
      assert.deepStrictEqual(yield* collect(stream), [])
      assert.strictEqual((yield* fetched).length, 1)
    })
  )

  it.effect("an empty nextPageUri string ends the stream like null", () =>
    Effect.gen(function* () {
      const pager: Pagination.Pager<NumberPage, never, never> = {
        first: Effect.succeed({ items: [1], nextPageUri: "" }),
        next: () => Effect.die("must not be called")
      }
      assert.deepStrictEqual(yield* collect(Pagination.stream(pager)), [1])
    })
  )

  it.effect("a failing page fails the stream after the items before it", () =>
    Effect.gen(function* () {
      const pager: Pagination.Pager<NumberPage, string, never> = {
        first: Effect.succeed({ items: [1, 2], nextPageUri: "/next" }),
        next: () => Effect.fail("boom")
      }
      const seen: Array<number> = []
      const result = yield* Effect.either(
        Stream.runForEach(Pagination.stream(pager), (n) => Effect.sync(() => seen.push(n)))
      )
      assert.deepStrictEqual(seen, [1, 2])
      assert.isTrue(result._tag === "Left" && result.left === "boom")
    })
  )

  it.effect("property: any page sizes and limit yield the prefix, fetching only the pages needed", () =>
    Effect.gen(function* () {
      const samples = fc.sample(
        fc.tuple(
          fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 6 }),
          fc.option(fc.nat(30), { nil: undefined })
        ),
        { numRuns: 200, seed: 42 }
      )
      for (const [sizes, limit] of samples) {
        const total = sizes.reduce((a, b) => a + b, 0)
        const { stream, fetched } = yield* makePager(sizes, limit)
        const items = yield* collect(stream)
        const want = Math.min(total, limit ?? total)
        assert.deepStrictEqual(
          items,
          Array.from({ length: want }, (_, i) => i)
        )
        // Pages needed: up to the first whose cumulative count reaches the limit (all when it never does).
        let needed = 0
        let seen = 0
        for (const size of sizes) {
          if (limit !== undefined && seen >= limit) break
          needed += 1
          seen += size
        }
        assert.strictEqual(
          (yield* fetched).length,
          limit === 0 ? 0 : needed,
          JSON.stringify({ sizes, limit })
        )
      }
    })
  )
})
