/**
 * Building blocks of the request-parameter schemas: each check carries a message that names the
 * parameter and says what was expected, so a `ParseError` reads well in `TreeFormatter` output.
 */
import { Resource } from "@effect-twilio/core"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * An optional parameter: absent, `undefined` (convenient when building params conditionally), or a
 * value of `schema`. Any failure is reported as one line naming `field` and what it expects.
 */
export const optional = <A, I, R>(field: string, schema: Schema.Schema<A, I, R>, expected: string) =>
  Schema.optionalWith(
    Schema.UndefinedOr(schema).annotations({
      message: (issue) => ({
        message: `${field} must be ${expected}, got ${Resource.showValue(issue.actual)}`,
        override: true
      })
    }),
    { exact: true }
  )

/** A required parameter, reported like `optional` when its value is wrong. */
export const required = <A, I, R>(field: string, schema: Schema.Schema<A, I, R>, expected: string) =>
  Schema.propertySignature(
    schema.annotations({
      message: (issue) => ({
        message: `${field} must be ${expected}, got ${Resource.showValue(issue.actual)}`,
        override: true
      })
    })
  )

/** A whole number within an inclusive range. */
export const intBetween = (min: number, max: number) => Schema.Int.pipe(Schema.between(min, max))

/** A whole number of at least `min`. */
export const intAtLeast = (min: number) => Schema.Int.pipe(Schema.greaterThanOrEqualTo(min))

/** `GET` or `POST`: the methods Twilio uses to call back into an application. */
export const HttpMethod = Schema.Literal("GET", "POST")

/** True for an absolute `http:` or `https:` URL with a host. */
export const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return (url.protocol === "http:" || url.protocol === "https:") && url.host !== ""
  } catch {
    return false
  }
}

/** An absolute http(s) URL (Twilio fetches TwiML or posts events there). */
export const HttpUrl = Schema.String.pipe(Schema.filter(isHttpUrl))

/** An absolute http(s) URL, or the empty string that switches the audio off (wait music). */
export const HttpUrlOrEmpty = Schema.String.pipe(Schema.filter((text) => text === "" || isHttpUrl(text)))

