/**
 * Building blocks for Twilio's callback forms: each field is declared once, with its PascalCase
 * form key, and the schema decodes the form and encodes it back exactly.
 */
import * as Schema from "effect/Schema"

/** A required form field under its Twilio key. */
export const field = <S extends Schema.Schema.All>(key: string, schema: S) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

/** A form field Twilio sends only in some cases, under its Twilio key. */
export const optionalField = <S extends Schema.Schema.All>(key: string, schema: S) =>
  Schema.optional(schema).pipe(Schema.fromKey(key))

/** `true` / `false` as Twilio writes them. */
export const FormBoolean = Schema.BooleanFromString

/** A whole number written in decimal digits (Twilio's counters, durations and codes). */
export const Count = Schema.compose(
  Schema.String.pipe(
    Schema.pattern(/^\d{1,16}$/, {
      message: (issue) => `Expected decimal digits, got ${JSON.stringify(issue.actual)}`
    })
  ),
  Schema.NumberFromString
).pipe(Schema.int(), Schema.between(0, Number.MAX_SAFE_INTEGER), Schema.annotations({ identifier: "Count" }))

/**
 * Twilio's documented values, open to values it adds later: those decode to a branded string, so
 * a switch over the known literals keeps a default branch for them.
 */
export const openLiteral = <const Brand extends string, const L extends ReadonlyArray<string>>(
  brand: Brand,
  literals: L
) => Schema.Union(Schema.Literal(...literals), Schema.String.pipe(Schema.brand(brand)))

/** The form a callback arrives as: every value a string. */
export const Form = Schema.Record({ key: Schema.String, value: Schema.String })
/** The form a callback arrives as: every value a string. */
export type Form = typeof Form.Type
