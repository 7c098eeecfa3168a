/** Helpers shared by the schema tests. */
import type * as UrlParams from "@effect/platform/UrlParams"
import { assert, it } from "@effect/vitest"
import { FormEncoding } from "@effect-twilio/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as fc from "fast-check"

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

/**
 * Asserts that the service's encoder (its fast route) gives exactly what encoding through the full
 * schema gives for `input`: the same pairs in the same order, or the same error text.
 */
export const assertEncodesLikeSchema = <A, I extends { readonly [key: string]: FormEncoding.FormValue }>(
  service: AnyInputEncoder,
  schema: Schema.Schema<A, I>,
  input: unknown
) => {
  const viaSchema = run(Effect.map(Schema.encodeUnknown(schema)(input), FormEncoding.toUrlParams))
  assert.deepStrictEqual(run(service.encode(input)), viaSchema)
}

/**
 * An encoder as JavaScript callers use it: with any input. (A method, so an encoder typed for its
 * params fits: method parameters are compared both ways.)
 */
export interface AnyInputEncoder {
  encode(params: unknown): Effect.Effect<UrlParams.UrlParams, ParseResult.ParseError>
}

/** The typed (camelCase) field names of a params schema. */
const typedFieldNames = <A, I>(schema: Schema.Schema<A, I>): Array<string> =>
  AST.getPropertySignatures(Schema.typeSchema(schema).ast).map((ps) => String(ps.name))

/** Valid params with one field (a typed one, `extraParameters` or an unknown key) set to anything. */
const withOneFieldAnything = <A extends object>(
  valid: fc.Arbitrary<A>,
  fields: ReadonlyArray<string>
): fc.Arbitrary<unknown> =>
  fc
    .tuple(valid, fc.constantFrom(...fields, "extraParameters", "unknownKey"), fc.anything())
    .map(([params, field, value]) => ({ ...params, [field]: value }))

/**
 * The property tests every params encoder owes its schema: the same form for any valid params, and
 * the same outcome (form or error text) with any one field set to anything.
 */
export const itEncodesLikeSchema = <
  A extends object,
  I extends { readonly [key: string]: FormEncoding.FormValue }
>(
  service: AnyInputEncoder,
  schema: Schema.Schema<A, I>,
  valid: fc.Arbitrary<A>
) => {
  it("the service's encoder gives the full schema's form for any valid params", () => {
    fc.assert(fc.property(valid, (params) => assertEncodesLikeSchema(service, schema, params)))
  })

  it("the service's encoder gives the full schema's outcome with any one field set to anything", () => {
    fc.assert(
      fc.property(withOneFieldAnything(valid, typedFieldNames(schema)), (input) =>
        assertEncodesLikeSchema(service, schema, input)
      ),
      { numRuns: 500 }
    )
  })
}
