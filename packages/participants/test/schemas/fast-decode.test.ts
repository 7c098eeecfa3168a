/**
 * The fast decode paths (`ParticipantFromWire`, the participants of `ParticipantPage`) against the
 * full schemas they stand in for: same values, same errors, for usual and unusual JSON alike.
 */

import { assert, describe, it } from "@effect/vitest"
import { Rfc2822 } from "@effect-twilio/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as Equal from "effect/Equal"
import * as FastCheck from "effect/FastCheck"
import * as JSONSchema from "effect/JSONSchema"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { ParseOptions } from "effect/SchemaAST"
import * as fc from "fast-check"
import { makeFastParticipantDecoder } from "../../src/internal/decodeParticipant.js"
import { Participant, ParticipantFromWire } from "../../src/Participant.js"
import { ParticipantPage } from "../../src/ParticipantPage.js"
import * as Slice from "./fixtures/slice.js"

// ---------------------------------------------------------------------------------------------
// Generators of wire JSON: Twilio's usual form, and every way a value can stray from it.

const KNOWN_STATUSES = ["queued", "connecting", "ringing", "connected", "complete", "failed"] as const
const hex32 = fc.stringMatching(/^[0-9a-fA-F]{32}$/)

const usualSid = (prefix: string) => hex32.map((hex) => `${prefix}${hex}`)
const oddSid = (prefix: string) =>
  fc.constantFrom(
    `${prefix}${"g".repeat(32)}`,
    prefix,
    `${prefix.toLowerCase()}${"a".repeat(32)}`,
    `${prefix}${"a".repeat(31)}`,
    `${prefix}${"a".repeat(33)}`,
    `${prefix}${"a".repeat(32)}\n`,
    ` ${prefix}${"a".repeat(32)}`,
    `ZZ${"a".repeat(32)}`,
    "CallSid",
    ""
  )

const usualDate = fc
  .integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) })
  .map((ms) => Rfc2822.format(ms))
const oddDate = fc.oneof(
  fc.constantFrom(
    "18 Feb 2011 21:07 -0500", // valid, not Twilio's layout
    "Fri, 18 Feb 2011 23:07:19 +0200",
    "Fri, 18 Feb 2011 21:07:19 GMT",
    "Fri, 18 Feb 2011 21:07:60 +0000", // leap second
    "Mon, 31 Feb 2011 21:07:19 +0000", // impossible
    "Sat, 18 Feb 2011 21:07:19 +0000", // wrong day name
    "2011-02-18T21:07:19Z",
    "",
    " Fri, 18 Feb 2011 21:07:19 +0000"
  ),
  fc.string({ maxLength: 32 })
)
const usualQueueTime = fc.nat({ max: 600_000 }).map(String)
const oddQueueTime = fc.oneof(
  fc.constantFrom(" 250 ", "1.5", "soon", "", "-1", "1e3", "0x10", "Infinity"),
  fc.nat(),
  fc.double()
)
const anyStatus = fc.oneof(fc.constantFrom(...KNOWN_STATUSES), fc.string({ maxLength: 12 }))
const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.constant({}),
  fc.constant([]),
  fc.double()
)

/** Twilio's usual participant: every field present, each value a usual one or null. */
const usualWire = fc.record({
  account_sid: fc.option(usualSid("AC"), { nil: null }),
  call_sid: fc.option(usualSid("CA"), { nil: null }),
  label: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  call_sid_to_coach: fc.option(usualSid("CA"), { nil: null }),
  coaching: fc.option(fc.boolean(), { nil: null }),
  conference_sid: fc.option(usualSid("CF"), { nil: null }),
  date_created: fc.option(usualDate, { nil: null }),
  date_updated: fc.option(usualDate, { nil: null }),
  end_conference_on_exit: fc.option(fc.boolean(), { nil: null }),
  muted: fc.option(fc.boolean(), { nil: null }),
  hold: fc.option(fc.boolean(), { nil: null }),
  start_conference_on_enter: fc.option(fc.boolean(), { nil: null }),
  status: fc.option(anyStatus, { nil: null }),
  queue_time: fc.option(usualQueueTime, { nil: null }),
  uri: fc.option(fc.string({ maxLength: 40 }), { nil: null })
})

