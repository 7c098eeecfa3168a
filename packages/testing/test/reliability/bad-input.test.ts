/**
 * Bad input never reaches the wire: each invalid argument is a tagged `InvalidParameters` whose
 * message names the operation and the field and says why, and the simulator receives nothing.
 * Then fast-check throws random arguments (wrong types included) at every operation: each call
 * ends in a success or a tagged failure, never a defect, and `InvalidParameters` always means
 * no request was sent.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { isTwilioError } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio } from "@effect-twilio/testing"
import { participantsTestWith } from "@effect-twilio/testing/ParticipantsTest"
import { Cause, Chunk, Effect, Exit, FastCheck as fc, Inspectable, Option, Stream } from "effect"
import { assertSuccessOrTagged, failureOf } from "./support/exits.js"
import { callUntyped } from "./support/untyped.js"

const SID = `CF${"0123456789abcdef".repeat(2)}`
const CALL = `CA${"fedcba9876543210".repeat(2)}`
const numbers = { from: "+15005550006", to: "+15005550001" }

type Case = readonly [
  name: string,
  run: (p: Participants.Service) => Effect.Effect<unknown, unknown>,
  expected: ReadonlyArray<string>
]

const drain = <A, E>(stream: Stream.Stream<A, E>) => Stream.runDrain(stream)

const cases: ReadonlyArray<Case> = [
  ["a malformed conference SID", (p) => p.fetch("CF123", CALL), ["fetch:", "ConferenceSid", '"CF123"']],
  ["a Call SID where a conference SID belongs", (p) => p.remove(CALL, CALL), ["remove:", "ConferenceSid"]],
  ["an empty participant", (p) => p.fetch(SID, ""), ["fetch:", "must not be empty"]],
  ["a participant over 128 characters", (p) => p.remove(SID, "x".repeat(129)), ["remove:", "at most 128"]],
  [
    "control characters in a participant label",
    (p) => p.update(SID, "desk\u0007bell", { muted: true }),
    ["update:", "control characters"]
  ],
  [
    "an empty label on create",
    (p) => p.create(SID, { ...numbers, label: "" }),
    ["create:", "label", "empty"]
  ],
  [
    "a label over 128 characters on create",
    (p) => p.create(SID, { ...numbers, label: "l".repeat(129) }),
    ["create:", "label", "at most 128"]
  ],
  [
    "control characters in a label on create",
    (p) => p.create(SID, { ...numbers, label: "line\nbreak" }),
    ["create:", "label", "control characters"]
  ],
  [
    "a label shaped like a Call SID",
    (p) => p.create(SID, { ...numbers, label: CALL }),
    ["create:", "label", "Call SID"]
  ],
  ["an empty conference name", (p) => p.create("", numbers), ["create:", "conference", "empty"]],
  ["no `to`", (p) => callUntyped(p.create, SID, { from: numbers.from }), ["create:", "to"]],
  ["timeout below 5", (p) => p.create(SID, { ...numbers, timeout: 4 }), ["create:", "timeout", "4"]],
  ["timeout not a whole number", (p) => p.create(SID, { ...numbers, timeout: 7.5 }), ["create:", "timeout"]],
  ["timeout NaN", (p) => p.create(SID, { ...numbers, timeout: Number.NaN }), ["create:", "timeout"]],
  [
    "maxParticipants above 250",
    (p) => p.create(SID, { ...numbers, maxParticipants: 251 }),
    ["create:", "maxParticipants", "251"]
  ],
  [
    "a method that is not GET or POST",
    (p) => callUntyped(p.create, SID, { ...numbers, statusCallbackMethod: "PUT" }),
    ["create:", "statusCallbackMethod", "PUT"]
  ],
  [
    "an unknown beep setting",
    (p) => callUntyped(p.create, SID, { ...numbers, beep: "sometimes" }),
    ["create:", "beep", "sometimes"]
  ],
  [
    "an unknown status callback event",
    (p) => callUntyped(p.create, SID, { ...numbers, statusCallbackEvent: ["exploded"] }),
    ["create:", "statusCallbackEvent", "exploded"]
  ],
  [
    "coaching without callSidToCoach on create",
    (p) => p.create(SID, { ...numbers, coaching: true }),
    ["create:", "callSidToCoach is required when coaching is true"]
  ],
  [
    "coaching without callSidToCoach on update",
    (p) => p.update(SID, CALL, { coaching: true }),
    ["update:", "callSidToCoach is required when coaching is true"]
  ],
  [
    "a malformed callSidToCoach",
    (p) => p.update(SID, CALL, { coaching: true, callSidToCoach: "CA1" }),
    ["update:", "callSidToCoach"]
  ],
  [
    "a status callback that is not a URL",
    (p) => p.create(SID, { ...numbers, statusCallback: "not a url" }),
    ["create:", "statusCallback", "not a url"]
  ],
  [
    "a javascript: wait URL",
    (p) => p.create(SID, { ...numbers, waitUrl: "javascript:alert(1)" }),
    ["create:", "waitUrl"]
  ],
  ["an ftp hold URL", (p) => p.update(SID, CALL, { holdUrl: "ftp://example.com/x" }), ["update:", "holdUrl"]],
  [
    "a relative announce URL",
    (p) => p.update(SID, CALL, { announceUrl: "/announce" }),
    ["update:", "announceUrl"]
  ],
  ["pageSize 0", (p) => drain(p.list(SID, { pageSize: 0 })), ["list:", "pageSize", "1 to 1000"]],
  ["pageSize 1001", (p) => p.page(SID, { pageSize: 1001 }), ["page:", "pageSize"]],
  ["limit 0", (p) => drain(p.list(SID, { limit: 0 })), ["list:", "limit"]],
  ["a negative page", (p) => p.page(SID, { page: -1 }), ["page:", "page"]],
  [
    "a value neither JSON nor String can render (found by fast-check)",
    (p) => callUntyped(p.create, SID, { ...numbers, from: Object.assign(Object.create(null), { x: 0n }) }),
    ["create:"]
  ],
  ["create params that are not an object", (p) => callUntyped(p.create, SID, "from me"), ["create:"]],
  ["update params that are null", (p) => callUntyped(p.update, SID, CALL, null), ["update:"]],
  ["list params that are a number", (p) => drain(callUntyped(p.list, SID, 42)), ["list:"]],
  [
    "a timeout option that is not a duration",
    (p) => callUntyped(p.fetch, SID, CALL, { timeout: "banana" }),
    ["fetch:", "options.timeout"]
  ],
  [
    "a zero timeout option",
    (p) => p.remove(SID, CALL, { timeout: 0 }),
    ["remove:", "options.timeout", "positive"]
  ],
  [
    "a negative maxRetries",
    (p) => p.fetch(SID, CALL, { retry: { maxRetries: -1 } }),
    ["fetch:", "options.retry.maxRetries"]
  ],
  [
    "a baseDelay that is not a duration",
    (p) => callUntyped(p.fetch, SID, CALL, { retry: { baseDelay: "soon" } }),
    ["fetch:", "options.retry.baseDelay"]
  ],
  ["retry: true", (p) => callUntyped(p.fetch, SID, CALL, { retry: true }), ["fetch:", "retry must be false"]],
  [
    "options that are a string",
    (p) => callUntyped(p.fetch, SID, CALL, "fast"),
    ["fetch:", "options must be"]
  ],
  ["a listFrom limit of 0", (p) => drain(p.listFrom(`x`, { limit: 0 })), ["listFrom:"]],
  ["a cursor that is not a string", (p) => drain(callUntyped(p.listFrom, 17)), ["listFrom:", "cursor"]]
]

describe("bad input never reaches the wire", () => {
  for (const [name, run, expected] of cases) {
    it.effect(`${name}: InvalidParameters naming the field, no request`, () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const exit = yield* Effect.exit(Effect.flatMap(Participants, run))
        const error = failureOf(exit, "InvalidParameters")
        for (const part of expected) assert.include(error.message, part)
        assert.strictEqual((yield* fake.requests).length, 0)
      }).pipe(Effect.provide(participantsTestWith({ retry: false })))
    )
  }

  it.effect("a SIP password of the wrong type is refused without being repeated", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const participants = yield* Participants
      const exit = yield* Effect.exit(
        callUntyped(participants.create, SID, { ...numbers, sipAuthPassword: ["hunter2-secret"] })
      )
      const error = failureOf(exit, "InvalidParameters")
      assert.include(error.message, "sipAuthPassword must be a string or a Redacted string")
      assert.notInclude(error.message, "hunter2-secret")
      assert.notInclude(Cause.pretty(exit._tag === "Failure" ? exit.cause : Cause.empty), "hunter2-secret")
      assert.strictEqual((yield* fake.requests).length, 0)
    }).pipe(Effect.provide(participantsTestWith({ retry: false })))
  )

  it.effect(
    "a SIP password given as a plain string is accepted, and a refusal beside it never repeats it",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const participants = yield* Participants
        const conference = yield* fake.seedConference()
        yield* participants.create(conference.sid, {
          ...numbers,
          label: "sip",
          sipAuthPassword: "hunter2-secret"
        })
        const sent = yield* fake.participantSettings(conference.sid, "sip")
        assert.strictEqual(Option.getOrThrow(sent).get("SipAuthPassword"), "hunter2-secret")
        const exit = yield* Effect.exit(
          participants.create(conference.sid, {
            ...numbers,
            sipAuthPassword: "hunter2-secret",
            coaching: true
          })
        )
        const error = failureOf(exit, "InvalidParameters")
        assert.include(error.message, "callSidToCoach is required")
        for (const text of [
          error.message,
          String(error),
          Inspectable.format(error),
          Cause.pretty(Exit.isFailure(exit) ? exit.cause : Cause.empty)
        ]) {
          assert.notInclude(text, "hunter2-secret")
        }
      }).pipe(Effect.provide(participantsTestWith({ retry: false })))
  )
})

// ---------------------------------------------------------------------------------------------
// Random arguments at every operation.

const SEEDED = "<seeded conference>"
const LABEL = "agent"

/** Strings that are sometimes valid: SIDs of every prefix and length, labels, noise. */
const someString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.stringMatching(/^(CF|CA|AC|SK)[0-9a-fA-F]{30,34}$/),
  fc.constantFrom(SEEDED, LABEL, "", " ", "../..", "%2e%2e", "a/b", "\u0000", "x".repeat(129))
)

