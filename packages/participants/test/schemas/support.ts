/** Helpers shared by the schema tests. */
import type * as UrlParams from "@effect/platform/UrlParams"
import { assert } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"

/** Form pairs sorted by key; a stable sort keeps the order of a repeated key's values. */
export const sorted = (pairs: ReadonlyArray<readonly [string, string]>): Array<[string, string]> =>
  pairs.map(([k, v]): [string, string] => [k, v]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/** A JSON example body (values may be booleans or numbers) as the form pairs it stands for. */
export const examplePairs = (body: { readonly [key: string]: unknown }): Array<[string, string]> =>
  Object.entries(body).flatMap(([key, value]) =>
    Array.isArray(value) ? value.map((v): [string, string] => [key, String(v)]) : [[key, String(value)]]
  )

/** Runs an encoder that must succeed and returns its pairs. */
export const pairsOf = (effect: Effect.Effect<UrlParams.UrlParams, ParseResult.ParseError>) =>
  Effect.map(effect, (params) => params.map(([k, v]): [string, string] => [k, v]))

/** Runs an encoder synchronously: the pairs, or the readable error text. */
export const run = <A>(effect: Effect.Effect<A, ParseResult.ParseError>): Either.Either<A, string> =>
  Either.mapLeft(Effect.runSync(Effect.either(effect)), (error) =>
    ParseResult.TreeFormatter.formatErrorSync(error)
  )

/** Asserts that an encoder fails and that its message mentions every fragment. */
export const assertFailsWith = <A>(
  effect: Effect.Effect<A, ParseResult.ParseError>,
  ...fragments: Array<string>
) => {
  const result = run(effect)
  assert.isTrue(Either.isLeft(result), `expected a failure mentioning ${fragments.join(", ")}`)
  if (Either.isLeft(result)) for (const fragment of fragments) assert.include(result.left, fragment)
}
