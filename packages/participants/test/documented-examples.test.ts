/**
 * The documented examples, end to end through the service: the request on the wire (method, path,
 * every form or query pair) and the documented response decoded to the expected values.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  type CreateParticipantParams,
  Participants,
  type UpdateParticipantParams
} from "@effect-twilio/participants"
import { Chunk, DateTime, Duration, Effect, Stream } from "effect"
import * as Slice from "./schemas/fixtures/slice.js"
import { examplePairs, sorted } from "./schemas/support.js"
import * as Wire from "./support/wire.js"

// The slice's examples use these SIDs.
const AC = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
const CF = "CFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
const CA = "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
const COACHED = "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
const PARTICIPANTS = `/2010-04-01/Accounts/${AC}/Conferences/${CF}/Participants`
const sliceWire = (handler: Parameters<typeof Wire.layer>[0]) => Wire.layer(handler, { accountSid: AC })

const lastSent = Effect.flatMap(Wire.Wire, ({ sent }) => Effect.map(sent.get, (all) => all[all.length - 1]))

const common = {
  from: "+17736774757",
  to: "+14157663747",
  earlyMedia: true,
  beep: "onEnter",
  muted: false,
  statusCallback: "https://myapp.com/events",
  statusCallbackMethod: "POST",
  statusCallbackEvent: ["ringing"],
  record: true,
  timeLimit: 3600
} as const

const endpoint = (from: string, to: string): CreateParticipantParams => ({
  ...common,
  from,
  to,
  label: "customer",
  beep: "false"
})

const creates: ReadonlyArray<{
  readonly name: keyof typeof Slice.createRequests
  readonly conference: string
  readonly params: CreateParticipantParams
}> = [
  { name: "createWithSidAsCoach", conference: CF, params: { ...common, callSidToCoach: COACHED } },
  {
    name: "createWithNonE164Number",
    conference: CF,
    params: { ...common, from: "4405512345678", to: "4157663747" }
  },
  { name: "createWithFromToClient", conference: CF, params: endpoint("client:alice", "client:bob") },
  { name: "createWithFromToSip", conference: CF, params: endpoint("alice", "sip:bob@twilio.com") },
  {
    name: "createWithFromToTwimlapp",
    conference: CF,
    params: endpoint("+17736774757", "app:APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
  }
]

const createResponse = (name: string): unknown =>
  name in Slice.createResponses
    ? Slice.createResponses[name as keyof typeof Slice.createResponses]
    : Slice.createResponses.createWithSid

describe("documented create examples over the wire", () => {
  for (const example of creates) {
    it.effect(example.name, () =>
      Effect.gen(function* () {
        const participants = yield* Participants
        const participant = yield* participants.create(example.conference, example.params)
        const request = yield* lastSent
        assert.strictEqual(request?.method, "POST")
        assert.strictEqual(request?.path, `${PARTICIPANTS}.json`)
        assert.strictEqual(request?.headers["content-type"], "application/x-www-form-urlencoded")
        assert.deepStrictEqual(
          sorted(request?.form ?? []),
          sorted(examplePairs(Slice.createRequests[example.name]))
        )
        assert.strictEqual(participant.callSid, CA)
        assert.strictEqual(participant.conferenceSid, CF)
      }).pipe(Effect.provide(sliceWire(() => ({ status: 201, body: createResponse(example.name) }))))
    )
  }

  it.effect("custom parameters riding in `to` reach the form intact", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      yield* participants.create(CF, {
        from: "client:alice",
        to: "client:alice?mycustomparam1=foo&mycustomparam2=bar"
      })
      const request = yield* lastSent
      assert.deepStrictEqual(
        request?.form.find(([k]) => k === "To"),
        ["To", "client:alice?mycustomparam1=foo&mycustomparam2=bar"]
      )
    }).pipe(Effect.provide(sliceWire(() => ({ status: 201, body: Slice.createResponses.createWithSid }))))
  )

  it.effect("the create response decodes with its queue time and dates", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const participant = yield* participants.create(CF, { from: "+17736774757", to: "+14157663747" })
      assert.strictEqual(participant.label, "customer")
      assert.isNotNull(participant.queueTime)
      if (participant.queueTime !== null) assert.strictEqual(Duration.toMillis(participant.queueTime), 1000)
      assert.isNotNull(participant.dateCreated)
      if (participant.dateCreated !== null) {
        assert.strictEqual(DateTime.formatIso(participant.dateCreated), "2011-02-18T21:07:19.000Z")
      }
    }).pipe(
      Effect.provide(
        sliceWire(() => ({
          status: 201,
          body: { ...Slice.createResponses.createWithSid, queue_time: "1000" }
        }))
      )
    )
  )
})

describe("documented fetch, update and delete examples over the wire", () => {
  it.effect("fetch by SID and by label", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const bySid = yield* participants.fetch(CF, CA)
      assert.strictEqual((yield* lastSent)?.path, `${PARTICIPANTS}/${CA}.json`)
      assert.strictEqual(bySid.callSid, CA)
      const byLabel = yield* participants.fetch(CF, "customer")
      const request = yield* lastSent
      assert.strictEqual(request?.method, "GET")
      assert.strictEqual(request?.path, `${PARTICIPANTS}/customer.json`)
      assert.deepStrictEqual(request?.form, [])
      assert.strictEqual(byLabel.coaching, true)
      assert.strictEqual(byLabel.callSidToCoach, COACHED)
    }).pipe(
      Effect.provide(
        sliceWire((s) => ({
          status: 200,
          body: s.path.endsWith("customer.json")
            ? Slice.fetchResponses.fetchByLabel
            : Slice.fetchResponses.fetch
        }))
      )
    )
  )

  const updates: ReadonlyArray<{
    readonly name: keyof typeof Slice.updateRequests
    readonly participant: string
    readonly params: UpdateParticipantParams
    readonly check: (p: {
      readonly muted: boolean | null
      readonly hold: boolean | null
      readonly coaching: boolean | null
    }) => void
  }> = [
    {
      name: "muteParticipant",
      participant: CA,
      params: { muted: true },
      check: (p) => assert.strictEqual(p.muted, true)
    },
    {
      name: "muteParticipantByLabel",
      participant: "customer",
      params: { muted: true },
      check: (p) => assert.strictEqual(p.muted, true)
    },
    {
      name: "holdParticipantWithMusic",
      participant: CA,
      params: { hold: true, holdUrl: "http://www.myapp.com/hold" },
      check: (p) => assert.strictEqual(p.hold, true)
    },
    {
      name: "announceToParticipant",
      participant: CA,
      params: { announceUrl: "http://www.myapp.com/announce" },
      check: (p) => assert.isNotNull(p.muted)
    },
    {
      name: "modifyParticipant",
      participant: CA,
      params: { coaching: true, callSidToCoach: COACHED },
      check: (p) => assert.strictEqual(p.coaching, true)
    },
    {
      name: "modifyParticipantByLabel",
      participant: "customer",
      params: { coaching: true, callSidToCoach: COACHED },
      check: (p) => assert.strictEqual(p.coaching, true)
    }
  ]

  for (const example of updates) {
    it.effect(example.name, () =>
      Effect.gen(function* () {
        const participants = yield* Participants
        const participant = yield* participants.update(CF, example.participant, example.params)
        const request = yield* lastSent
        assert.strictEqual(request?.method, "POST")
        assert.strictEqual(request?.path, `${PARTICIPANTS}/${example.participant}.json`)
        assert.deepStrictEqual(
          sorted(request?.form ?? []),
          sorted(examplePairs(Slice.updateRequests[example.name]))
        )
        example.check(participant)
      }).pipe(Effect.provide(sliceWire(() => ({ status: 200, body: Slice.updateResponses[example.name] }))))
    )
  }

  it.effect("delete by SID and by label", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      yield* participants.remove(CF, CA)
      assert.strictEqual((yield* lastSent)?.path, `${PARTICIPANTS}/${CA}.json`)
      yield* participants.remove(CF, "customer")
      const request = yield* lastSent
      assert.strictEqual(request?.method, "DELETE")
      assert.strictEqual(request?.path, `${PARTICIPANTS}/customer.json`)
    }).pipe(Effect.provide(sliceWire(() => ({ status: 204 }))))
  )
})

describe("documented list examples over the wire", () => {
  it.effect("read full: the muted filter on the wire, every participant decoded", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const roster = yield* participants.list(CF, { muted: true }).pipe(Stream.take(1000), Stream.runCollect)
      const [request] = yield* Effect.flatMap(Wire.Wire, ({ sent }) => sent.get)
      assert.deepStrictEqual(request?.query, examplePairs(Slice.listQueries.readFull))
      assert.strictEqual(Chunk.size(roster), Slice.listResponses.readFull.participants.length)
    }).pipe(
      // readFull links to a next page; the last page after it is empty.
      Effect.provide(
        sliceWire((_, index) => ({
          status: 200,
          body: index === 0 ? Slice.listResponses.readFull : Slice.listResponses.readEmpty
        }))
      )
    )
  )

  it.effect("read empty: the hold filter, no participants, one request", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const roster = yield* participants.list(CF, { hold: true }).pipe(Stream.runCollect)
      assert.deepStrictEqual((yield* lastSent)?.query, examplePairs(Slice.listQueries.readEmpty))
      assert.strictEqual(Chunk.size(roster), 0)
    }).pipe(Effect.provide(sliceWire(() => ({ status: 200, body: Slice.listResponses.readEmpty }))))
  )

  it.effect("read next: the documented next_page_uri is followed verbatim", () =>
    Effect.gen(function* () {
      const participants = yield* Participants
      const first = yield* participants.page(CF, { muted: true })
      assert.strictEqual(first.nextPageUri, Slice.listResponses.readNext.next_page_uri)
      yield* participants.nextPage(first)
      const request = yield* lastSent
      const next = new URL(`http://x${Slice.listResponses.readNext.next_page_uri}`)
      assert.strictEqual(request?.path, next.pathname)
      assert.deepStrictEqual(request?.query, [...next.searchParams])
    }).pipe(
      Effect.provide(
        sliceWire((_, index) => ({
          status: 200,
          body: index === 0 ? Slice.listResponses.readNext : Slice.listResponses.readPrevious
        }))
      )
    )
  )
})
