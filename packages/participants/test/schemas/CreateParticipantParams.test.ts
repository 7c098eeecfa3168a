import * as UrlParams from "@effect/platform/UrlParams"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import {
  type CreateParticipantParams,
  CreateParticipantParams as CreateSchema,
  encodeCreateParticipantParams
} from "../../src/CreateParticipantParams.js"
import * as Seeds from "./fixtures/seeds.js"
import * as Slice from "./fixtures/slice.js"
import {
  assertEncodesLikeSchema,
  assertFailsWith,
  examplePairs,
  itEncodesLikeSchema,
  pairsOf,
  run,
  sorted
} from "./support.js"

const encode = (params: CreateParticipantParams) => pairsOf(encodeCreateParticipantParams(params))

const expectPairs = (params: CreateParticipantParams, body: { readonly [key: string]: unknown }) =>
  Effect.gen(function* () {
    assert.deepStrictEqual(sorted(yield* encode(params)), sorted(examplePairs(body)))
  })

/** The 50 form parameters of CreateParticipant in the slice, in its order. */
const SLICE_PARAMETERS = [
  "From",
  "To",
  "StatusCallback",
  "StatusCallbackMethod",
  "StatusCallbackEvent",
  "Label",
  "Timeout",
  "Record",
  "Muted",
  "Beep",
  "StartConferenceOnEnter",
  "EndConferenceOnExit",
  "WaitUrl",
  "WaitMethod",
  "EarlyMedia",
  "MaxParticipants",
  "ConferenceRecord",
  "ConferenceTrim",
  "ConferenceStatusCallback",
  "ConferenceStatusCallbackMethod",
  "ConferenceStatusCallbackEvent",
  "RecordingChannels",
  "RecordingStatusCallback",
  "RecordingStatusCallbackMethod",
  "SipAuthUsername",
  "SipAuthPassword",
  "Region",
  "ConferenceRecordingStatusCallback",
  "ConferenceRecordingStatusCallbackMethod",
  "RecordingStatusCallbackEvent",
  "ConferenceRecordingStatusCallbackEvent",
  "Coaching",
  "CallSidToCoach",
  "JitterBufferSize",
  "Byoc",
  "CallerId",
  "CallReason",
  "RecordingTrack",
  "TimeLimit",
  "MachineDetection",
  "MachineDetectionTimeout",
  "MachineDetectionSpeechThreshold",
  "MachineDetectionSpeechEndThreshold",
  "MachineDetectionSilenceTimeout",
  "AmdStatusCallback",
  "AmdStatusCallbackMethod",
  "Trim",
  "CallToken",
  "ClientNotificationUrl",
  "CallerDisplayName"
]

/** One value for every typed parameter. */
const everything: CreateParticipantParams = {
  from: "+17736774757",
  to: "+14157663747",
  statusCallback: "https://myapp.com/events",
  statusCallbackMethod: "POST",
  statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
  label: "customer",
  timeout: 30,
  record: true,
  muted: false,
  beep: "onExit",
  startConferenceOnEnter: true,
  endConferenceOnExit: false,
  waitUrl: "https://myapp.com/wait",
  waitMethod: "GET",
  earlyMedia: true,
  maxParticipants: 10,
  conferenceRecord: "record-from-start",
  conferenceTrim: "do-not-trim",
  conferenceStatusCallback: "https://myapp.com/conference",
  conferenceStatusCallbackMethod: "GET",
  conferenceStatusCallbackEvent: ["start", "end", "join", "leave"],
  recordingChannels: "dual",
  recordingStatusCallback: "https://myapp.com/recording",
  recordingStatusCallbackMethod: "POST",
  sipAuthUsername: "alice",
  sipAuthPassword: Redacted.make("s3cret"),
  region: "ie1",
  conferenceRecordingStatusCallback: "https://myapp.com/conference-recording",
  conferenceRecordingStatusCallbackMethod: "POST",
  recordingStatusCallbackEvent: ["in-progress", "completed"],
  conferenceRecordingStatusCallbackEvent: ["failed", "absent"],
  coaching: true,
  callSidToCoach: "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
  jitterBufferSize: "medium",
  byoc: "BYbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
  callerId: "+17736772737",
  callReason: "Your appointment",
  recordingTrack: "both",
  timeLimit: 3600,
  machineDetection: "DetectMessageEnd",
  machineDetectionTimeout: 20,
  machineDetectionSpeechThreshold: 2400,
  machineDetectionSpeechEndThreshold: 1200,
  machineDetectionSilenceTimeout: 5000,
  amdStatusCallback: "https://myapp.com/amd",
  amdStatusCallbackMethod: "GET",
  trim: "trim-silence",
  callToken: "call-token-string",
  clientNotificationUrl: "https://myapp.com/push",
  callerDisplayName: "John Doe"
}

