/**
 * The form pairs of create and update params, as `Schema.encode` of their schema makes them, at a
 * fraction of the cost.
 *
 * Encoding through the schema validates every field three times (the typed struct, its renamed
 * form, the wire form). A typed field holding plain form data encodes to its own value under its
 * wire name, so checking the type side once (the same refinements and cross-field filters) and
 * renaming is the same result; property tests hold the two to equal output. Params the check
 * refuses, holding a key the rename table does not know, or holding a value that is not plain form
 * data (a `Redacted` `sipAuthPassword`, which the schema unwraps) go through the full schema, which
 * words the error, drops the key or unwraps the value exactly as before.
 */

import type * as UrlParams from "@effect/platform/UrlParams"
import { FormEncoding } from "@effect-twilio/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { wireNames } from "./fields.js"

const EXTRAS = "extraParameters"

/** An encoder for a params schema made by `formWithExtras` (its `to` side holds the typed fields). */
export const makeFormEncoder = <A, I extends { readonly [key: string]: FormEncoding.FormValue }>(
  schema: Schema.Schema<A, I> & { readonly to: Schema.Schema.Any }
): ((params: A) => Either.Either<UrlParams.UrlParams, ParseResult.ParseError>) => {
  // Built on first use (issue #13): a program that never creates pays nothing for the create encoder.
  let built: ReturnType<typeof build> | undefined
  const build = () => {
    // Each wire name with its typed field, in the schema's field order.
    const names = wireNames(schema.to)
    return {
      check: ParseResult.validateEither(schema),
      full: Schema.encodeUnknownEither(schema),
      renames: Array.from(names, ([wire, field]) => [field, wire] as const),
      fields: new Set(names.values())
    }
  }

  /** The form of params that passed the check; `undefined` when only the full schema can say. */
  const rename = (
    { renames, fields }: ReturnType<typeof build>,
    params: { readonly [key: string]: unknown }
  ) => {
    for (const key of Object.keys(params)) {
      if (key !== EXTRAS && !fields.has(key) && params[key] !== undefined) return undefined
    }
    const form: { [key: string]: FormEncoding.FormValue } = {}
    for (const [field, wire] of renames) {
      if (!Object.hasOwn(params, field)) continue
      const value = params[field]
      if (!FormEncoding.isFormValue(value)) return undefined
      if (value !== undefined) form[wire] = value
    }
    const extras = Object.hasOwn(params, EXTRAS) ? params[EXTRAS] : undefined
    if (Predicate.isRecord(extras)) {
      for (const [key, value] of Object.entries(extras)) {
        if (!FormEncoding.isFormValue(value)) return undefined
        form[key] = value
      }
    } else if (extras !== undefined) {
      return undefined
    }
    return FormEncoding.toUrlParams(form)
  }

  return (params) => {
    built ??= build()
    const form =
      Either.isRight(built.check(params)) && Predicate.isRecord(params) ? rename(built, params) : undefined
    return form === undefined ? Either.map(built.full(params), FormEncoding.toUrlParams) : Either.right(form)
  }
}
