import * as UrlParams from "@effect/platform/UrlParams"
import { assert, describe, it } from "@effect/vitest"
import { FormEncoding } from "@effect-twilio/core"
import { Effect, Exit, Schema } from "effect"
import * as fc from "fast-check"

type Scalar = string | number | boolean | bigint
type Field = Scalar | null | undefined | ReadonlyArray<Scalar | null | undefined>

/** Text that stresses form encoding: separators, escapes, spaces and non-ASCII. */
const text = fc.oneof(
  fc.string({ unit: "grapheme" }),
  fc.string({
    unit: fc.constantFrom("&", "=", "+", "%", " ", "#", "?", "/", "a", "Z", "é", "ü", "😀", "中", "\n")
  })
)
const scalar: fc.Arbitrary<Scalar> = fc.oneof(text, fc.boolean(), fc.integer(), fc.bigInt())
const field: fc.Arbitrary<Field> = fc.oneof(
  scalar,
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(scalar, fc.constant(null), fc.constant(undefined)), { maxLength: 4 })
)
const key = fc.oneof(fc.stringMatching(/^[A-Z][A-Za-z]{0,12}$/), text).filter((k) => k !== "__proto__")
const record = fc.dictionary(key, field, { maxKeys: 8 })

/** What a form value must print as, written independently of the implementation. */
const printed = (value: Scalar): string => {
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false"
    case "number":
      return value.toFixed(0)
    case "bigint":
      return value.toString(10)
    default:
      return value
  }
}

const expectedPairs = (input: Record<string, Field>): Array<[string, string]> =>
  Object.entries(input).flatMap(([k, v]): Array<[string, string]> => {
    const items = Array.isArray(v) ? v : [v]
    return items.flatMap(
      (item: Scalar | null | undefined): Array<[string, string]> =>
        item === null || item === undefined ? [] : [[k, printed(item)]]
    )
  })

describe("FormEncoding.toUrlParams", () => {
  it("round-trips through the form text to exactly the expected pairs, in order", () => {
    fc.assert(
      fc.property(record, (input) => {
        const body = UrlParams.toString(FormEncoding.toUrlParams(input))
        assert.deepStrictEqual([...new URLSearchParams(body)], expectedPairs(input))
        assert.strictEqual(FormEncoding.toBody(FormEncoding.toUrlParams(input)), body)
      }),
      { numRuns: 300 }
    )
  })

  it("prints booleans, numbers, arrays and drops null/undefined as Twilio expects", () => {
    const body = FormEncoding.toBody(
      FormEncoding.toUrlParams({
        Muted: true,
        Hold: false,
        Timeout: 30,
        Nothing: null,
        Absent: undefined,
        StatusCallbackEvent: ["ringing", "answered"],
        Label: "a b&c=d+e%f"
      })
    )
    assert.strictEqual(
      body,
      "Muted=true&Hold=false&Timeout=30&StatusCallbackEvent=ringing&StatusCallbackEvent=answered&Label=a+b%26c%3Dd%2Be%25f"
    )
  })
})

const CreateLike = Schema.Struct({
  from: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("From")),
  statusCallback: Schema.optional(Schema.String).pipe(Schema.fromKey("StatusCallback")),
  statusCallbackEvent: Schema.optional(Schema.Array(Schema.Literal("ringing", "answered", "completed"))).pipe(
    Schema.fromKey("StatusCallbackEvent")
  ),
  muted: Schema.optional(Schema.Boolean).pipe(Schema.fromKey("Muted")),
  timeout: Schema.optional(Schema.Int.pipe(Schema.between(5, 600))).pipe(Schema.fromKey("Timeout"))
})

describe("FormEncoding.encode", () => {
  it.effect("uses the Encoded (PascalCase) keys of the schema", () =>
    Effect.gen(function* () {
      const params = yield* FormEncoding.encode(CreateLike)({
        from: "+15017122661",
        statusCallbackEvent: ["ringing", "completed"],
        muted: true,
        timeout: 25
      })
      assert.deepStrictEqual(
        [...new URLSearchParams(FormEncoding.toBody(params))],
        [
          ["From", "+15017122661"],
          ["StatusCallbackEvent", "ringing"],
          ["StatusCallbackEvent", "completed"],
          ["Muted", "true"],
          ["Timeout", "25"]
        ]
      )
    })
  )

  it.effect("every key of any encoded value is a PascalCase key of the schema", () =>
    Effect.sync(() => {
      const allowed = new Set(["From", "StatusCallback", "StatusCallbackEvent", "Muted", "Timeout"])
      fc.assert(
        fc.property(
          fc.record(
            {
              from: text,
              statusCallback: text,
              statusCallbackEvent: fc.array(
                fc.constantFrom("ringing" as const, "answered" as const, "completed" as const)
              ),
              muted: fc.boolean(),
              timeout: fc.integer({ min: 5, max: 600 })
            },
            { requiredKeys: ["from"] }
          ),
          (value) => {
            const params = Effect.runSync(FormEncoding.encode(CreateLike)(value))
            const keys = [...new URLSearchParams(FormEncoding.toBody(params))].map(([k]) => k)
            for (const k of keys) assert.isTrue(allowed.has(k), k)
            assert.strictEqual(
              keys.filter((k) => k === "StatusCallbackEvent").length,
              value.statusCallbackEvent?.length ?? 0
            )
            assert.deepStrictEqual(new URLSearchParams(FormEncoding.toBody(params)).get("From"), value.from)
          }
        )
      )
    })
  )

  it.effect("a value the schema refuses fails with a ParseError, not a defect", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(FormEncoding.encode(CreateLike)({ from: "+1", timeout: 1 }))
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit)) assert.include(String(exit.cause), "between")
    })
  )
})
