import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import { RequestParams as P } from "@effect-twilio/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"

/** A kind of field: its schema, what its message says, and values it takes and refuses. */
interface Kind {
  readonly schema: Schema.Schema.AnyNoContext
  readonly expected: string
  readonly good: fc.Arbitrary<unknown>
  readonly bad: fc.Arbitrary<unknown>
}

const kinds: ReadonlyArray<Kind> = [
  { schema: Schema.String, expected: "a string", good: fc.string(), bad: fc.integer() },
  {
    schema: Schema.Int.pipe(Schema.between(1, 100)),
    expected: "a whole number from 1 to 100",
    good: fc.integer({ min: 1, max: 100 }),
    bad: fc.oneof(fc.integer({ min: 101 }), fc.integer({ max: 0 }), fc.constant("7"), fc.constant(1.5))
  },
  {
    schema: Schema.Boolean,
    expected: "true or false",
    good: fc.boolean(),
    bad: fc.constantFrom("yes", 1, null)
  },
  {
    schema: Schema.Literal("on", "off"),
    expected: `"on" or "off"`,
    good: fc.constantFrom("on", "off"),
    bad: fc.string().filter((s) => s !== "on" && s !== "off")
  },
  {
    schema: Schema.Array(Schema.Literal("start", "end")),
    expected: "an array of events among start, end",
    good: fc.array(fc.constantFrom("start", "end"), { maxLength: 3 }),
    bad: fc.constantFrom(["join"], "start", [1])
  }
]

/** One declaration drawn at random: a camelCase key, its kind, and maybe a wire name of Twilio's own. */
interface Drawn {
  readonly key: string
  readonly kind: Kind
  readonly wire: string | undefined
  readonly isOptional: boolean
}

const drawn: fc.Arbitrary<Drawn> = fc.record({
  key: fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,12}$/),
  kind: fc.constantFrom(...kinds),
  wire: fc.option(fc.stringMatching(/^[A-Z][a-zA-Z]{0,8}[<>]$/), { nil: undefined }),
  isOptional: fc.boolean()
})

const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1)
const wireOf = (d: Drawn) => d.wire ?? pascal(d.key)

/** Declarations with distinct keys and wire names (in any case), none named like the kit's own fields. */
const declarations = fc
  .uniqueArray(drawn, { minLength: 1, maxLength: 8, selector: (d) => d.key })
  .filter(
    (ds) =>
      new Set(ds.map((d) => wireOf(d).toLowerCase())).size === ds.length &&
      ds.every((d) => d.key !== "extraParameters" && d.key !== "limit")
  )

const declare = (ds: ReadonlyArray<Drawn>): P.Fields =>
  Object.fromEntries(
    ds.map((d) => {
      const { schema, expected } = d.kind
      if (d.wire !== undefined) {
        const options = { wire: d.wire }
        return [
          d.key,
          d.isOptional ? P.optional(schema, expected, options) : P.required(schema, expected, options)
        ]
      }
      return [d.key, d.isOptional ? P.optional(schema, expected) : P.required(schema, expected)]
    })
  )

/** Params for the declarations: every required field, each optional one perhaps. */
const paramsFor = (ds: ReadonlyArray<Drawn>) =>
  fc.record(Object.fromEntries(ds.map((d) => [d.key, d.kind.good])), {
    requiredKeys: ds.filter((d) => !d.isOptional).map((d) => d.key)
  })

const declaredWithParams = declarations.chain((ds) => fc.tuple(fc.constant(ds), paramsFor(ds)))

const message = (error: ParseResult.ParseError) => ParseResult.TreeFormatter.formatErrorSync(error)

const pairs = (result: Either.Either<ReadonlyArray<readonly [string, string]>, ParseResult.ParseError>) =>
  Either.match(result, {
    onLeft: (error) => assert.fail(message(error)),
    onRight: (right) => right.map(([k, v]) => [k, v])
  })