/** True when `text` is a string anywhere inside `value` (an issue tree holds what it refused as `actual`). */
const holdsText = (value: unknown, text: string, seen = new Set<unknown>()): boolean => {
  if (typeof value === "string") return value.includes(text)
  if (typeof value !== "object" || value === null || seen.has(value)) return false
  seen.add(value)
  return Object.values(value).some((inner) => holdsText(inner, text, seen))
}

describe("CreateParticipantParams: coverage of the slice", () => {
  it.effect("all 50 parameters of CreateParticipant are typed fields and reach the form", () =>
    Effect.gen(function* () {
      assert.strictEqual(SLICE_PARAMETERS.length, 50)
      const keys = new Set((yield* encode(everything)).map(([key]) => key))
      assert.deepStrictEqual([...keys].sort(), [...SLICE_PARAMETERS].sort())
    })
  )

  it.effect("a parameter set with every field encodes each value in its wire format", () =>
    Effect.gen(function* () {
      const pairs = yield* encode(everything)
      const values = (key: string) => pairs.filter(([k]) => k === key).map(([, v]) => v)
      assert.deepStrictEqual(values("StatusCallbackEvent"), ["initiated", "ringing", "answered", "completed"])
      assert.deepStrictEqual(values("Timeout"), ["30"])
      assert.deepStrictEqual(values("Record"), ["true"])
      assert.deepStrictEqual(values("Muted"), ["false"])
      assert.deepStrictEqual(values("SipAuthPassword"), ["s3cret"])
      assert.deepStrictEqual(values("Coaching"), ["true"])
      assert.deepStrictEqual(values("MachineDetectionSilenceTimeout"), ["5000"])
    })
  )
})