/** A field's value: mostly usual, sometimes null, undefined, odd for its kind, or of a wrong type. */
const value = <A, B>(usual: fc.Arbitrary<A>, odd: fc.Arbitrary<B>) =>
  fc.oneof(
    { weight: 12, arbitrary: usual },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: odd },
    { weight: 1, arbitrary: wrongType }
  )

/** Any participant-like object: fields missing, odd or mistyped, plus extra fields. */
const strayWire = fc
  .tuple(
    fc.record(
      {
        account_sid: value(usualSid("AC"), oddSid("AC")),
        call_sid: value(usualSid("CA"), oddSid("CA")),
        label: value(fc.string({ maxLength: 20 }), wrongType),
        call_sid_to_coach: value(usualSid("CA"), oddSid("CA")),
        coaching: value(fc.boolean(), fc.constantFrom("true", 0, 1)),
        conference_sid: value(usualSid("CF"), oddSid("CF")),
        date_created: value(usualDate, oddDate),
        date_updated: value(usualDate, oddDate),
        end_conference_on_exit: value(fc.boolean(), wrongType),
        muted: value(fc.boolean(), fc.constantFrom("false", 1)),
        hold: value(fc.boolean(), wrongType),
        start_conference_on_enter: value(fc.boolean(), wrongType),
        status: value(anyStatus, wrongType),
        queue_time: value(usualQueueTime, oddQueueTime),
        uri: value(fc.string({ maxLength: 40 }), wrongType)
      },
      { requiredKeys: [] }
    ),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    fc.boolean()
  )
  .map(([known, extra, extraFirst]) => (extraFirst ? { ...extra, ...known } : { ...known, ...extra }))

/** Inputs that are not plain participant objects at all. */
const notAnObject = fc.oneof(
  fc.anything({ maxDepth: 1 }),
  fc.constant([]),
  fc.constant(Object.create({ call_sid: "x" })),
  usualWire.map((wire) => Object.assign(Object.create({ inherited: true }), wire)),
  usualWire.map((wire) => [wire])
)

const anyInput = fc.oneof(
  { weight: 4, arbitrary: usualWire },
  { weight: 4, arbitrary: strayWire },
  { weight: 1, arbitrary: notAnObject }
)

// ---------------------------------------------------------------------------------------------
// Comparisons

const text = (issue: ParseResult.ParseIssue) => ParseResult.TreeFormatter.formatIssueSync(issue)
const paths = (issue: ParseResult.ParseIssue) => ParseResult.ArrayFormatter.formatIssueSync(issue)

/** The same object: prototype, own keys in order, descriptors, values by `Equal`, and wire form. */
const assertSameParticipant = (actual: Participant, expected: Participant) => {
  assert.instanceOf(actual, Participant)
  assert.strictEqual(Object.getPrototypeOf(actual), Object.getPrototypeOf(expected))
  assert.deepStrictEqual(Reflect.ownKeys(actual), Reflect.ownKeys(expected))
  for (const key of Reflect.ownKeys(expected)) {
    const a = Reflect.getOwnPropertyDescriptor(actual, key)
    const e = Reflect.getOwnPropertyDescriptor(expected, key)
    assert.deepStrictEqual(
      [a?.writable, a?.enumerable, a?.configurable],
      [e?.writable, e?.enumerable, e?.configurable],
      String(key)
    )
    assert.isTrue(Equal.equals(a?.value, e?.value), String(key))
  }
  assert.isTrue(Equal.equals(actual, expected))
  assert.strictEqual(JSON.stringify(actual), JSON.stringify(expected))
  assert.deepStrictEqual(Schema.encodeSync(Participant)(actual), Schema.encodeSync(Participant)(expected))
  assert.isTrue(Schema.is(Participant)(actual))
}

/** Both succeed with the same value, or both fail with the same issue text and paths. */
const assertSameOutcome = <A, E>(
  actual: Either.Either<A, ParseResult.ParseIssue>,
  expected: Either.Either<E, ParseResult.ParseIssue>,
  same: (a: A, e: E) => void
) => {
  if (Either.isRight(expected)) {
    assert.isTrue(Either.isRight(actual), Either.isLeft(actual) ? text(actual.left) : "")
    if (Either.isRight(actual)) same(actual.right, expected.right)
  } else {
    assert.isTrue(Either.isLeft(actual), "the full schema fails, the fast one succeeds")
    if (Either.isLeft(actual)) {
      assert.strictEqual(text(actual.left), text(expected.left))
      assert.deepStrictEqual(paths(actual.left), paths(expected.left))
    }
  }
}

