/**
 * The simulator's status callbacks: what it sends, to whom, in which order, signed how, and what
 * happens when the endpoint is down, slow or failing. Real HTTP on loopback where the wire matters;
 * the in-process log (and `TestClock`) elsewhere.
 */
import { assert, describe, it } from "@effect/vitest"
import { FakeTwilio } from "@effect-twilio/testing"
import { CallStatusEvent, ConferenceEvent, TwilioSignature, Webhook } from "@effect-twilio/webhooks"
import { Effect, Schema, TestClock } from "effect"
import { deadUrl, type Received, receiver } from "./support/receiver.js"
import { createRaw, participantPath, send, stringField, updateRaw } from "./support/wire.js"

const instant = { queued: 0, connecting: 0, ringing: 0 }

/** Verifies a received request with the account's token and decodes it with `schema`. */
const openWith =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (origin: string, token: string, received: Received) =>
    Effect.gen(function* () {
      const url = origin + received.path
      const params = Webhook.readForm(received.body)
      yield* TwilioSignature.verify({ authToken: token, url, params, signature: received.signature })
      return yield* Schema.decodeUnknown(schema)(params)
    })
const openConference = openWith(ConferenceEvent.ConferenceEvent)
const openCall = openWith(CallStatusEvent.CallStatusEvent)

