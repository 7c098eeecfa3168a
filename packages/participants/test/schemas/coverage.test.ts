/**
 * Reads the committed OpenAPI facts (packages/participants/openapi-facts.json, produced by
 * scripts/openapi-facts.mjs) and fails when a parameter, enum value, range, pattern or property in
 * them is not covered by the schemas.
 */
import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { FormEncoding } from "@effect-twilio/core"
import { WireValue, wireNames } from "@effect-twilio/core/RequestParams"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { CreateParticipantParams } from "../../src/CreateParticipantParams.js"
import { ListParticipantsParams } from "../../src/ListParticipantsParams.js"
import { isKnownParticipantStatus, Participant } from "../../src/Participant.js"
import { ParticipantPage } from "../../src/ParticipantPage.js"
import { UpdateParticipantParams } from "../../src/UpdateParticipantParams.js"
import * as Slice from "./fixtures/slice.js"

interface Facts {
  readonly type?: string
  readonly format?: string
  readonly enum?: ReadonlyArray<string>
  readonly pattern?: string
  readonly minLength?: number
  readonly maxLength?: number
  readonly minimum?: number
  readonly maximum?: number
  readonly items?: Facts
}

interface ParameterFacts extends Facts {
  readonly name: string
  readonly in: "path" | "query" | "form"
  readonly required: boolean
  readonly documented?: {
    readonly values?: ReadonlyArray<string>
    readonly minimum?: number
    readonly maximum?: number
    readonly minLength?: number
    readonly maxLength?: number
  }
}

interface PropertyFacts extends Facts {
  readonly name: string
  readonly nullable: boolean
}

interface OpenApiFacts {
  readonly operations: {
    readonly [id: string]: {
      readonly method: string
      readonly path: string
      readonly parameters: ReadonlyArray<ParameterFacts>
    }
  }
  readonly resources: {
    readonly participant: { readonly properties: ReadonlyArray<PropertyFacts> }
    readonly participantPage: { readonly properties: ReadonlyArray<PropertyFacts> }
  }
}

const facts: OpenApiFacts = JSON.parse(
  readFileSync(new URL("../../openapi-facts.json", import.meta.url), "utf8")
)

/** A params schema whose `from` side is the wire struct and whose `to` side is the typed (renamed) one. */
interface ParamsCodec {
  readonly schema: Schema.Schema.AnyNoContext
  readonly wireFields: ReadonlyArray<string>
  readonly typed: Schema.Schema.Any
  readonly base: { readonly [key: string]: unknown }
}

const codecs: { readonly [operation: string]: ParamsCodec } = {
  CreateParticipant: {
    schema: CreateParticipantParams,
    wireFields: Object.keys(CreateParticipantParams.from.fields),
    typed: CreateParticipantParams.to,
    base: { from: "+15005550006", to: "+15005550006" }
  },
  UpdateParticipant: {
    schema: UpdateParticipantParams,
    wireFields: Object.keys(UpdateParticipantParams.from.fields),
    typed: UpdateParticipantParams.to,
    base: {}
  },
  ListParticipant: {
    schema: ListParticipantsParams,
    wireFields: Object.keys(ListParticipantsParams.from.fields),
    typed: ListParticipantsParams.to,
    base: {}
  }
}

/** Values that the Type side wraps (a secret is `Redacted`). */
const wrap: { readonly [wire: string]: (value: unknown) => unknown } = {
  SipAuthPassword: (value) => (typeof value === "string" ? Redacted.make(value) : value)
}