describe("RequestParams: the declaration is the only place a field is named", () => {
  it("property: every wire key is the PascalCase of its key, or its override", () => {
    fc.assert(
      fc.property(declarations, (ds) => {
        const fields = declare(ds)
        const expected = new Map(ds.map((d) => [wireOf(d), d.key]))
        const form = P.form(() => fields, { identifier: "Params", wireIdentifier: "ParamsForm" })
        const query = P.query(() => fields, { identifier: "Query", wireIdentifier: "QueryWire" })
        for (const schema of [P.struct(fields), form.to, query.to]) {
          assert.deepStrictEqual(new Map(P.wireNames(schema)), expected)
        }
        for (const wire of [P.wireStruct(fields), form.from, query.from]) {
          assert.deepStrictEqual(Object.keys(wire.fields), [...expected.keys()])
        }
        for (const d of ds)
          assert.strictEqual(P.wireName(d.key, fields[d.key] ?? assert.fail(d.key)), wireOf(d))
      })
    )
  })

  it("property: a form encodes under the wire names, and decodes back to the params", () => {
    fc.assert(
      fc.property(declaredWithParams, ([ds, params]) => {
        const form = P.form(() => declare(ds), { identifier: "Params", wireIdentifier: "ParamsForm" })
        const encoded = Schema.encodeUnknownSync(form)(params)
        const names = new Map(ds.map((d) => [d.key, wireOf(d)]))
        assert.deepStrictEqual(
          Object.keys(encoded).sort(),
          Object.keys(params)
            .map((key) => names.get(key))
            .sort()
        )
        assert.deepStrictEqual({ ...Schema.decodeUnknownSync(form)(encoded) }, params)
      })
    )
  })

  it("property: the fast form encoder gives the full schema's pairs, extra parameters included", () => {
    fc.assert(
      fc.property(declaredWithParams, fc.boolean(), ([ds, params], withExtra) => {
        const form = P.form(() => declare(ds), { identifier: "Params", wireIdentifier: "ParamsForm" })
        const input = withExtra ? { ...params, extraParameters: { NotModelledYet: ["a", "b"] } } : params
        const full = Either.map(Schema.encodeUnknownEither(form)(input), (record) =>
          Object.entries(record).flatMap(([k, v]) =>
            (Array.isArray(v) ? v : [v]).map((x): readonly [string, string] => [k, String(x)])
          )
        )
        assert.deepStrictEqual(pairs(P.formEncoder(form)(input)), pairs(full))
      })
    )
  })

  it("property: a query encodes under the wire names without limit, and decodes back", () => {
    fc.assert(
      fc.property(
        declaredWithParams,
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
        ([ds, params], limit) => {
          const query = P.query(() => declare(ds), { identifier: "Query", wireIdentifier: "QueryWire" })
          const input = limit === undefined ? params : { ...params, limit }
          const result = P.queryEncoder(query, { exact: true })(input)
          if (Either.isLeft(result)) return assert.fail(message(result.left))
          assert.strictEqual(result.right.limit, limit)
          assert.isFalse(result.right.query.some(([k]) => k === "limit" || k === "Limit"))
          assert.deepStrictEqual(
            { ...Schema.decodeUnknownSync(query)(Schema.encodeUnknownSync(query)(input)) },
            params
          )
        }
      )
    )
  })

  it("property: a wrong value is refused with a message naming its key and what it expects", () => {
    const wrong = declaredWithParams.chain(([ds, params]) =>
      fc.nat({ max: ds.length - 1 }).chain((i) => {
        const d = ds[i] ?? ds[0]
        return fc.tuple(
          fc.constant(ds),
          fc.constant(params),
          fc.constant(d),
          d === undefined ? fc.constant(0) : d.kind.bad
        )
      })
    )
    fc.assert(
      fc.property(wrong, ([ds, params, d, bad]) => {
        if (d === undefined) return
        const fields = declare(ds)
        const input = { ...params, [d.key]: bad }
        const encodeQuery = P.queryEncoder(
          P.query(() => fields, { identifier: "Query", wireIdentifier: "QueryWire" })
        )
        for (const result of [
          P.formEncoder(P.form(() => fields, { identifier: "Params", wireIdentifier: "ParamsForm" }))(input),
          Either.map(encodeQuery(input), ({ query }) => query)
        ]) {
          if (Either.isRight(result)) return assert.fail(`${d.key}=${String(bad)} was accepted`)
          const text = message(result.left)
          assert.include(text, `["${d.key}"]`)
          assert.include(text, `${d.key} must be ${d.kind.expected}, got `)
        }
      })
    )
  })
})