describe("FakeTwilio status callbacks over real HTTP", () => {
  it.scopedLive(
    "a whole conference: signed, decodable, in order, to the first participant's URL only",
    () =>
      Effect.gen(function* () {
        const endpoint = yield* receiver()
        const layer = FakeTwilio.layerWith({ timing: instant })
        yield* Effect.gen(function* () {
          const fake = yield* FakeTwilio
          const first = yield* createRaw("standup", [
            ["Label", "host"],
            ["ConferenceStatusCallback", `${endpoint.origin}/conference?tenant=7`],
            ["ConferenceStatusCallbackEvent", "start end join leave"],
            ["ConferenceStatusCallbackEvent", "mute hold modify announcement"],
            ["StatusCallback", `${endpoint.origin}/call`],
            ["StatusCallbackEvent", "initiated ringing answered completed"]
          ])
          assert.strictEqual(first.status, 201)
          const conferenceSid = stringField(first, "conference_sid")
          // initiated, ringing, answered; conference-start; join
          yield* fake.awaitDeliveries(5)
          const second = yield* createRaw("standup", [
            ["Label", "guest"],
            ["ConferenceStatusCallback", `${endpoint.origin}/ignored`],
            ["ConferenceStatusCallbackEvent", "join leave mute"],
            ["ConferenceStatusCallbackMethod", "GET"]
          ])
          assert.strictEqual(second.status, 201)
          yield* fake.awaitDeliveries(6)
          yield* updateRaw(conferenceSid, "guest", [["Muted", "true"]])
          yield* updateRaw(conferenceSid, "guest", [["Muted", "true"]]) // no change, no event
          yield* updateRaw(conferenceSid, "guest", [["Hold", "true"]])
          yield* updateRaw(conferenceSid, "guest", [["Hold", "false"]])
          yield* updateRaw(conferenceSid, "guest", [
            ["Coaching", "true"],
            ["CallSidToCoach", stringField(first, "call_sid")]
          ])
          yield* send("POST", `/2010-04-01/Accounts/${fake.accountSid}/Conferences/${conferenceSid}.json`, {
            form: [["AnnounceUrl", "https://example.com/hello.mp3"]]
          })
          yield* fake.leave(conferenceSid, "guest")
          const removed = yield* Effect.flatMap(participantPath(conferenceSid, "host"), (path) =>
            send("DELETE", path)
          )
          assert.strictEqual(removed.status, 204)
          const all = yield* fake.awaitDeliveries(15)
          assert.strictEqual(all.length, 15)
          assert.isTrue(all.every((d) => d.outcome === "delivered" && d.attempts === 1 && d.status === 204))

          const conferencePosts = endpoint.received.filter((r) => r.path.startsWith("/conference"))
          assert.isFalse(endpoint.received.some((r) => r.path.startsWith("/ignored")))
          const events = []
          for (const r of conferencePosts) {
            assert.strictEqual(r.method, "POST")
            assert.strictEqual(r.contentType, "application/x-www-form-urlencoded")
            events.push(yield* openConference(endpoint.origin, fake.authToken, r))
          }
          assert.deepStrictEqual(
            events.map((e) => e.statusCallbackEvent),
            [
              "conference-start",
              "participant-join",
              "participant-join",
              "participant-mute",
              "participant-hold",
              "participant-unhold",
              "participant-modify",
              "announcement-end",
              "participant-leave",
              "participant-leave",
              "conference-end"
            ]
          )
          const sequence = events.flatMap((e) => (ConferenceEvent.isKnown(e) ? [e.sequenceNumber] : []))
          assert.deepStrictEqual(sequence, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
          const guestLeft = events[8]
          assert.strictEqual(guestLeft?.statusCallbackEvent, "participant-leave")
          if (guestLeft?.statusCallbackEvent === "participant-leave") {
            assert.strictEqual(guestLeft.participantLabel, "guest")
            assert.strictEqual(guestLeft.reasonParticipantLeft, "participant_hung_up")
            assert.strictEqual(guestLeft.participantCallStatus, "completed")
            assert.isTrue(guestLeft.muted)
            assert.isTrue(guestLeft.coaching)
          }
          const hostLeft = events[9]
          if (hostLeft?.statusCallbackEvent === "participant-leave")
            assert.strictEqual(hostLeft.reasonParticipantLeft, "participant_updated_via_api")
          const end = events[10]
          assert.strictEqual(end?.statusCallbackEvent, "conference-end")
          if (end?.statusCallbackEvent === "conference-end") {
            assert.strictEqual(end.reasonConferenceEnded, "last-participant-kicked")
            assert.strictEqual(end.callSidEndingConference, stringField(first, "call_sid"))
            assert.strictEqual(end.participantLabelEndingConference, "host")
            assert.strictEqual(end.conferenceSid, conferenceSid)
            assert.strictEqual(end.friendlyName, "standup")
          }

          const calls = []
          for (const r of endpoint.received.filter((r) => r.path === "/call")) {
            calls.push(yield* openCall(endpoint.origin, fake.authToken, r))
          }
          assert.deepStrictEqual(
            calls.map((c) => [c.callStatus, c.sequenceNumber]),
            [
              ["initiated", 1],
              ["ringing", 2],
              ["in-progress", 3],
              ["completed", 4]
            ]
          )
          assert.isTrue(calls.every((c) => c.callSid === stringField(first, "call_sid")))
          assert.strictEqual(calls[3]?.direction, "outbound-api")
        }).pipe(Effect.provide(layer))
      }),
    30_000
  )

  it.scopedLive("GET callbacks carry the form in the signed query", () =>
    Effect.gen(function* () {
      const endpoint = yield* receiver()
      yield* Effect.gen(function* () {
        const fake = yield* FakeTwilio
        yield* createRaw("get", [
          ["ConferenceStatusCallback", `${endpoint.origin}/hook`],
          ["ConferenceStatusCallbackMethod", "GET"]
        ])
        const [delivery] = yield* fake.awaitDeliveries(1)
        assert.strictEqual(delivery?.request.method, "GET")
        const [r] = endpoint.received
        assert.strictEqual(r?.method, "GET")
        if (r === undefined) return
        const event = yield* Webhook.parse(ConferenceEvent.ConferenceEvent)({
          authToken: fake.authToken,
          url: endpoint.origin + r.path,
          signature: r.signature,
          body: "",
          method: "GET"
        })
        assert.strictEqual(event.statusCallbackEvent, "conference-start")
      }).pipe(Effect.provide(FakeTwilio.layerWith({ timing: instant })))
    })
  )

  it.scopedLive("a refused connection is retried once; a 5xx is not, unless configured", () =>
    Effect.gen(function* () {
      const dead = yield* deadUrl
      const failing = yield* receiver((_, path) => (path === "/flaky" ? 503 : 400))
      const run = (url: string, retryServerErrors: number) =>
        Effect.gen(function* () {
          const fake = yield* FakeTwilio
          yield* createRaw("retries", [["ConferenceStatusCallback", url]])
          const [delivery] = yield* fake.awaitDeliveries(1)
          return delivery
        }).pipe(Effect.provide(FakeTwilio.layerWith({ timing: instant, webhooks: { retryServerErrors } })))

      const refused = yield* run(dead, 0)
      assert.deepStrictEqual([refused?.outcome, refused?.attempts, refused?.status], ["failed", 2, undefined])
      const once = yield* run(`${failing.origin}/flaky`, 0)
      assert.deepStrictEqual([once?.outcome, once?.attempts, once?.status], ["failed", 1, 503])
      const thrice = yield* run(`${failing.origin}/flaky`, 2)
      assert.deepStrictEqual([thrice?.outcome, thrice?.attempts, thrice?.status], ["failed", 3, 503])
      const rejected = yield* run(`${failing.origin}/other`, 2)
      assert.deepStrictEqual([rejected?.outcome, rejected?.attempts, rejected?.status], ["delivered", 1, 400])
      assert.strictEqual(failing.received.filter((r) => r.path === "/flaky").length, 4)
    })
  )

  it.scopedLive("a silent endpoint times out; the queue is bounded; the REST answer never waits", () =>
    Effect.gen(function* () {
      const endpoint = yield* receiver(() => "hang")
      yield* Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const created = yield* createRaw("slow", [
          ["ConferenceStatusCallback", `${endpoint.origin}/hook`],
          ["ConferenceStatusCallbackEvent", "start join mute"]
        ])
        assert.strictEqual(created.status, 201)
        const conferenceSid = stringField(created, "conference_sid")
        // Once joined, start is in flight and join waits in the queue of one: the mutes find it full.
        yield* Effect.sleep("50 millis")
        for (const muted of ["true", "false", "true"]) {
          const answer = yield* updateRaw(conferenceSid, stringField(created, "call_sid"), [["Muted", muted]])
          assert.strictEqual(answer.status, 200)
        }
        const all = yield* fake.awaitDeliveries(5)
        const outcomes = all.map((d) => d.outcome)
        assert.isTrue(outcomes.includes("dropped"))
        const timedOut = all.filter((d) => d.outcome === "failed")
        assert.isAbove(timedOut.length, 0)
        assert.match(timedOut[0]?.error ?? "", /no answer within/)
      }).pipe(
        Effect.provide(
          FakeTwilio.layerWith({ timing: instant, webhooks: { timeout: "200 millis", queueSize: 1 } })
        )
      )
    })
  )
})