const OPTIONS: ReadonlyArray<ParseOptions | undefined> = [
  undefined,
  { onExcessProperty: "ignore" },
  { onExcessProperty: "error" },
  { onExcessProperty: "preserve" },
  { errors: "all" },
  { propertyOrder: "original" },
  { exact: true }
]

const decodeWith = <A, I>(schema: Schema.Schema<A, I>, options: ParseOptions | undefined) =>
  ParseResult.decodeUnknownEither(schema, options)

const agreeOnParticipant = (input: unknown, options?: ParseOptions) =>
  assertSameOutcome(
    decodeWith(ParticipantFromWire, options)(input),
    decodeWith(Participant, options)(input),
    assertSameParticipant
  )

describe("ParticipantFromWire: the same decoding as Participant", () => {
  it("property: usual, stray and non-object inputs decode to the same value or fail with the same error", () => {
    fc.assert(
      fc.property(anyInput, (input) => agreeOnParticipant(input)),
      { numRuns: 3000 }
    )
  })

  it("property: every parse option gives the same outcome (those that change a result bypass the fast path)", () => {
    fc.assert(
      fc.property(anyInput, fc.constantFrom(...OPTIONS), (input, options) =>
        agreeOnParticipant(input, options)
      ),
      { numRuns: 2000 }
    )
  })

  it("property: Twilio's usual JSON is decoded by the fast path itself, not by the fallback", () => {
    const fast = makeFastParticipantDecoder(Participant)
    fc.assert(
      fc.property(usualWire, (input) => {
        const decoded = fast(input)
        assert.isDefined(decoded)
        if (decoded !== undefined)
          assertSameParticipant(decoded, Schema.decodeUnknownSync(Participant)(input))
      }),
      { numRuns: 1000 }
    )
  })

  it("property: the wire form of any Participant (from its Arbitrary) decodes the same on both paths", () => {
    const encodable = Arbitrary.make(Participant).filter((p) =>
      Either.isRight(Schema.encodeEither(Participant)(p))
    )
    // effect's Arbitrary builds on the fast-check it ships (effect/FastCheck).
    FastCheck.assert(
      FastCheck.property(encodable, (participant) => {
        const wire = JSON.parse(JSON.stringify(Schema.encodeSync(Participant)(participant)))
        agreeOnParticipant(wire)
        // Dates go over the wire at second precision (and only years 1000-9999 parse back): what
        // decodes re-encodes to the same wire.
        const decoded = Schema.decodeUnknownEither(ParticipantFromWire)(wire)
        if (Either.isRight(decoded)) {
          assert.deepStrictEqual(
            JSON.parse(JSON.stringify(Schema.encodeSync(Participant)(decoded.right))),
            wire
          )
        }
      }),
      { numRuns: 300 }
    )
  })

  it("the documented examples decode the same on both paths", () => {
    const bodies = [
      ...Object.values(Slice.fetchResponses),
      ...Object.values(Slice.createResponses),
      ...Object.values(Slice.updateResponses),
      ...Slice.listResponses.readFull.participants
    ]
    for (const body of bodies) agreeOnParticipant(body)
  })

  it("unusual values are decided by the full schema, whose message is kept", () => {
    const fetched = Slice.fetchResponses.fetch
    const result = Schema.decodeUnknownEither(ParticipantFromWire)({ ...fetched, call_sid: "x" })
    assert.isTrue(Either.isLeft(result))
    if (Either.isLeft(result)) {
      const message = ParseResult.TreeFormatter.formatErrorSync(result.left)
      assert.include(message, `CallSid must be "CA" followed by 32 hexadecimal digits, got "x"`)
      assert.include(message, `["call_sid"]`)
    }
    // A layout other than Twilio's and a number for queue_time still decode, through the full schema.
    const other = Schema.decodeUnknownSync(ParticipantFromWire)({
      ...fetched,
      date_created: "18 Feb 2011 16:07 -0500",
      queue_time: 250
    })
    assert.strictEqual(other.dateCreated?.epochMillis, Date.UTC(2011, 1, 18, 21, 7))
    assert.strictEqual(other.queueTime === null ? null : Number(other.queueTime.value._tag === "Millis"), 1)
  })

  it("an excess field fails under onExcessProperty: error, as with Participant", () => {
    const input = { ...Slice.fetchResponses.fetch, brand_new: 1 }
    assert.isTrue(
      Either.isLeft(Schema.decodeUnknownEither(ParticipantFromWire, { onExcessProperty: "error" })(input))
    )
    assert.isTrue(Either.isRight(Schema.decodeUnknownEither(ParticipantFromWire)(input)))
  })

  it("the fast path builds participants through the class constructor, equal to the schema's", () => {
    const fast = makeFastParticipantDecoder(Participant)(Slice.fetchResponses.fetch)
    assert.instanceOf(fast, Participant)
    assert.deepStrictEqual(fast, Schema.decodeUnknownSync(Participant)(Slice.fetchResponses.fetch))
  })

  it("encodes, describes and generates like Participant", () => {
    const p = Schema.decodeUnknownSync(ParticipantFromWire)(Slice.fetchResponses.fetch)
    assert.deepStrictEqual(Schema.encodeSync(ParticipantFromWire)(p), Schema.encodeSync(Participant)(p))
    // The same JSON Schema, under a definition named after the schema.
    const { $defs: fromWireDefs = {}, ...fromWire } = JSONSchema.make(ParticipantFromWire)
    const { $defs: classDefs = {}, $schema, ...classBody } = JSONSchema.make(Participant)
    const { ParticipantFromWire: definition, ...otherDefs } = fromWireDefs
    assert.deepStrictEqual(Object.keys(fromWire).sort(), ["$ref", "$schema"])
    assert.strictEqual(fromWire.$schema, $schema)
    assert.propertyVal(fromWire, "$ref", "#/$defs/ParticipantFromWire")
    assert.deepStrictEqual(definition, classBody)
    assert.deepStrictEqual(otherDefs, classDefs)
    for (const sample of FastCheck.sample(Arbitrary.make(ParticipantFromWire), 20))
      assert.instanceOf(sample, Participant)
    // The Type view checks instances, as the class does.
    assert.isTrue(Schema.is(ParticipantFromWire)(p))
    assert.isFalse(Schema.is(ParticipantFromWire)(Slice.fetchResponses.fetch))
  })
})

