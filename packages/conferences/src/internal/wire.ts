/**
 * Building blocks of the response schemas: nullable wire fields and literal unions that keep values
 * Twilio adds later. Written for conferences; nothing here is conference-specific, so it can move to
 * core's resource kit as it is.
 */
import * as Schema from "effect/Schema"

/** A nullable wire field under `key`; absent decodes to `null` (an older or trimmed response). */
export const nullable = <A, I, R>(key: string, schema: Schema.Schema<A, I, R>) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null }).pipe(Schema.fromKey(key))

/**
 * A literal union that never fails on a string: a documented value decodes to its literal, any other
 * string to `brand`ed text holding the raw value (and encodes back to it).
 */
export const openLiterals = <
  const Literals extends readonly [string, ...Array<string>],
  const Brand extends string
>(
  known: Schema.Literal<Literals>,
  brand: Brand
) => {
  const knownValues: ReadonlySet<string> = new Set(known.literals)
  const unknown = Schema.String.pipe(
    Schema.filter((value) => !knownValues.has(value)),
    Schema.brand(brand)
  )
  return {
    unknown,
    open: Schema.Union(known, unknown),
    // A set lookup: no parser built at import for a guard a caller may never use.
    isKnown: (value: unknown): value is Literals[number] =>
      typeof value === "string" && knownValues.has(value)
  }
}