describe("RequestParams: the details", () => {
  const fields = {
    to: P.required(Schema.String.pipe(Schema.minLength(1)), "a non-empty endpoint"),
    label: P.optional(Schema.String, "a string"),
    dateCreatedBefore: P.optional(Schema.String, "a date", { wire: "DateCreated<" }),
    password: P.optional(Schema.Union(Schema.Redacted(Schema.String), Schema.String), "a string", {
      secret: true
    })
  }

  it("the types: camelCase on the Type side, the wire names on the Encoded side", () => {
    const struct = P.struct(fields)
    expectTypeOf<typeof struct.Type>().toEqualTypeOf<{
      readonly to: string
      readonly label?: string | undefined
      readonly dateCreatedBefore?: string | undefined
      readonly password?: string | Redacted.Redacted<string> | undefined
    }>()
    expectTypeOf<typeof struct.Encoded>().toEqualTypeOf<{
      readonly To: string
      readonly Label?: string | undefined
      readonly "DateCreated<"?: string | undefined
      readonly Password?: string | undefined
    }>()
    const wire = P.wireStruct(fields)
    expectTypeOf<typeof wire.Type>().toEqualTypeOf<typeof struct.Encoded>()
  })

  it("a required field that is missing is named; undefined leaves an optional one out", () => {
    const encode = P.formEncoder(P.form(() => fields, { identifier: "Params", wireIdentifier: "ParamsForm" }))
    // @ts-expect-error: a JavaScript caller may forget `to`
    const missing = encode({ label: "x" })
    assert.isTrue(Either.isLeft(missing) && message(missing.left).includes(`["to"]`))
    assert.deepStrictEqual(pairs(encode({ to: "+1", label: undefined })), [["To", "+1"]])
  })

  it("a secret's message never shows its value", () => {
    const encode = P.formEncoder(P.form(() => fields, { identifier: "Params", wireIdentifier: "ParamsForm" }))
    // @ts-expect-error: a JavaScript caller may pass anything
    const result = encode({ to: "+1", password: { text: "hunter2" } })
    if (Either.isRight(result)) return assert.fail("accepted")
    assert.include(message(result.left), "password must be a string")
    assert.notInclude(message(result.left), "hunter2")
    assert.deepStrictEqual(pairs(encode({ to: "+1", password: Redacted.make("s3cret") })), [
      ["To", "+1"],
      ["Password", "s3cret"]
    ])
  })

  it("an extra parameter may not shadow a declared one, in any case", () => {
    const encode = P.formEncoder(P.form(() => fields, { identifier: "Params", wireIdentifier: "ParamsForm" }))
    const result = encode({ to: "+1", extraParameters: { LABEL: "x" } })
    if (Either.isRight(result)) return assert.fail("accepted")
    assert.include(
      message(result.left),
      `extraParameters.LABEL is the typed parameter Label: set the field "label" instead`
    )
  })

  it("a cross-field check runs after every field passed", () => {
    const form = P.form(() => fields, {
      identifier: "Params",
      wireIdentifier: "ParamsForm",
      check: (params) =>
        params.label === "" ? [{ path: ["label"], message: "label must not be empty" }] : []
    })
    const result = P.formEncoder(form)({ to: "+1", label: "" })
    assert.isTrue(Either.isLeft(result) && message(result.left).includes("label must not be empty"))
  })

  it("decoding a wire form gathers unknown keys into extraParameters and names a wrong value", () => {
    const form = P.form(() => fields, { identifier: "Params", wireIdentifier: "ParamsForm" })
    assert.deepStrictEqual(
      { ...Schema.decodeUnknownSync(form)({ To: "+1", "DateCreated<": "2024-01-01", New: "x" }) },
      { to: "+1", dateCreatedBefore: "2024-01-01", extraParameters: { New: "x" } }
    )
    const bad = Schema.decodeUnknownEither(form)({ To: "+1", Label: 12 })
    assert.isTrue(Either.isLeft(bad) && message(bad.left).includes("label must be a string, got 12"))
  })

  it("a query encoder refuses an unknown key only when exact", () => {
    const query = P.query(() => fields, { identifier: "Query", wireIdentifier: "QueryWire" })
    const typo = { to: "+1", lable: "x" }
    assert.isTrue(Either.isLeft(P.queryEncoder(query, { exact: true })(typo)))
    assert.isTrue(Either.isRight(P.queryEncoder(query)(typo)))
    const limit = P.queryEncoder(query)({ to: "+1", limit: 0 })
    assert.isTrue(
      Either.isLeft(limit) && message(limit.left).includes("limit must be a positive whole number")
    )
  })

  it("encoder: form pairs through the schema, refusing an unknown key", () => {
    const encode = P.encoder(P.struct(fields))
    assert.deepStrictEqual(pairs(encode({ to: "+1", dateCreatedBefore: "2024-01-01" })), [
      ["To", "+1"],
      ["DateCreated<", "2024-01-01"]
    ])
    assert.isTrue(Either.isLeft(encode({ to: "+1", ...{ lable: "x" } })))
  })
})

