/**
 * Request parameters declared once. A field names its schema and what a message says it expects;
 * its key is the camelCase name callers write, and its wire name is the PascalCase of that key
 * unless Twilio spells it otherwise (`{ wire: "DateCreated<" }`). From those declarations come the
 * typed struct (each field renamed to its wire name), the wire struct (the Encoded side), the
 * messages (`label must be a string, got 12`) and the form and query encoders:
 *
 * ```ts
 * const Params = RequestParams.form(
 *   () => ({
 *     to: RequestParams.required(Schema.NonEmptyString, "a non-empty endpoint"),
 *     label: RequestParams.optional(Schema.String, "a string"),
 *     dateCreatedBefore: RequestParams.optional(Day, "a date", { wire: "DateCreated<" })
 *   }),
 *   { identifier: "Params", wireIdentifier: "ParamsForm" }
 * )
 * ```
 */
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Either from "effect/Either"
import type { LazyArg } from "effect/Function"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as FormEncoding from "./FormEncoding.js"
import { showValue } from "./internal/showValue.js"

// ---------------------------------------------------------------------------------------------
// Declaring a field
// ---------------------------------------------------------------------------------------------

/** One parameter: its schema, what its message says it expects, and how it goes on the wire. */
export interface Field<
  S extends Schema.Schema.AnyNoContext,
  IsOptional extends boolean,
  Wire extends string | undefined
> {
  readonly schema: S
  /** What the message says the field must be: `label must be ${expected}, got …`. */
  readonly expected: string
  readonly isOptional: IsOptional
  /** Twilio's name when it is not the PascalCase of the key; `undefined` otherwise. */
  readonly wire: Wire
  /** A secret: its message never shows the value. */
  readonly secret: boolean
}

/** Any field declaration. */
export type AnyField = Field<Schema.Schema.AnyNoContext, boolean, string | undefined>

/** The declarations of a params struct, by camelCase key. */
export type Fields = { readonly [key: string]: AnyField }

/** How a field differs from the usual: a secret value. */
export interface FieldOptions {
  /** Keep the value out of the message (a password). */
  readonly secret?: boolean
}

/** A field whose wire name is not the PascalCase of its key. */
export interface RenamedFieldOptions<Wire extends string> extends FieldOptions {
  /** Twilio's name (`"DateCreated<"`). */
  readonly wire: Wire
}

/** An optional parameter: absent, `undefined` (handy when building params conditionally) or a value of `schema`. */
export function optional<S extends Schema.Schema.AnyNoContext>(
  schema: S,
  expected: string,
  options?: FieldOptions
): Field<S, true, undefined>
export function optional<S extends Schema.Schema.AnyNoContext, const Wire extends string>(
  schema: S,
  expected: string,
  options: RenamedFieldOptions<Wire>
): Field<S, true, Wire>
export function optional<S extends Schema.Schema.AnyNoContext>(
  schema: S,
  expected: string,
  options?: FieldOptions & { readonly wire?: string }
): Field<S, true, string | undefined> {
  return { schema, expected, isOptional: true, wire: options?.wire, secret: options?.secret === true }
}

/** A required parameter. */
export function required<S extends Schema.Schema.AnyNoContext>(
  schema: S,
  expected: string,
  options?: FieldOptions
): Field<S, false, undefined>
export function required<S extends Schema.Schema.AnyNoContext, const Wire extends string>(
  schema: S,
  expected: string,
  options: RenamedFieldOptions<Wire>
): Field<S, false, Wire>
export function required<S extends Schema.Schema.AnyNoContext>(
  schema: S,
  expected: string,
  options?: FieldOptions & { readonly wire?: string }
): Field<S, false, string | undefined> {
  return { schema, expected, isOptional: false, wire: options?.wire, secret: options?.secret === true }
}

// ---------------------------------------------------------------------------------------------
// What the declarations give
// ---------------------------------------------------------------------------------------------

/** The wire name of `key` declared with `Wire`: the override, or the key in PascalCase. */
export type WireName<K, Wire> = [Wire] extends [string] ? Wire : Capitalize<K & string>

/** The wire name of `key` (the PascalCase of a camelCase key is its first letter in upper case). */
export const wireName = (key: string, field: AnyField): string =>
  field.wire ?? key.charAt(0).toUpperCase() + key.slice(1)