/** Anything at all, including odd objects. */
const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  maxDepth: 2
})

const createKeys = [
  "from",
  "to",
  "label",
  "timeout",
  "maxParticipants",
  "beep",
  "muted",
  "coaching",
  "callSidToCoach",
  "statusCallback",
  "statusCallbackEvent",
  "statusCallbackMethod",
  "sipAuthPassword",
  "region",
  "extraParameters",
  "earlyMedia",
  "timeLimit"
] as const
const updateKeys = [
  "muted",
  "hold",
  "holdUrl",
  "announceUrl",
  "announceMethod",
  "coaching",
  "callSidToCoach",
  "endConferenceOnExit",
  "beepOnExit",
  "extraParameters"
] as const
const listKeys = ["muted", "hold", "coaching", "pageSize", "page", "pageToken", "limit"] as const

/** A value for a field: right type or not. */
const fieldValue = fc.oneof(
  anything,
  someString,
  fc.integer({ min: -5, max: 2000 }),
  fc.boolean(),
  fc.double()
)

const paramsOf = (keys: ReadonlyArray<string>, base: Record<string, unknown> = {}) =>
  fc.oneof(
    anything,
    fc.dictionary(fc.constantFrom(...keys), fieldValue, { maxKeys: 4 }).map((d) => ({ ...base, ...d }))
  )