describe("RequestParams: form and query schemas are built on first use", () => {
  /**
   * Declarations that count how often the kit declares them (calls `fields`) and reads them: it
   * does both only to build a schema.
   */
  const counted = () => {
    const reads = { count: 0, declared: 0 }
    const fields = () => {
      reads.declared++
      return {
        get to() {
          reads.count++
          return P.required(Schema.String, "a string")
        },
        get label() {
          reads.count++
          return P.optional(Schema.String, "a string")
        }
      }
    }
    return { reads, fields }
  }

  it("form: nothing is declared or built until the schema is used, then once", () => {
    const { reads, fields } = counted()
    const form = P.form(fields, { identifier: "Params", wireIdentifier: "ParamsForm" })
    assert.deepStrictEqual(reads, { count: 0, declared: 0 })
    assert.deepStrictEqual(Schema.encodeSync(form)({ to: "+1", label: "x" }), { To: "+1", Label: "x" })
    const built = reads.count
    assert.isAbove(built, 0)
    assert.strictEqual(reads.declared, 1)
    assert.isTrue(Schema.is(form)({ to: "+1" }))
    assert.isFalse(Schema.is(form)({ to: 1 }))
    assert.deepStrictEqual(Object.keys(form.from.fields), ["To", "Label"])
    assert.deepStrictEqual(
      [...P.wireNames(form.to)],
      [
        ["To", "to"],
        ["Label", "label"]
      ]
    )
    assert.deepStrictEqual(reads, { count: built, declared: 1 })
  })

  it("query: nothing is declared or built until the schema is used; its identifier names it before", () => {
    const { reads, fields } = counted()
    const query = P.query(fields, { identifier: "Query", wireIdentifier: "QueryWire" })
    assert.strictEqual(String(query), "Query")
    assert.deepStrictEqual(reads, { count: 0, declared: 0 })
    const encoded = P.queryEncoder(query)({ to: "+1", limit: 2 })
    assert.isTrue(Either.isRight(encoded) && encoded.right.limit === 2)
    assert.isAbove(reads.count, 0)
    assert.strictEqual(reads.declared, 1)
  })
})