describe("CreateParticipantParams: the slice's example requests", () => {
  const r = Slice.createRequests
  const common = {
    from: "+17736774757",
    to: "+14157663747",
    earlyMedia: true,
    muted: false,
    statusCallback: "https://myapp.com/events",
    statusCallbackMethod: "POST",
    statusCallbackEvent: ["ringing"],
    record: true,
    timeLimit: 3600
  } as const

  it.effect("createWithFriendlyName", () =>
    expectPairs(
      {
        ...common,
        label: "customer",
        beep: "false",
        trim: "do-not-trim",
        callToken: "call-token-string",
        machineDetection: "enable",
        machineDetectionTimeout: 15,
        machineDetectionSpeechThreshold: 3000,
        machineDetectionSpeechEndThreshold: 3000,
        machineDetectionSilenceTimeout: 3000,
        amdStatusCallback: "http://statuscallback.com",
        amdStatusCallbackMethod: "POST",
        clientNotificationUrl: "https://clientnotification.com",
        callerDisplayName: "John Doe"
      },
      r.createWithFriendlyName
    )
  )

  // The example sends six machine-detection parameters the slice does not list
  // (MachineDetectionEngine, …MinWordLength, …MaxWordLength, …WordsSilence, …MaxNumOfWords,
  // …SilenceThreshold): they go through extraParameters.
  it.effect("createWithSid: unlisted machine-detection parameters are sent through extraParameters", () =>
    expectPairs(
      {
        ...common,
        label: "customer",
        beep: "onEnter",
        trim: "do-not-trim",
        callToken: "call-token-string",
        machineDetection: "enable",
        machineDetectionTimeout: 15,
        machineDetectionSpeechThreshold: 3000,
        machineDetectionSpeechEndThreshold: 3000,
        machineDetectionSilenceTimeout: 3000,
        amdStatusCallback: "http://statuscallback.com",
        amdStatusCallbackMethod: "POST",
        clientNotificationUrl: "https://clientnotification.com",
        callerDisplayName: "John Doe",
        extraParameters: {
          MachineDetectionEngine: "Lumenvox",
          MachineDetectionMinWordLength: 100,
          MachineDetectionMaxWordLength: 5000,
          MachineDetectionWordsSilence: 50,
          MachineDetectionMaxNumOfWords: 5,
          MachineDetectionSilenceThreshold: 256
        }
      },
      r.createWithSid
    )
  )

  it.effect("createWithSidAsCoach: callSidToCoach without coaching is sendable", () =>
    expectPairs(
      { ...common, beep: "onEnter", callSidToCoach: "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
      r.createWithSidAsCoach
    )
  )

  it.effect("createWithNonE164Number: numbers without a plus are not rejected", () =>
    expectPairs(
      { ...common, from: "4405512345678", to: "4157663747", beep: "onEnter" },
      r.createWithNonE164Number
    )
  )

  it.effect("createWithFriendlyNameJitterBufferSize", () =>
    expectPairs(
      { ...common, beep: "false", jitterBufferSize: "small" },
      r.createWithFriendlyNameJitterBufferSize
    )
  )

  it.effect("createWithFriendlyNameByoc", () =>
    expectPairs(
      { ...common, beep: "false", byoc: "BYbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
      r.createWithFriendlyNameByoc
    )
  )

  it.effect("createWithFriendlyNameCallerId", () =>
    expectPairs({ ...common, beep: "false", callerId: "+17736772737" }, r.createWithFriendlyNameCallerId)
  )

  it.effect("createWithFriendlyNameReason", () =>
    expectPairs(
      { ...common, beep: "false", callReason: "Reason for the call (Beta)" },
      r.createWithFriendlyNameReason
    )
  )

  it.effect("createWithFriendlyNameRecordingTrack", () =>
    expectPairs(
      { ...common, beep: "false", recordingTrack: "inbound" },
      r.createWithFriendlyNameRecordingTrack
    )
  )

  it.effect("createWithFromToClient: client: endpoints", () =>
    expectPairs(
      { ...common, from: "client:alice", to: "client:bob", label: "customer", beep: "false" },
      r.createWithFromToClient
    )
  )

  it.effect("createWithFromToSip: a SIP callee with a bare user as caller", () =>
    expectPairs(
      { ...common, from: "alice", to: "sip:bob@twilio.com", label: "customer", beep: "false" },
      r.createWithFromToSip
    )
  )

  it.effect("createWithFromToTwimlapp: an app: endpoint", () =>
    expectPairs(
      { ...common, to: "app:APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", label: "customer", beep: "false" },
      r.createWithFromToTwimlapp
    )
  )

  it.effect("beep as a boolean sends the same pair as the string form", () =>
    expectPairs({ ...common, beep: false }, { ...examplePairsObject(common), Beep: "false" })
  )

  it.effect("the seed's curl example", () =>
    Effect.gen(function* () {
      const pairs = yield* encode({
        from: "+15017122661",
        to: "+15558675310",
        label: "customer",
        earlyMedia: true,
        beep: "onEnter",
        statusCallback: "https://myapp.com/events",
        statusCallbackEvent: ["ringing"],
        record: true
      })
      assert.deepStrictEqual(sorted(pairs), sorted(Seeds.seedRequests.create))
    })
  )
})

/** The `common` params of the example tests, spelled as the slice's JSON bodies spell them. */
function examplePairsObject(common: {
  readonly from: string
  readonly to: string
  readonly earlyMedia: boolean
  readonly muted: boolean
  readonly statusCallback: string
  readonly statusCallbackMethod: string
  readonly statusCallbackEvent: ReadonlyArray<string>
  readonly record: boolean
  readonly timeLimit: number
}) {
  return {
    From: common.from,
    To: common.to,
    EarlyMedia: common.earlyMedia,
    Muted: common.muted,
    StatusCallback: common.statusCallback,
    StatusCallbackMethod: common.statusCallbackMethod,
    StatusCallbackEvent: common.statusCallbackEvent,
    Record: common.record,
    TimeLimit: common.timeLimit
  }
}

describe("CreateParticipantParams: endpoints and custom parameters", () => {
  it.effect("custom parameters in `to` reach the form intact and survive URL encoding", () =>
    Effect.gen(function* () {
      const to = "client:alice?mycustomparam1=foo&mycustomparam2=bar"
      const params = yield* encodeCreateParticipantParams({ from: "+15017122661", to })
      const body = new URLSearchParams(params.map(([k, v]): [string, string] => [k, v])).toString()
      assert.include(body, "To=client%3Aalice%3Fmycustomparam1%3Dfoo%26mycustomparam2%3Dbar")
      assert.strictEqual(new URLSearchParams(body).get("To"), to)
    })
  )

  it.effect("sip: endpoints with parameters and headers are not altered", () =>
    Effect.gen(function* () {
      const to = "sip:bob@example.com;transport=tls?X-Custom=1&x-other=two"
      const pairs = yield* encode({ from: "alice", to })
      assert.deepStrictEqual(
        pairs.find(([k]) => k === "To"),
        ["To", to]
      )
    })
  )

  it("an empty `to` or a missing `from` is rejected before any I/O", () => {
    assertFailsWith(
      encodeCreateParticipantParams({ from: "+1", to: "" }),
      `["to"]`,
      "to must be a non-empty endpoint"
    )
    // @ts-expect-error: a JavaScript caller may forget `from`
    assertFailsWith(encodeCreateParticipantParams({ to: "+1" }), `["from"]`, "is missing")
  })
})

describe("CreateParticipantParams: enums with decisions", () => {
  it.effect("machineDetection: the documented spelling and lower case are both sendable, as given", () =>
    Effect.gen(function* () {
      for (const mode of ["Enable", "enable", "DetectMessageEnd", "detectmessageend"] as const) {
        const pairs = yield* encode({ from: "+1", to: "+2", machineDetection: mode })
        assert.deepStrictEqual(
          pairs.find(([k]) => k === "MachineDetection"),
          ["MachineDetection", mode]
        )
      }
      const upperCase = { from: "+1", to: "+2", machineDetection: "ENABLE" }
      // @ts-expect-error: other spellings are not documented anywhere
      assertFailsWith(encodeCreateParticipantParams(upperCase), "machineDetection")
    })
  )

  it.effect("region: documented regions, and a newer region code, are sendable; junk is not", () =>
    Effect.gen(function* () {
      for (const region of ["us1", "us2", "jp1", "in1"]) {
        const pairs = yield* encode({ from: "+1", to: "+2", region })
        assert.deepStrictEqual(
          pairs.find(([k]) => k === "Region"),
          ["Region", region]
        )
      }
      assertFailsWith(
        encodeCreateParticipantParams({ from: "+1", to: "+2", region: "US 1" }),
        `["region"]`,
        "us1"
      )
      assertFailsWith(encodeCreateParticipantParams({ from: "+1", to: "+2", region: "" }), "region")
    })
  )
})

describe("CreateParticipantParams: extraParameters", () => {
  it.effect("arrays repeat the key, numbers and booleans print plainly", () =>
    Effect.gen(function* () {
      const pairs = yield* encode({
        from: "+1",
        to: "+2",
        extraParameters: { NewFeature: true, NewLimit: 12, NewEvents: ["a", "b"] }
      })
      assert.deepStrictEqual(pairs.slice(2), [
        ["NewFeature", "true"],
        ["NewLimit", "12"],
        ["NewEvents", "a"],
        ["NewEvents", "b"]
      ])
    })
  )

  it("a key that names a typed parameter is rejected, pointing to the field", () => {
    assertFailsWith(
      encodeCreateParticipantParams({ from: "+1", to: "+2", extraParameters: { Timeout: 10 } }),
      `["extraParameters"]["Timeout"]`,
      `set the field "timeout" instead`
    )
    assertFailsWith(
      encodeCreateParticipantParams({
        from: "+1",
        to: "+2",
        extraParameters: { STATUSCALLBACKEVENT: "ringing" }
      }),
      `"statusCallbackEvent"`
    )
  })

  it("a key that is not PascalCase, or a value that cannot go in a form, is rejected", () => {
    assertFailsWith(
      encodeCreateParticipantParams({
        from: "+1",
        to: "+2",
        extraParameters: { machine_detection_engine: "x" }
      }),
      `"machine_detection_engine" must be a PascalCase form parameter name`
    )
    assertFailsWith(
      // @ts-expect-error: a JavaScript caller may pass a nested object
      encodeCreateParticipantParams({ from: "+1", to: "+2", extraParameters: { Nested: { a: 1 } } }),
      "extraParameters must map parameter names"
    )
    assertFailsWith(
      encodeCreateParticipantParams({ from: "+1", to: "+2", extraParameters: { NotANumber: Number.NaN } }),
      "extraParameters"
    )
  })

  it("decoding a wire form puts unknown fields back into extraParameters", () => {
    const params = Schema.decodeUnknownSync(CreateSchema)({
      From: "+1",
      To: "+2",
      Timeout: 10,
      NewThing: "x"
    })
    assert.deepStrictEqual(
      { ...params },
      { from: "+1", to: "+2", timeout: 10, extraParameters: { NewThing: "x" } }
    )
  })
})

describe("CreateParticipantParams: checks before any I/O", () => {
  const base = { from: "+15017122661", to: "+15558675310" } as const
  const fails = (params: CreateParticipantParams, ...fragments: Array<string>) =>
    assertFailsWith(encodeCreateParticipantParams(params), ...fragments)

  it("ranges", () => {
    fails(
      { ...base, timeout: 4 },
      `["timeout"]`,
      "timeout must be a whole number of seconds from 5 to 600, got 4"
    )
    fails({ ...base, timeout: 601 }, "timeout", "601")
    fails({ ...base, timeout: 30.5 }, "timeout")
    fails({ ...base, maxParticipants: 1 }, "maxParticipants must be a whole number from 2 to 250, got 1")
    fails({ ...base, maxParticipants: 251 }, "maxParticipants")
    fails(
      { ...base, machineDetectionSpeechThreshold: 999 },
      "machineDetectionSpeechThreshold",
      "1000 to 6000"
    )
    fails(
      { ...base, machineDetectionSpeechEndThreshold: 5001 },
      "machineDetectionSpeechEndThreshold",
      "500 to 5000"
    )
    fails(
      { ...base, machineDetectionSilenceTimeout: 1999 },
      "machineDetectionSilenceTimeout",
      "2000 to 10000"
    )
    fails({ ...base, machineDetectionTimeout: 0 }, "machineDetectionTimeout")
    fails({ ...base, timeLimit: -1 }, "timeLimit")
    fails({ ...base, callerDisplayName: "J" }, "callerDisplayName", "2 to 255")
  })

  it("boundaries are accepted", () => {
    for (const params of [
      { ...base, timeout: 5 },
      { ...base, timeout: 600 },
      { ...base, maxParticipants: 2 },
      { ...base, maxParticipants: 250 },
      { ...base, machineDetectionSpeechThreshold: 1000 },
      { ...base, machineDetectionSpeechThreshold: 6000 },
      { ...base, machineDetectionSpeechEndThreshold: 500 },
      { ...base, machineDetectionSilenceTimeout: 10000 }
    ]) {
      assert.isTrue(Either.isRight(run(encodeCreateParticipantParams(params))), JSON.stringify(params))
    }
  })

  it("enums", () => {
    // @ts-expect-error: not a documented value
    fails({ ...base, beep: "sometimes" }, `["beep"]`, `"onEnter"`, `"sometimes"`)
    // @ts-expect-error: not a documented value
    fails({ ...base, conferenceRecord: "always" }, "conferenceRecord")
    // @ts-expect-error: not a documented value
    fails({ ...base, conferenceTrim: "trim" }, "conferenceTrim")
    // @ts-expect-error: not a documented value
    fails({ ...base, recordingChannels: "stereo" }, "recordingChannels", `"mono" or "dual"`)
    // @ts-expect-error: not a documented value
    fails({ ...base, jitterBufferSize: "huge" }, "jitterBufferSize")
    // @ts-expect-error: not a documented value
    fails({ ...base, recordingTrack: "all" }, "recordingTrack")
    // @ts-expect-error: not a documented value
    fails({ ...base, trim: "yes" }, "trim")
    // @ts-expect-error: not a documented value
    fails({ ...base, statusCallbackMethod: "PUT" }, 'statusCallbackMethod must be "GET" or "POST"')
    // @ts-expect-error: methods are upper case
    fails({ ...base, waitMethod: "get" }, "waitMethod")
    // @ts-expect-error: not a call progress event
    fails({ ...base, statusCallbackEvent: ["ringing", "start"] }, "statusCallbackEvent", "initiated, ringing")
    // @ts-expect-error: not a conference event
    fails({ ...base, conferenceStatusCallbackEvent: ["initiated"] }, "conferenceStatusCallbackEvent")
    // @ts-expect-error: not a recording event
    fails({ ...base, recordingStatusCallbackEvent: ["start"] }, "recordingStatusCallbackEvent")
    const paused = { ...base, conferenceRecordingStatusCallbackEvent: ["paused"] }
    // @ts-expect-error: `paused` is a participant recording event only
    fails(paused, "conferenceRecordingStatusCallbackEvent")
  })

  it("SIDs by pattern", () => {
    fails({ ...base, callSidToCoach: "CA123" }, "callSidToCoach", `"CA" followed by 32 hexadecimal digits`)
    fails({ ...base, callSidToCoach: "CFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }, "callSidToCoach")
    fails(
      { ...base, byoc: "BYzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" },
      "byoc",
      `"BY" followed by 32 hexadecimal digits`
    )
  })

  it("callback URLs must be absolute http(s) URLs", () => {
    fails(
      { ...base, statusCallback: "/events" },
      "statusCallback must be an absolute http(s) URL",
      `"/events"`
    )
    fails({ ...base, conferenceStatusCallback: "ftp://example.com/x" }, "conferenceStatusCallback")
    fails({ ...base, recordingStatusCallback: "myapp.com" }, "recordingStatusCallback")
    fails({ ...base, conferenceRecordingStatusCallback: "" }, "conferenceRecordingStatusCallback")
    fails({ ...base, amdStatusCallback: "javascript:alert(1)" }, "amdStatusCallback")
    fails({ ...base, clientNotificationUrl: "https://" }, "clientNotificationUrl")
    fails({ ...base, waitUrl: "wait.mp3" }, "waitUrl")
  })

  it.effect("waitUrl may be empty: no wait music", () =>
    Effect.gen(function* () {
      const pairs = yield* encode({ ...base, waitUrl: "" })
      assert.deepStrictEqual(
        pairs.find(([k]) => k === "WaitUrl"),
        ["WaitUrl", ""]
      )
    })
  )

  it("coaching: true requires callSidToCoach, with a message naming the field", () => {
    fails(
      { ...base, coaching: true },
      `["callSidToCoach"]`,
      "callSidToCoach is required when coaching is true"
    )
  })

  it("a plain-string SIP password is sent as given and never echoed in an error", () => {
    const sent = encodeCreateParticipantParams({ ...base, sipAuthPassword: "hunter2" })
    assert.isTrue(Either.isRight(sent))
    if (Either.isRight(sent))
      assert.deepStrictEqual(UrlParams.getAll(sent.right, "SipAuthPassword"), ["hunter2"])
    const refused = run(
      encodeCreateParticipantParams({ ...base, sipAuthPassword: "hunter2", coaching: true })
    )
    assert.isTrue(Either.isLeft(refused))
    if (Either.isLeft(refused)) assert.notInclude(refused.left, "hunter2")
    // The error's issue tree holds the params it refused: with the password already redacted.
    const issue = encodeCreateParticipantParams({ ...base, sipAuthPassword: "hunter2", coaching: true })
    assert.isTrue(Either.isLeft(issue))
    if (Either.isLeft(issue)) assert.isFalse(holdsText(issue.left.issue, "hunter2"))
    // @ts-expect-error: a JavaScript caller may pass anything
    const wrong = run(encodeCreateParticipantParams({ ...base, sipAuthPassword: ["hunter2"] }))
    assert.isTrue(Either.isLeft(wrong))
    if (Either.isLeft(wrong)) {
      assert.include(wrong.left, "sipAuthPassword must be a string or a Redacted string")
      assert.notInclude(wrong.left, "hunter2")
    }
  })

  it("loosely typed input from JavaScript fails with a ParseError, never a throw", () => {
    // @ts-expect-error: a JavaScript caller may pass anything
    fails({ ...base, timeout: "x" }, "timeout", `got "x"`)
    // @ts-expect-error: a JavaScript caller may pass anything
    fails({ ...base, record: "yes" }, "record must be true or false")
    // @ts-expect-error: a JavaScript caller may pass anything
    fails({ ...base, statusCallbackEvent: "ringing" }, "statusCallbackEvent")
    // @ts-expect-error: a JavaScript caller may pass anything
    assertFailsWith(encodeCreateParticipantParams(null), "CreateParticipantParams")
    // @ts-expect-error: a JavaScript caller may pass anything
    assertFailsWith(encodeCreateParticipantParams("From=+1"), "CreateParticipantParams")
  })
})

describe("CreateParticipantParams: properties", () => {
  const KNOWN = new Set(SLICE_PARAMETERS)
  const hex32 = fc.stringMatching(/^[0-9a-fA-F]{32}$/)
  const url = fc.webUrl({ validSchemes: ["http", "https"] })
  const opt = <A>(arb: fc.Arbitrary<A>) => fc.option(arb, { nil: undefined })
  const method = fc.constantFrom("GET" as const, "POST" as const)

  const validParams = fc
    .record(
      {
        from: fc.string({ minLength: 1 }),
        to: fc.string({ minLength: 1 }),
        statusCallback: url,
        statusCallbackMethod: method,
        statusCallbackEvent: fc.array(
          fc.constantFrom("initiated", "ringing", "answered", "completed" as const)
        ),
        label: fc.string(),
        timeout: fc.integer({ min: 5, max: 600 }),
        record: fc.boolean(),
        muted: fc.boolean(),
        beep: fc.constantFrom(
          true,
          false,
          "true" as const,
          "false" as const,
          "onEnter" as const,
          "onExit" as const
        ),
        maxParticipants: fc.integer({ min: 2, max: 250 }),
        conferenceStatusCallbackEvent: fc.array(
          fc.constantFrom("start", "end", "mute", "announcement" as const)
        ),
        region: fc.constantFrom("us1", "us2", "ie1", "de1", "sg1", "br1", "au1", "jp1" as const),
        callSidToCoach: hex32.map((h) => `CA${h}`),
        byoc: hex32.map((h) => `BY${h}`),
        timeLimit: fc.integer({ min: 1, max: 14_400 }),
        machineDetectionSpeechThreshold: fc.integer({ min: 1000, max: 6000 }),
        machineDetectionSpeechEndThreshold: fc.integer({ min: 500, max: 5000 }),
        machineDetectionSilenceTimeout: fc.integer({ min: 2000, max: 10000 }),
        waitUrl: fc.oneof(url, fc.constant("")),
        coaching: opt(fc.boolean())
      },
      { requiredKeys: ["from", "to"] }
    )
    .map(
      (p): CreateParticipantParams =>
        p.coaching === true && p.callSidToCoach === undefined ? { ...p, coaching: false } : p
    )

  it("any valid params encode to known PascalCase keys with wire-format values", () => {
    fc.assert(
      fc.property(validParams, (params) => {
        const result = run(encodeCreateParticipantParams(params))
        assert.isTrue(Either.isRight(result), Either.isLeft(result) ? result.left : "")
        if (Either.isLeft(result)) return
        for (const [key, value] of result.right) {
          assert.isTrue(KNOWN.has(key), key)
          if (["Record", "Muted", "Coaching"].includes(key)) assert.oneOf(value, ["true", "false"])
          if (["Timeout", "MaxParticipants", "TimeLimit"].includes(key)) assert.match(value, /^\d+$/)
        }
        const events = result.right.filter(([k]) => k === "StatusCallbackEvent").map(([, v]) => v)
        assert.deepStrictEqual(events, [...(params.statusCallbackEvent ?? [])])
      })
    )
  })

  const encoder = { encode: encodeCreateParticipantParams }

  itEncodesLikeSchema(encoder, CreateSchema, validParams)

  it("the service's encoder agrees with the schema on undefined, inherited, redacted and extra fields", () => {
    const base = { from: "+15017122661", to: "+15558675310" }
    const inputs: ReadonlyArray<unknown> = [
      { ...base, label: undefined, timeout: undefined },
      { ...base, sipAuthPassword: Redacted.make("s3cret") },
      Object.assign(Object.create({ label: "inherited", muted: "no" }), base),
      { ...base, extraParameters: { MachineDetectionEngine: "Lumenvox", Tags: ["a", "b"] } },
      { ...base, extraParameters: { Label: "shadow" } },
      { ...base, extraParameters: undefined },
      { ...base, somethingElse: 1 },
      { ...base, coaching: true },
      null,
      []
    ]
    for (const input of inputs) assertEncodesLikeSchema(encoder, CreateSchema, input)
  })

  it("the form survives a round trip through URLSearchParams", () => {
    fc.assert(
      fc.property(validParams, (params) => {
        const result = run(encodeCreateParticipantParams(params))
        if (Either.isLeft(result)) return assert.fail(result.left)
        const pairs = result.right.map(([k, v]): [string, string] => [k, v])
        const reparsed = [...new URLSearchParams(new URLSearchParams(pairs).toString())]
        assert.deepStrictEqual(reparsed, pairs)
      })
    )
  })

  it("encode then decode gives the params back", () => {
    fc.assert(
      fc.property(validParams, (params) => {
        const form = Schema.encodeSync(CreateSchema)(params)
        const back = Schema.decodeSync(CreateSchema)(form)
        const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined))
        assert.deepStrictEqual({ ...back }, defined)
      })
    )
  })

  it("an out-of-range timeout always fails with a message naming the field", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ max: 4 }),
          fc.integer({ min: 601 }),
          fc.double({ min: 5.01, max: 599.99, noInteger: true })
        ),
        (timeout) => {
          assertFailsWith(
            encodeCreateParticipantParams({ from: "+1", to: "+2", timeout }),
            `["timeout"]`,
            "timeout must be"
          )
        }
      )
    )
  })

  it("a string that is not a documented beep value always fails naming beep", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !["true", "false", "onEnter", "onExit"].includes(s)),
        (beep) => {
          // @ts-expect-error: arbitrary strings are not BeepSetting values
          assertFailsWith(encodeCreateParticipantParams({ from: "+1", to: "+2", beep }), `["beep"]`)
        }
      )
    )
  })

  it("a malformed callSidToCoach always fails naming the field", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^CA[0-9a-fA-F]{32}$/.test(s)),
        (sid) => {
          assertFailsWith(
            encodeCreateParticipantParams({ from: "+1", to: "+2", callSidToCoach: sid }),
            "callSidToCoach"
          )
        }
      )
    )
  })

  it("coaching without callSidToCoach always fails, whatever else is set", () => {
    fc.assert(
      fc.property(validParams, (params) => {
        const { callSidToCoach: _ignored, ...rest } = params
        assertFailsWith(
          encodeCreateParticipantParams({ ...rest, coaching: true }),
          "callSidToCoach is required"
        )
      })
    )
  })
})