describe("FakeTwilio status callbacks in process", () => {
  const hook = "https://hooks.example.com/conference"

  it.scoped("calls join when they connect on the clock; other URLs are recorded, never sent", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const created = yield* createRaw("clock", [
        ["ConferenceStatusCallback", hook],
        ["ConferenceStatusCallbackEvent", "start join leave end"]
      ])
      const conferenceSid = stringField(created, "conference_sid")
      yield* TestClock.adjust("3 seconds")
      assert.strictEqual((yield* fake.deliveries).length, 0)
      yield* TestClock.adjust("1 second")
      const joined = yield* fake.awaitDeliveries(2)
      assert.deepStrictEqual(
        joined.map((d) => [
          d.outcome,
          d.kind === "conference" ? d.event.statusCallbackEvent : d.kind,
          d.attempts
        ]),
        [
          ["recorded", "conference-start", 0],
          ["recorded", "participant-join", 0]
        ]
      )
      yield* fake.endConference(conferenceSid)
      const all = yield* fake.awaitDeliveries(4)
      const leave = all[2]
      assert.strictEqual(leave?.kind, "conference")
      if (leave?.kind === "conference" && leave.event.statusCallbackEvent === "participant-leave")
        assert.strictEqual(leave.event.reasonParticipantLeft, "conference_ended_via_api")
      const end = all[3]
      if (end?.kind === "conference" && end.event.statusCallbackEvent === "conference-end") {
        assert.strictEqual(end.event.reasonConferenceEnded, "conference-ended-via-api")
        assert.isUndefined(end.event.callSidEndingConference)
      } else assert.fail("expected conference-end")
    }).pipe(Effect.provide(FakeTwilio.layer))
  )

  it.scoped("a participant removed before answering is canceled, never joined", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const created = yield* createRaw("cancel", [
        ["ConferenceStatusCallback", hook],
        ["ConferenceStatusCallbackEvent", "join leave"],
        ["StatusCallback", "https://hooks.example.com/call"]
      ])
      const path = yield* participantPath(
        stringField(created, "conference_sid"),
        stringField(created, "call_sid")
      )
      yield* send("DELETE", path)
      yield* TestClock.adjust("10 seconds")
      const all = yield* fake.awaitDeliveries(1)
      assert.deepStrictEqual(
        all.map((d) => (d.kind === "call" ? d.event.callStatus : d.event.statusCallbackEvent)),
        ["canceled"]
      )
    }).pipe(Effect.provide(FakeTwilio.layer))
  )

  it.scoped("a first participant without callbacks decides for the conference: later ones are ignored", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      yield* createRaw("quiet")
      yield* createRaw("quiet", [["ConferenceStatusCallback", hook]])
      yield* TestClock.adjust("10 seconds")
      assert.deepStrictEqual(yield* fake.deliveries, [])
    }).pipe(Effect.provide(FakeTwilio.layer))
  )

  it.scoped("seeded participants of a conference with callbacks join too; the log is bounded", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const created = yield* createRaw("seeded", [
        ["ConferenceStatusCallback", hook],
        ["ConferenceStatusCallbackEvent", "join"]
      ])
      yield* fake.seedParticipants(stringField(created, "conference_sid"), 5)
      const all = yield* fake.awaitDeliveries(5)
      assert.strictEqual(all.length, 3)
      assert.deepStrictEqual(
        all.map((d) =>
          d.kind === "conference" && ConferenceEvent.isKnown(d.event) ? d.event.sequenceNumber : 0
        ),
        [3, 4, 5]
      )
    }).pipe(Effect.provide(FakeTwilio.layerWith({ webhooks: { logSize: 3 } })))
  )
})