// ---------------------------------------------------------------------------------------------
// Pages

const field = <A, I, R>(key: string, schema: Schema.Schema<A, I, R>) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null }).pipe(Schema.fromKey(key))

/** The page as it was before the fast path (same identifier, so messages can be compared verbatim). */
class ReferencePage extends Schema.Class<ReferencePage>("ParticipantPage")({
  participants: Schema.Array(Participant),
  nextPageUri: field("next_page_uri", Schema.String),
  previousPageUri: field("previous_page_uri", Schema.String),
  firstPageUri: field("first_page_uri", Schema.String),
  uri: field("uri", Schema.String),
  page: field("page", Schema.Int),
  pageSize: field("page_size", Schema.Int),
  start: field("start", Schema.Int),
  end: field("end", Schema.Int)
}) {}

const samePage = (actual: ParticipantPage, expected: ReferencePage) => {
  assert.instanceOf(actual, ParticipantPage)
  assert.strictEqual(actual.participants.length, expected.participants.length)
  actual.participants.forEach((p, i) => {
    const e = expected.participants[i]
    assert.isDefined(e)
    if (e !== undefined) assertSameParticipant(p, e)
  })
  const { participants: _a, ...restActual } = actual
  const { participants: _e, ...restExpected } = expected
  assert.deepStrictEqual(restActual, restExpected)
  assert.deepStrictEqual(Reflect.ownKeys(actual), Reflect.ownKeys(expected))
}