/** The typed property signature of a field: camelCase on the Type side, renamed to its wire name. */
export type TypedSignature<K, F> =
  F extends Field<infer S, infer IsOptional, infer Wire>
    ? [IsOptional] extends [true]
      ? Schema.PropertySignature<
          "?:",
          Schema.Schema.Type<S> | undefined,
          WireName<K, Wire>,
          "?:",
          Schema.Schema.Encoded<S> | undefined,
          false,
          never
        >
      : Schema.PropertySignature<
          ":",
          Schema.Schema.Type<S>,
          WireName<K, Wire>,
          ":",
          Schema.Schema.Encoded<S>,
          false,
          never
        >
    : never

/** The typed fields of a declaration. */
export type TypedFields<D extends Fields> = { readonly [K in keyof D]: TypedSignature<K, D[K]> }

/** The wire field of a declaration: its Encoded type, under its wire name. */
export type WireField<F> =
  F extends Field<infer S, infer IsOptional, infer _Wire>
    ? [IsOptional] extends [true]
      ? Schema.optional<Schema.SchemaClass<Schema.Schema.Encoded<S>>>
      : Schema.SchemaClass<Schema.Schema.Encoded<S>>
    : never

/** The wire fields of a declaration, by wire name. */
export type WireFields<D extends Fields> = {
  readonly [K in keyof D as D[K] extends Field<infer _S, infer _O, infer Wire>
    ? WireName<K, Wire>
    : never]: WireField<D[K]>
}

/** The message of a field's failure: it names the key and says what it expects (and, unless secret, what came). */
const message =
  (key: string, field: Pick<AnyField, "expected" | "secret">) => (issue: ParseResult.ParseIssue) => ({
    message: field.secret
      ? `${key} must be ${field.expected}`
      : `${key} must be ${field.expected}, got ${showValue(issue.actual)}`,
    override: true
  })

/** A field's property signature, not renamed. */
const signature = (key: string, field: AnyField) =>
  field.isOptional
    ? Schema.optionalWith(Schema.UndefinedOr(field.schema).annotations({ message: message(key, field) }), {
        exact: true
      })
    : Schema.propertySignature(field.schema.annotations({ message: message(key, field) }))

/**
 * The typed struct: camelCase keys, each renamed to its wire name, each failure worded by its
 * declaration. Its AST is an ordinary renamed struct, so `wireNames` reads the renames back.
 */
export const struct = <D extends Fields>(fields: D): Schema.Struct<TypedFields<D>> =>
  Schema.Struct(typedFields(fields))

/** The typed fields of `struct`, for `form` and `query` to extend without building it first. */
const typedFields = <D extends Fields>(fields: D): TypedFields<D> => {
  const out: Record<string, Schema.Struct.Field> = {}
  for (const [key, field] of Object.entries(fields)) {
    out[key] = signature(key, field).pipe(Schema.fromKey(wireName(key, field)))
  }
  // One signature per key, built as `TypedSignature` names it: TypeScript cannot follow a loop into
  // a mapped type, so the kit's property tests check every rename instead.
  return out as unknown as TypedFields<D>
}

/** Each declaration under its wire name with its Encoded type, reported by its declaration's message. */
const wireFields = (fields: Fields) => {
  const out: Record<string, Schema.Struct.Field> = {}
  for (const [key, field] of Object.entries(fields)) {
    const wire = Schema.encodedSchema(field.schema).annotations({ message: message(key, field) })
    out[wireName(key, field)] = field.isOptional ? Schema.optional(wire) : wire
  }
  return out
}

/** The wire struct: each field under its wire name with its Encoded type (a query string, say). */
export const wireStruct = <D extends Fields>(fields: D): Schema.Struct<WireFields<D>> =>
  // As in `struct`: one field per declaration, under the name `WireName` computes.
  Schema.Struct(wireFields(fields)) as unknown as Schema.Struct<WireFields<D>>

/**
 * Camel-case field name of every renamed property of a params schema, keyed by its wire name.
 * Read from the schema's AST (refinements and an outer transformation peeled), so the table cannot
 * drift from the schema.
 */