const callOptions = fc.oneof(
  fc.constant(undefined),
  anything,
  fc.record(
    {
      timeout: fc.oneof(
        anything,
        fc.integer({ min: -10, max: 100_000 }),
        fc.constantFrom("1 second", "soon")
      ),
      retry: fc.oneof(
        anything,
        fc.constant(false),
        fc.record(
          { maxRetries: fc.oneof(fc.integer({ min: -2, max: 200 }), anything), baseDelay: anything },
          { requiredKeys: [] }
        )
      )
    },
    { requiredKeys: [] }
  )
)

/** Runs one operation with `args` (placeholders replaced by the seeded conference) and checks the outcome. */
const checkCall = (run: (p: Participants.Service, sid: string) => Effect.Effect<unknown, unknown>) =>
  Effect.gen(function* () {
    const fake = yield* FakeTwilio
    const conference = yield* fake.seedConference()
    yield* fake.seedParticipants(conference.sid, [{ label: LABEL }])
    yield* fake.clearRequests
    const exit = yield* Effect.exit(Effect.flatMap(Participants, (p) => run(p, conference.sid)))
    assertSuccessOrTagged(exit)
    if (Exit.isFailure(exit)) {
      const error = Chunk.unsafeHead(Cause.failures(exit.cause))
      if (isTwilioError(error) && error._tag === "InvalidParameters") {
        assert.strictEqual((yield* fake.requests).length, 0, "InvalidParameters yet a request went out")
      }
    }
  })