const participantList = fc.oneof(
  { weight: 3, arbitrary: fc.array(usualWire, { maxLength: 12 }) },
  {
    weight: 3,
    arbitrary: fc.array(fc.oneof({ weight: 6, arbitrary: usualWire }, strayWire), { maxLength: 12 })
  },
  { weight: 1, arbitrary: fc.array(anyInput, { maxLength: 4 }) },
  { weight: 1, arbitrary: wrongType }
)
const link = fc.oneof(fc.string({ maxLength: 30 }), fc.constant(null), fc.constant(undefined), wrongType)
const int = fc.oneof(
  { weight: 6, arbitrary: fc.nat() },
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(1.5, -0, Number.NaN, 2 ** 60),
  wrongType
)
const anyPage = fc.record(
  {
    participants: participantList,
    next_page_uri: link,
    previous_page_uri: link,
    first_page_uri: link,
    uri: link,
    page: int,
    page_size: int,
    start: int,
    end: int,
    meta: fc.jsonValue({ maxDepth: 1 })
  },
  { requiredKeys: [] }
)

describe("ParticipantPage: the participants' fast path decodes like Schema.Array(Participant)", () => {
  it("property: the participants field agrees with Schema.Array(Participant), value and error", () => {
    const list = ParticipantPage.fields.participants
    const reference = Schema.Array(Participant)
    fc.assert(
      fc.property(participantList, fc.constantFrom(...OPTIONS), (input, options) =>
        assertSameOutcome(decodeWith(list, options)(input), decodeWith(reference, options)(input), (a, e) => {
          assert.strictEqual(a.length, e.length)
          a.forEach((p, i) => {
            const expected = e[i]
            if (expected !== undefined) assertSameParticipant(p, expected)
          })
        })
      ),
      { numRuns: 1500 }
    )
  })

  it("property: whole pages decode as the page did before the fast path, value and error", () => {
    fc.assert(
      fc.property(anyPage, fc.constantFrom(...OPTIONS), (input, options) =>
        assertSameOutcome(
          decodeWith(ParticipantPage, options)(input),
          decodeWith(ReferencePage, options)(input),
          samePage
        )
      ),
      { numRuns: 1500 }
    )
  })

  it("property: the Encoded view still accepts and rejects the same wire pages, at the same paths", () => {
    // Its tree text names the participants field "<declaration schema>": effect drops a declaration's
    // annotations in the Encoded view, so that is the one wording that differs.
    const encodedView = ParseResult.decodeUnknownEither(Schema.encodedSchema(ParticipantPage))
    const reference = ParseResult.decodeUnknownEither(Schema.encodedSchema(ReferencePage))
    fc.assert(
      fc.property(anyPage, (input) => {
        const actual = encodedView(input)
        const expected = reference(input)
        assert.deepStrictEqual(Either.mapLeft(actual, paths), Either.mapLeft(expected, paths))
      }),
      { numRuns: 500 }
    )
  })

  it("a page with one bad participant fails with the reference message, naming its index", () => {
    const body = Slice.listResponses.readFull
    const bad = { ...body, participants: [body.participants[0], { ...body.participants[1], muted: "yes" }] }
    const actual = Schema.decodeUnknownEither(ParticipantPage)(bad)
    const expected = Schema.decodeUnknownEither(ReferencePage)(bad)
    assert.isTrue(Either.isLeft(actual) && Either.isLeft(expected))
    if (Either.isLeft(actual) && Either.isLeft(expected)) {
      const message = ParseResult.TreeFormatter.formatErrorSync(actual.left)
      assert.strictEqual(message, ParseResult.TreeFormatter.formatErrorSync(expected.left))
      assert.include(message, "[1]")
      assert.include(message, `["muted"]`)
    }
  })

  it("describes, generates, encodes and checks pages as before", () => {
    assert.deepStrictEqual(JSONSchema.make(ParticipantPage), JSONSchema.make(ReferencePage))
    const page = Schema.decodeUnknownSync(ParticipantPage)(Slice.listResponses.readFull)
    assert.deepStrictEqual(Schema.encodeSync(ParticipantPage)(page), Schema.encodeSync(ReferencePage)(page))
    assert.isTrue(Schema.is(ParticipantPage)(page))
    for (const sample of FastCheck.sample(Arbitrary.make(ParticipantPage), 10)) {
      assert.instanceOf(sample, ParticipantPage)
      for (const p of sample.participants) assert.instanceOf(p, Participant)
    }
    // The Type view of the participants field checks instances, never wire objects.
    const typeView = Schema.typeSchema(ParticipantPage.fields.participants)
    assert.isTrue(Schema.is(typeView)(page.participants))
    assert.isFalse(Schema.is(typeView)(Slice.listResponses.readFull.participants))
  })
})