export const wireNames = (schema: Schema.Schema.Any): ReadonlyMap<string, string> => {
  const out = new Map<string, string>()
  let ast = schema.ast
  while (ast._tag === "Refinement") ast = ast.from
  if (ast._tag === "Transformation" && ast.transformation._tag !== "TypeLiteralTransformation") ast = ast.to
  while (ast._tag === "Refinement") ast = ast.from
  if (ast._tag === "Transformation" && ast.transformation._tag === "TypeLiteralTransformation") {
    for (const t of ast.transformation.propertySignatureTransformations) out.set(String(t.from), String(t.to))
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Extra parameters
// ---------------------------------------------------------------------------------------------

/** The value of a form parameter that the SDK does not model yet. */
export const ExtraValue = Schema.Union(
  Schema.String,
  Schema.Number.pipe(Schema.finite()),
  Schema.Boolean,
  Schema.Array(Schema.Union(Schema.String, Schema.Number.pipe(Schema.finite()), Schema.Boolean))
)

/** Any value a wire-form field can hold on the Encoded side (`undefined` fields are dropped). */
export const WireValue = Schema.Union(ExtraValue, Schema.Undefined)

/** A form parameter name as Twilio spells them: PascalCase, letters and digits. */
const EXTRA_KEY = /^[A-Z][A-Za-z0-9]*$/

const extraRecord = Schema.Record({ key: Schema.String, value: ExtraValue })

const badExtraKeys = (record: typeof extraRecord.Type | undefined) =>
  Object.keys(record ?? {})
    .filter((key) => !EXTRA_KEY.test(key))
    .map((key) => ({
      path: [key],
      message: `extraParameters key ${JSON.stringify(key)} must be a PascalCase form parameter name (like "MachineDetectionEngine")`
    }))

const extraValueMessage = (issue: { readonly actual: unknown }) => ({
  message: `extraParameters must map parameter names to a string, finite number, boolean or array of those, got ${showValue(issue.actual)}`,
  override: true
})

/**
 * Extra form parameters, appended to the form as they are (arrays repeat the key). Keys are checked
 * by a filter rather than by the record's key schema, which would silently drop a key that does not match.
 */
export const ExtraParameters = extraRecord
  .annotations({ message: extraValueMessage })
  .pipe(Schema.filter(badExtraKeys, { identifier: "ExtraParameters" }))

/** What an extra parameter may hold. */
export type ExtraParameters = typeof ExtraParameters.Type

/** The optional `extraParameters` field of a form (`undefined` allowed, like every optional field). */
const optionalExtraParameters = Schema.optionalWith(
  Schema.UndefinedOr(extraRecord)
    .annotations({ message: extraValueMessage })
    .pipe(Schema.filter(badExtraKeys, { identifier: "ExtraParameters" })),
  { exact: true }
)

/**
 * Issues for extra parameters that shadow a typed one (compared without regard to case, since a
 * duplicate in another case would reach Twilio as two values for one parameter).
 */
const extraParameterCollisions = (
  params: unknown,
  typed: ReadonlyMap<string, string>
): Array<Schema.FilterIssue> => {
  const extra = Predicate.isRecord(params) ? params.extraParameters : undefined
  if (!Predicate.isRecord(extra)) return []
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
const splitExtras = (
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

/** An encoded params record with its `extraParameters` spread in beside the typed fields. */
const spreadExtras = (encoded: unknown): { readonly [key: string]: unknown } => {
  if (!Predicate.isRecord(encoded)) return {}
  const { extraParameters, ...typed } = encoded
  return Predicate.isRecord(extraParameters) ? { ...typed, ...extraParameters } : typed
}

// ---------------------------------------------------------------------------------------------
// Forms and queries
// ---------------------------------------------------------------------------------------------

/** The typed fields of a form: the declared ones and `extraParameters`. */
export type FormFields<D extends Fields> = TypedFields<D> & {
  /**
   * Form parameters the SDK does not model yet, appended as they are (PascalCase names; arrays
   * repeat the key), e.g. `{ MachineDetectionEngine: "Lumenvox" }`. Naming a typed parameter is an error.
   */
  readonly extraParameters: typeof optionalExtraParameters
}

/** A cross-field rule of a form: its issues for params whose fields each passed. */
export type Check<A> = (params: A) => ReadonlyArray<Schema.FilterIssue>

/** The wire side of a form: the declared fields, and any other key for an extra parameter. */
export type WireForm<D extends Fields> = Schema.TypeLiteral<WireFields<D>, readonly [typeof WireRecord]>

const WireRecord = Schema.Record({ key: Schema.String, value: WireValue })

/** A form's names (as a query's), and its cross-field rule. */
export interface FormOptions<D extends Fields> extends QueryOptions {
  readonly check?: Check<Schema.Schema.Type<Schema.Struct<FormFields<D>>>>
}

/**
 * A form schema: the declared fields and `extraParameters` on the Type side (checked by `check`
 * too, and refusing an extra parameter that shadows a typed one), the flat wire form on the
 * Encoded side. `extraParameters` is spread into the form when encoding and gathered back from the
 * keys the form does not model when decoding.
 */
const buildForm = <D extends Fields>(fields: D, options: FormOptions<D>) => {
  const withExtras: FormFields<D> = { ...typedFields(fields), extraParameters: optionalExtraParameters }
  const names = new Map(Object.entries(fields).map(([key, field]) => [wireName(key, field), key] as const))
  const typed = Schema.Struct(withExtras).pipe(
    Schema.filter((params) => [
      ...(options.check?.(params) ?? []),
      ...extraParameterCollisions(params, names)
    ]),
    Schema.annotations({ identifier: options.identifier })
  )
  // As in `struct`: one field per declaration, under the name `WireName` computes.
  const wire = Schema.Struct(wireFields(fields), WireRecord) as unknown as WireForm<D>
  return Schema.transformOrFail(wire.annotations({ identifier: options.wireIdentifier }), typed, {
    strict: false,
    decode: (form) =>
      ParseResult.decodeUnknown(Schema.encodedSchema(typed))(
        splitExtras(Predicate.isRecord(form) ? form : {}, names)
      ),
    encode: (encoded) => ParseResult.succeed(spreadExtras(encoded))
  }).annotations({ identifier: options.identifier })
}

/** The typed fields of a list query: the declared filters and the SDK's own `limit`. */
export type QueryFields<D extends Fields> = TypedFields<D> & {
  /** Stop after this many items, fetching no page beyond the one that reaches it (not sent to Twilio). */
  readonly limit: Schema.optionalWith<Schema.UndefinedOr<Schema.Schema<number>>, { exact: true }>
}

/** The query of typed params: everything but `limit`. */
const withoutLimit = ({ limit: _limit, ...query }: { readonly [key: string]: unknown }) => query

const positiveInt: Schema.Schema<number> = Schema.Int.pipe(Schema.greaterThanOrEqualTo(1))

/** A list query's names: its schema's identifier, and its wire side's. */
export interface QueryOptions {
  readonly identifier: string
  readonly wireIdentifier: string
}

/**
 * A list query schema: the declared filters and paging plus `limit` on the Type side, the query
 * string on the Encoded side. `limit` is the SDK's own: dropped when encoding, absent after decoding.
 */
const buildQuery = <D extends Fields>(fields: D, options: QueryOptions) => {
  const limit = { schema: positiveInt, expected: "a positive whole number", secret: false }
  const withLimit: QueryFields<D> = {
    ...typedFields(fields),
    limit: Schema.optionalWith(
      Schema.UndefinedOr(positiveInt).annotations({ message: message("limit", limit) }),
      {
        exact: true
      }
    )
  }
  const typed = Schema.Struct(withLimit).annotations({ identifier: options.identifier })
  return Schema.transform(wireStruct(fields).annotations({ identifier: options.wireIdentifier }), typed, {
    strict: false,
    decode: (query) => query,
    encode: withoutLimit
  }).annotations({ identifier: options.identifier })
}

/** A form schema, as `form` makes it. */
export type Form<D extends Fields> = LazyOf<ReturnType<typeof buildForm<D>>>

/** A list query schema, as `query` makes it. */
export type Query<D extends Fields> = LazyOf<ReturnType<typeof buildQuery<D>>>

/**
 * A form schema (see `buildForm` above for what it holds), built on its first use: `fields` is a
 * function, called then, so a parameters module costs next to nothing at import and a program
 * that never sends that request never builds its field schemas or its form. `from` and `to` read
 * the built schema's sides.
 */
export const form = <D extends Fields>(fields: LazyArg<D>, options: FormOptions<D>): Form<D> =>
  lazy(() => buildForm(fields(), options), options.identifier)

/** A list query schema (see `buildQuery` above), its `fields` declared and the schema built on first use. */
export const query = <D extends Fields>(fields: LazyArg<D>, options: QueryOptions): Query<D> =>
  lazy(() => buildQuery(fields(), options), options.identifier)

/** A schema built on its first use, with the `from` and `to` sides of the schema it builds. */
export interface Lazy<A, I, R, From, To> extends Schema.suspend<A, I, R> {
  readonly from: From
  readonly to: To
}

/** `Lazy` for the schema `S`. */
export type LazyOf<S extends Schema.Schema.Any & { readonly from: unknown; readonly to: unknown }> = Lazy<
  Schema.Schema.Type<S>,
  Schema.Schema.Encoded<S>,
  Schema.Schema.Context<S>,
  S["from"],
  S["to"]
>

const lazy = <A, I, R, From, To>(
  build: () => Schema.Schema<A, I, R> & { readonly from: From; readonly to: To },
  identifier: string
): Lazy<A, I, R, From, To> => {
  let built: (Schema.Schema<A, I, R> & { readonly from: From; readonly to: To }) | undefined
  const get = () => {
    built ??= build()
    return built
  }
  return class extends Schema.suspend(get).annotations({ identifier }) {
    static get from(): From {
      return get().from
    }
    static get to(): To {
      return get().to
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Encoders
// ---------------------------------------------------------------------------------------------

/** Checks params and encodes them (to form pairs, unless said otherwise); a `ParseError` names each offending parameter. */
export type Encoder<A, B = UrlParams.UrlParams> = (params: A) => Either.Either<B, ParseResult.ParseError>

/** What a query encoder gives: the query string, and the SDK-side `limit` that is never sent. */
export interface EncodedQuery {
  readonly query: UrlParams.UrlParams
  readonly limit: number | undefined
}

/** The name the form gives to parameters it does not model. */
const EXTRAS = "extraParameters"

/**
 * The form pairs of a schema made by `form`, as `Schema.encode` makes them, at a fraction of the
 * cost; built on first use, so a program that never sends that form pays nothing at import.
 *
 * Encoding through the schema validates every field three times (the typed struct, its renamed
 * form, the wire form). A typed field holding plain form data encodes to its own value under its
 * wire name, so checking the Type side once (the same refinements and cross-field rules) and
 * renaming is the same result; property tests hold the two to equal output. Params the check
 * refuses, holding a key the rename table does not know, or holding a value that is not plain form
 * data (a `Redacted` password, which the schema unwraps) go through the full schema, which words
 * the error, drops the key or unwraps the value exactly as it always did.
 */
export const formEncoder = <A, I extends { readonly [key: string]: FormEncoding.FormValue }>(
  schema: Schema.Schema<A, I> & { readonly to: Schema.Schema.Any }
): Encoder<A> => {
  let built: ReturnType<typeof build> | undefined
  const build = () => {
    const names = wireNames(schema.to)
    return {
      check: ParseResult.validateEither(schema),
      full: Schema.encodeUnknownEither(schema),
      // Each typed field with its wire name, in the schema's field order.
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
    const out: { [key: string]: FormEncoding.FormValue } = {}
    for (const [field, wire] of renames) {
      if (!Object.hasOwn(params, field)) continue
      const value = params[field]
      if (!FormEncoding.isFormValue(value)) return undefined
      if (value !== undefined) out[wire] = value
    }
    const extras = Object.hasOwn(params, EXTRAS) ? params[EXTRAS] : undefined
    if (Predicate.isRecord(extras)) {
      for (const [key, value] of Object.entries(extras)) {
        if (!FormEncoding.isFormValue(value)) return undefined
        out[key] = value
      }
    } else if (extras !== undefined) {
      return undefined
    }
    return FormEncoding.toUrlParams(out)
  }

  return (params) => {
    built ??= build()
    const pairs =
      Either.isRight(built.check(params)) && Predicate.isRecord(params) ? rename(built, params) : undefined
    return pairs === undefined
      ? Either.map(built.full(params), FormEncoding.toUrlParams)
      : Either.right(pairs)
  }
}

/**
 * An encoder for a schema made by `query`: the query string and the SDK-side `limit`, both checked;
 * built on first use. `exact` refuses a key the schema does not know (so a typo is not dropped silently).
 */
export const queryEncoder = <
  A extends { readonly limit?: number | undefined },
  I extends { readonly [key: string]: FormEncoding.FormValue }
>(
  schema: Schema.Schema<A, I>,
  options?: { readonly exact?: boolean }
): Encoder<A, EncodedQuery> => {
  const build = () => ({
    query: Schema.encodeUnknownEither(
      schema,
      options?.exact === true ? { onExcessProperty: "error" } : undefined
    ),
    // The Type side: the filters and `limit`, which the query leaves out.
    typed: Schema.validateEither(schema)
  })
  let built: ReturnType<typeof build> | undefined
  return (params) => {
    built ??= build()
    return Either.map(Either.all([built.query(params), built.typed(params)]), ([query, valid]) => ({
      query: FormEncoding.toUrlParams(query),
      limit: valid.limit
    }))
  }
}

/**
 * An encoder to form pairs through `schema` as it is, refusing unknown keys (so a typo is not
 * dropped silently); built on first use.
 */
export const encoder = <A, I extends { readonly [key: string]: FormEncoding.FormValue }>(
  schema: Schema.Schema<A, I>
): Encoder<A> => {
  let encode: ((params: unknown) => Either.Either<I, ParseResult.ParseError>) | undefined
  return (params) => {
    encode ??= Schema.encodeUnknownEither(schema, { onExcessProperty: "error" })
    return Either.map(encode(params), FormEncoding.toUrlParams)
  }
}