const seeded = (value: unknown, sid: string) => (value === SEEDED ? sid : value)
const RUNS = { fastCheck: { numRuns: Number(process.env.RUNS ?? 150) } }

// One simulator for all runs (a layer per run would cost more than the run); each run seeds its own conference.
layer(participantsTestWith({ retry: false }))(
  "random arguments: a result or a tagged failure, never a defect",
  (it) => {
    it.effect.prop(
      "create",
      [fc.oneof(someString, anything), paramsOf(createKeys, numbers), callOptions],
      ([conference, params, options]) =>
        checkCall((p, sid) => callUntyped(p.create, seeded(conference, sid), params, options)),
      RUNS
    )

    it.effect.prop(
      "fetch",
      [fc.oneof(someString, anything), fc.oneof(someString, anything), callOptions],
      ([conference, participant, options]) =>
        checkCall((p, sid) => callUntyped(p.fetch, seeded(conference, sid), participant, options)),
      RUNS
    )

    it.effect.prop(
      "update",
      [fc.oneof(someString, anything), fc.oneof(someString, anything), paramsOf(updateKeys), callOptions],
      ([conference, participant, params, options]) =>
        checkCall((p, sid) => callUntyped(p.update, seeded(conference, sid), participant, params, options)),
      RUNS
    )

    it.effect.prop(
      "remove",
      [fc.oneof(someString, anything), fc.oneof(someString, anything), callOptions],
      ([conference, participant, options]) =>
        checkCall((p, sid) => callUntyped(p.remove, seeded(conference, sid), participant, options)),
      RUNS
    )

    it.effect.prop(
      "list",
      [fc.oneof(someString, anything), paramsOf(listKeys), callOptions],
      ([conference, params, options]) =>
        checkCall((p, sid) =>
          Stream.runDrain(Stream.take(callUntyped(p.list, seeded(conference, sid), params, options), 50))
        ),
      RUNS
    )

    it.effect.prop(
      "page, then nextPage on what it answered",
      [fc.oneof(someString, anything), paramsOf(listKeys), callOptions],
      ([conference, params, options]) =>
        checkCall((p, sid) =>
          Effect.flatMap(callUntyped(p.page, seeded(conference, sid), params, options), (page) =>
            callUntyped(p.nextPage, page, options)
          )
        ),
      RUNS
    )

    it.effect.prop(
      "nextPage on anything",
      [
        fc.oneof(anything, fc.record({ nextPageUri: fc.oneof(anything, someString, fc.webPath()) })),
        callOptions
      ],
      ([notAPage, options]) => checkCall((p) => callUntyped(p.nextPage, notAPage, options)),
      RUNS
    )

    it.effect.prop(
      "listFrom",
      [
        fc.oneof(someString, anything, fc.webPath(), fc.webUrl()),
        fc.oneof(anything, fc.record({ limit: fieldValue })),
        callOptions
      ],
      ([cursor, params, options]) =>
        checkCall((p) => Stream.runDrain(Stream.take(callUntyped(p.listFrom, cursor, params, options), 50))),
      RUNS
    )
  }
)