/** Some parameters only make sense with a companion (coaching needs the call to coach). */
const companions: { readonly [wire: string]: { readonly [key: string]: unknown } } = {
  Coaching: { callSidToCoach: "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }
}

const encodeWith = (codec: ParamsCodec, params: unknown): Either.Either<Array<[string, string]>, string> =>
  Effect.runSync(
    Schema.encodeUnknown(codec.schema)(params).pipe(
      // The Encoded side must hold form values only: checked, not assumed.
      Effect.flatMap((encoded) =>
        Schema.decodeUnknown(Schema.Record({ key: Schema.String, value: WireValue }))(encoded)
      ),
      Effect.map((record) => FormEncoding.toUrlParams(record).map(([k, v]): [string, string] => [k, v])),
      Effect.mapError((error) => ParseResult.TreeFormatter.formatErrorSync(error)),
      Effect.either
    )
  )

/** A string that matches a simple SID pattern such as `^CA[0-9a-fA-F]{32}$`. */
const sampleFor = (pattern: string): string => {
  const m = /^\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$$/.exec(pattern)
  assert.isNotNull(m, `unsupported pattern ${pattern}`)
  return `${m?.[1] ?? ""}${"a".repeat(32)}`
}

/** The string literals a typed field accepts, read from its Type-side AST. */
const literalsOf = (schema: Schema.Schema.Any, field: string): Array<string> => {
  let ast = AST.typeAST(schema.ast)
  while (AST.isRefinement(ast)) ast = ast.from
  const signature = AST.isTypeLiteral(ast)
    ? ast.propertySignatures.find((ps) => ps.name === field)
    : undefined
  const out: Array<string> = []
  const walk = (node: AST.AST): void => {
    if (AST.isLiteral(node) && typeof node.literal === "string") out.push(node.literal)
    else if (AST.isUnion(node)) node.types.forEach(walk)
    else if (AST.isRefinement(node)) walk(node.from)
    else if (AST.isTupleType(node)) for (const r of node.rest) walk(r.type)
  }
  if (signature !== undefined) walk(signature.type)
  return out
}

/** The same values, compared without regard to case (machineDetection also takes lower case). */
const caseless = (values: ReadonlyArray<string>) => [...new Set(values.map((v) => v.toLowerCase()))].sort()

const parametersOf = (operation: string) =>
  (facts.operations[operation]?.parameters ?? []).filter((p) => p.in !== "path")

describe("coverage: every request parameter in the OpenAPI facts", () => {
  it("the facts list the five participant operations, with 50 create, 12 update and 6 list parameters", () => {
    assert.deepStrictEqual(Object.keys(facts.operations).sort(), [
      "CreateParticipant",
      "DeleteParticipant",
      "FetchParticipant",
      "ListParticipant",
      "UpdateParticipant"
    ])
    assert.strictEqual(parametersOf("CreateParticipant").length, 50)
    assert.strictEqual(parametersOf("UpdateParticipant").length, 12)
    assert.strictEqual(parametersOf("ListParticipant").length, 6)
    assert.strictEqual(parametersOf("FetchParticipant").length, 0)
    assert.strictEqual(parametersOf("DeleteParticipant").length, 0)
  })

  for (const [operation, codec] of Object.entries(codecs)) {
    describe(operation, () => {
      const params = parametersOf(operation)
      const typedNames = wireNames(codec.typed)

      it("every parameter is a wire field with a typed camelCase field, and nothing else is", () => {
        const names = params.map((p) => p.name).sort()
        assert.deepStrictEqual([...codec.wireFields].sort(), names)
        assert.deepStrictEqual([...typedNames.keys()].sort(), names)
      })

      it("required parameters are required on the Type side", () => {
        for (const p of params) {
          const field = typedNames.get(p.name) ?? ""
          const without = Object.fromEntries(
            Object.entries({ ...codec.base, ...companions[p.name] }).filter(([key]) => key !== field)
          )
          const result = encodeWith(codec, without)
          assert.strictEqual(Either.isLeft(result), p.required, `${p.name} required=${p.required}`)
        }
      })

      for (const p of params) {
        const field = typedNames.get(p.name) ?? p.name
        const withValue = (value: unknown) =>
          encodeWith(codec, {
            ...codec.base,
            ...companions[p.name],
            [field]: (wrap[p.name] ?? ((v) => v))(value)
          })
        const accepts = (value: unknown, sent: ReadonlyArray<string>) => {
          const result = withValue(value)
          assert.isTrue(
            Either.isRight(result),
            `${p.name}=${JSON.stringify(value)}: ${Either.isLeft(result) ? result.left : ""}`
          )
          if (Either.isRight(result)) {
            assert.deepStrictEqual(
              result.right.filter(([k]) => k === p.name).map(([, v]) => v),
              [...sent],
              p.name
            )
          }
        }
        const rejects = (value: unknown) => {
          const result = withValue(value)
          assert.isTrue(Either.isLeft(result), `${p.name}=${JSON.stringify(value)} should be rejected`)
          if (Either.isLeft(result)) assert.include(result.left, field, `the message names ${field}`)
        }

        it(`${p.name}: type ${p.type}${p.format ? ` (${p.format})` : ""}`, () => {
          const values = p.enum ?? p.documented?.values
          if (p.type === "boolean") {
            accepts(true, ["true"])
            accepts(false, ["false"])
            rejects("yes")
          } else if (p.type === "integer") {
            const min = p.minimum ?? p.documented?.minimum
            const max = p.maximum ?? p.documented?.maximum
            const inside = min ?? 1
            accepts(inside, [String(inside)])
            rejects(inside + 0.5)
            rejects(String(inside))
            if (min !== undefined) rejects(min - 1)
            if (max !== undefined) {
              accepts(max, [String(max)])
              rejects(max + 1)
            }
          } else if (p.type === "array") {
            const items = p.items?.enum ?? p.documented?.values ?? []
            assert.isAbove(items.length, 0, `${p.name} documents its values`)
            assert.deepStrictEqual(
              literalsOf(codec.typed, field).sort(),
              [...items].sort(),
              `${p.name} literals`
            )
            for (const item of items) accepts([item], [item])
            accepts(items, items)
            rejects(["not-an-event"])
            rejects(items[0])
          } else if (values !== undefined) {
            assert.deepStrictEqual(
              caseless(literalsOf(codec.typed, field)),
              caseless(values),
              `${p.name} literals`
            )
            for (const value of values) accepts(value, [value])
            rejects("not-a-documented-value")
          } else if (p.pattern !== undefined) {
            const sample = sampleFor(p.pattern)
            accepts(sample, [sample])
            rejects(sample.slice(0, -1))
            rejects(`XX${sample.slice(2)}`)
          } else if (p.format === "uri") {
            accepts("https://example.com/twiml?x=1", ["https://example.com/twiml?x=1"])
            rejects("example.com/twiml")
            rejects(42)
          } else if (p.documented?.minLength !== undefined && p.documented.maxLength !== undefined) {
            const { minLength, maxLength } = p.documented
            accepts("x".repeat(minLength), ["x".repeat(minLength)])
            accepts("x".repeat(maxLength), ["x".repeat(maxLength)])
            rejects("x".repeat(minLength - 1))
            rejects("x".repeat(maxLength + 1))
          } else {
            assert.strictEqual(p.type, "string")
            accepts("some value", ["some value"])
            rejects(12)
          }
        })
      }
    })
  }

  it("path parameters carry the SID shapes the service validates (AC…, CF…)", () => {
    for (const operation of Object.keys(facts.operations)) {
      const path = facts.operations[operation]?.parameters.filter((p) => p.in === "path") ?? []
      const account = path.find((p) => p.name === "AccountSid")
      assert.strictEqual(account?.pattern, "^AC[0-9a-fA-F]{32}$", operation)
      assert.isDefined(
        path.find((p) => p.name === "ConferenceSid"),
        operation
      )
    }
  })
})

describe("coverage: every property of the participant resource in the OpenAPI facts", () => {
  const example = Slice.fetchResponses.fetch
  const props = facts.resources.participant.properties

  it("the wire keys of Participant are exactly the properties", () => {
    const decoded = Schema.decodeUnknownSync(Participant)(example)
    const wire: object = Schema.encodeSync(Participant)(decoded)
    assert.deepStrictEqual(Object.keys(wire).sort(), props.map((p) => p.name).sort())
  })

  for (const p of props) {
    it(`${p.name}: ${p.type}${p.nullable ? ", nullable" : ""}${p.format ? `, ${p.format}` : ""}`, () => {
      const decode = (value: unknown) =>
        Schema.decodeUnknownEither(Participant)({ ...example, [p.name]: value })
      // Every property decodes null and absence (the SDK's tolerance policy, wider than the slice's for status).
      assert.isTrue(Either.isRight(decode(null)), `${p.name}: null`)
      const rest = Object.fromEntries(Object.entries(example).filter(([key]) => key !== p.name))
      assert.isTrue(Either.isRight(Schema.decodeUnknownEither(Participant)(rest)), `${p.name}: absent`)
      if (p.enum !== undefined) {
        for (const value of p.enum) {
          const result = decode(value)
          assert.isTrue(Either.isRight(result) && isKnownParticipantStatus(result.right.status), value)
        }
      }
      if (p.pattern !== undefined) {
        assert.isTrue(Either.isRight(decode(sampleFor(p.pattern))))
        assert.isTrue(Either.isLeft(decode("not-a-sid")), `${p.name} rejects a malformed SID`)
      }
      if (p.format === "date-time-rfc-2822") {
        assert.isTrue(Either.isRight(decode("Tue, 01 Mar 2022 10:00:00 +0000")))
        assert.isTrue(Either.isLeft(decode("2022-03-01T10:00:00Z")), `${p.name} rejects a non-RFC 2822 date`)
      }
      if (p.type === "boolean") assert.isTrue(Either.isLeft(decode("true")), `${p.name} rejects a string`)
    })
  }
})

describe("coverage: every property of the list response in the OpenAPI facts", () => {
  it("the wire keys of ParticipantPage are exactly the properties, with their nullability", () => {
    const props = facts.resources.participantPage.properties
    const page = Schema.decodeUnknownSync(ParticipantPage)(Slice.listResponses.readFull)
    const wire: object = Schema.encodeSync(ParticipantPage)(page)
    assert.deepStrictEqual(Object.keys(wire).sort(), props.map((p) => p.name).sort())
    const nullable = props.filter((p) => p.nullable).map((p) => p.name)
    assert.deepStrictEqual(nullable.sort(), ["next_page_uri", "previous_page_uri"])
    for (const name of nullable) {
      assert.isTrue(
        Either.isRight(Schema.decodeUnknownEither(ParticipantPage)({ participants: [], [name]: null }))
      )
    }
  })
})