/** A SID with a two-letter prefix, checked by pattern only (plain strings and branded SIDs both fit). */
export const sidPattern = (prefix: string) =>
  Schema.String.pipe(Schema.pattern(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`)))

/**
 * A call endpoint: a phone number (E.164 or not), `client:name`, `sip:user@host` or `app:AP…`, possibly
 * with custom parameters in query-string form. Only emptiness is rejected: Twilio owns the rest.
 */
export const Endpoint = Schema.String.pipe(Schema.minLength(1))

/**
 * A string type that still lets editors suggest known literals in a union
 * (`KnownRegion | OpenString` does not collapse to `string`).
 */
export const OpenString = Schema.declare((u: unknown): u is string & {} => typeof u === "string", {
  identifier: "string"
})

/** The value of a form parameter that the SDK does not model yet. */
export const ExtraValue = Schema.Union(
  Schema.String,
  Schema.Number.pipe(Schema.finite()),
  Schema.Boolean,
  Schema.Array(Schema.Union(Schema.String, Schema.Number.pipe(Schema.finite()), Schema.Boolean))
)

/** A form parameter name as Twilio spells them: PascalCase, letters and digits. */
export const EXTRA_KEY = /^[A-Z][A-Za-z0-9]*$/

const extraRecord = Schema.Record({ key: Schema.String, value: ExtraValue })

const badExtraKeys = (record: typeof extraRecord.Type | undefined) =>
  Object.keys(record ?? {})
    .filter((key) => !EXTRA_KEY.test(key))
    .map((key) => ({
      path: [key],
      message: `extraParameters key ${JSON.stringify(key)} must be a PascalCase form parameter name (like "MachineDetectionEngine")`
    }))

const extraValueMessage = (issue: { readonly actual: unknown }) => ({
  message: `extraParameters must map parameter names to a string, finite number, boolean or array of those, got ${Resource.showValue(issue.actual)}`,
  override: true
})

/**
 * Extra form parameters, appended to the form as they are (arrays repeat the key). Keys are checked
 * by a filter rather than by the record's key schema, which would silently drop a key that does not match.
 */
export const ExtraParameters = extraRecord
  .annotations({ message: extraValueMessage })
  .pipe(Schema.filter(badExtraKeys, { identifier: "ExtraParameters" }))

/** The optional `extraParameters` field of a params struct (`undefined` allowed, like every optional field). */
export const optionalExtraParameters = Schema.optionalWith(
  Schema.UndefinedOr(extraRecord)
    .annotations({ message: extraValueMessage })
    .pipe(Schema.filter(badExtraKeys, { identifier: "ExtraParameters" })),
  { exact: true }
)

/** What an extra parameter may hold. */
export type ExtraParameters = typeof ExtraParameters.Type

/** Any value a wire-form field can hold on the Encoded side (`undefined` fields are dropped). */
export const WireValue = Schema.Union(ExtraValue, Schema.Undefined)

/**
 * Camel-case field name of every renamed property of a struct, keyed by its wire (Encoded) name.
 * Read from the struct's AST, so the table cannot drift from the schema.
 */
export const wireNames = (schema: Schema.Schema.Any): ReadonlyMap<string, string> => {
  const out = new Map<string, string>()
  let ast = schema.ast
  while (ast._tag === "Refinement") ast = ast.from
  if (ast._tag === "Transformation" && ast.transformation._tag === "TypeLiteralTransformation") {
    for (const t of ast.transformation.propertySignatureTransformations) out.set(String(t.from), String(t.to))
  }
  return out
}

/**
 * Issues for extra parameters that shadow a typed one (compared without regard to case, since a
 * duplicate in another case would reach Twilio as two values for one parameter).
 */
const extraParameterCollisions = (
  extra: ExtraParameters | undefined,
  typed: ReadonlyMap<string, string>
): Array<Schema.FilterIssue> => {
  if (extra === undefined) return []
  const byLowerCase = new Map<string, { wire: string; field: string }>()
  for (const [wire, field] of typed) byLowerCase.set(wire.toLowerCase(), { wire, field })
  const issues: Array<Schema.FilterIssue> = []
  for (const key of Object.keys(extra)) {
    const known = byLowerCase.get(key.toLowerCase())
    if (known !== undefined) {
      issues.push({
        path: ["extraParameters", key],
        message: `extraParameters.${key} is the typed parameter ${known.wire}: set the field "${known.field}" instead`
      })
    }
  }
  return issues
}

/** Moves the keys a form does not model into `extraParameters` (decoding a wire form). */
export const splitExtras = (
  form: { readonly [key: string]: unknown },
  typed: ReadonlyMap<string, string>
): { readonly [key: string]: unknown } => {
  const known: Record<string, unknown> = {}
  const extra: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined) continue
    if (typed.has(key)) known[key] = value
    else extra[key] = value
  }
  return Object.keys(extra).length === 0 ? known : { ...known, extraParameters: extra }
}

/** The cross-field rule of create and update: coaching someone needs to say whom. */
const coachingNeedsTarget = (
  params: CrossFieldParams
): ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }> =>
  params.coaching === true && params.callSidToCoach === undefined
    ? [
        {
          path: ["callSidToCoach"],
          message:
            "callSidToCoach is required when coaching is true: give the Call SID of the participant to coach"
        }
      ]
    : []

/** An encoded params record with its `extraParameters` spread in beside the typed fields. */
const spreadExtras = (encoded: unknown): { readonly [key: string]: unknown } => {
  if (!Predicate.isRecord(encoded)) return {}
  const { extraParameters, ...typed } = encoded
  return Predicate.isRecord(extraParameters) ? { ...typed, ...extraParameters } : typed
}

/** What the cross-field rules read of a params struct. */
interface CrossFieldParams {
  readonly coaching?: boolean | undefined
  readonly callSidToCoach?: string | undefined
  readonly extraParameters?: ExtraParameters | undefined
}

/**
 * A params schema named `identifier`: the typed camelCase fields (each renamed to its form field) on
 * one side, the flat PascalCase form on the other. The typed side also checks the cross-field rules
 * (coaching needs a target; an extra parameter may not shadow a typed one); `extraParameters` is
 * spread into the form when encoding and gathered back when decoding a form.
 */
export const formWithExtras = <Form extends Schema.Schema.AnyNoContext, A extends CrossFieldParams, I>(
  form: Form,
  typedFields: Schema.Schema<A, I>,
  identifier: string
) => {
  const names = wireNames(typedFields)
  const typed = typedFields.pipe(
    Schema.filter((params) => [
      ...coachingNeedsTarget(params),
      ...extraParameterCollisions(params.extraParameters, names)
    ]),
    Schema.annotations({ identifier })
  )
  return Schema.transformOrFail(form, typed, {
    strict: false,
    decode: (wire) =>
      ParseResult.decodeUnknown(Schema.encodedSchema(typed))(
        splitExtras(Predicate.isRecord(wire) ? wire : {}, names)
      ),
    encode: (encoded) => ParseResult.succeed(spreadExtras(encoded))
  }).annotations({ identifier })
}
