import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, DateTime, Either, FastCheck, Schema } from "effect"
import * as fc from "fast-check"
import { ConferenceEvent } from "../src/index.js"
import * as Forms from "./fixtures/conferenceForms.js"

const decode = Schema.decodeUnknownEither(ConferenceEvent.ConferenceEvent)
const encode = Schema.encodeEither(ConferenceEvent.ConferenceEvent)

const decoded = (form: unknown): ConferenceEvent.ConferenceEvent => {
  const result = decode(form)
  if (Either.isLeft(result)) assert.fail(String(result.left))
  return result.right
}

describe("ConferenceEvent: every documented event from a realistic form", () => {
  it("the fixtures cover every documented event name", () => {
    assert.sameMembers(Object.keys(Forms.forms), [...ConferenceEvent.EVENT_NAMES])
  })

  for (const name of ConferenceEvent.EVENT_NAMES) {
    it(`${name}: decodes to its member, and encodes back to exactly the same form`, () => {
      const form = Forms.forms[name]
      const event = decoded(form)
      assert.strictEqual(event.statusCallbackEvent, name)
      assert.isTrue(ConferenceEvent.isKnown(event))
      if (!ConferenceEvent.isKnown(event)) return
      assert.strictEqual(event.conferenceSid, Forms.conferenceSid)
      assert.strictEqual(event.accountSid, Forms.accountSid)
      assert.strictEqual(event.friendlyName, "support-room 42")
      assert.strictEqual(event.sequenceNumber, Number(form.SequenceNumber))
      assert.strictEqual(DateTime.toEpochMillis(event.timestamp), Date.parse(form.Timestamp))
      assert.deepStrictEqual(Either.getOrThrow(encode(event)), form)
    })
  }

  it("participant fields are typed: booleans, the label only when given", () => {
    const join = decoded(Forms.forms["participant-join"])
    assert.strictEqual(join.statusCallbackEvent, "participant-join")
    if (join.statusCallbackEvent !== "participant-join") return
    assert.strictEqual(join.callSid, Forms.agentCall)
    assert.strictEqual(join.muted, false)
    assert.strictEqual(join.endConferenceOnExit, true)
    assert.strictEqual(join.participantLabel, "agent")
    const mute = decoded(Forms.forms["participant-mute"])
    if (mute.statusCallbackEvent !== "participant-mute") return assert.fail("not a mute")
    assert.strictEqual(mute.muted, true)
    assert.isFalse("participantLabel" in mute)
  })

  it("participant-leave carries the call's status and the reason; conference-end who ended it and why", () => {
    const leave = decoded(Forms.forms["participant-leave"])
    if (leave.statusCallbackEvent !== "participant-leave") return assert.fail("not a leave")
    assert.strictEqual(leave.participantCallStatus, "completed")
    assert.strictEqual(leave.reasonParticipantLeft, "participant_hung_up")
    const end = decoded(Forms.forms["conference-end"])
    if (end.statusCallbackEvent !== "conference-end") return assert.fail("not an end")
    assert.strictEqual(end.reasonConferenceEnded, "participant-with-end-conference-on-exit-left")
    assert.strictEqual(end.callSidEndingConference, Forms.agentCall)
    assert.strictEqual(end.participantLabelEndingConference, "agent")
  })

  it("an announcement to the whole conference has no participant; a failed one to a participant has", () => {
    const end = decoded(Forms.forms["announcement-end"])
    if (end.statusCallbackEvent !== "announcement-end") return assert.fail("not announcement-end")
    assert.isUndefined(end.callSid)
    assert.strictEqual(end.announceUrl, "https://example.com/announcements/closing.xml")
    const fail = decoded(Forms.forms["announcement-fail"])
    if (fail.statusCallbackEvent !== "announcement-fail") return assert.fail("not announcement-fail")
    assert.strictEqual(fail.callSid, Forms.customerCall)
    assert.strictEqual(fail.reasonAnnouncementFailed, "The announcement URL could not be fetched")
  })

  it("a one-digit day in Timestamp (as in Twilio's docs) and later values of open enums decode", () => {
    const event = decoded({
      ...Forms.forms["conference-end"],
      Timestamp: "Thu, 1 Jun 2017 20:48:32 +0000",
      ReasonConferenceEnded: "conference-ended-by-a-future-reason"
    })
    if (event.statusCallbackEvent !== "conference-end") return assert.fail("not an end")
    assert.strictEqual(DateTime.toEpochMillis(event.timestamp), Date.UTC(2017, 5, 1, 20, 48, 32))
    assert.strictEqual(event.reasonConferenceEnded, "conference-ended-by-a-future-reason")
  })

  it("fields Twilio adds later to a known event are ignored, not an error", () => {
    const event = decoded({ ...Forms.forms["participant-join"], SomethingNew: "x" })
    assert.strictEqual(event.statusCallbackEvent, "participant-join")
  })
})

describe("ConferenceEvent: unknown events", () => {
  it("an unknown event name keeps its raw name and every field, and encodes back unchanged", () => {
    const form = {
      ConferenceSid: Forms.conferenceSid,
      SequenceNumber: "14",
      StatusCallbackEvent: "conference-record-end",
      RecordingUrl: "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1",
      Duration: "6"
    }
    const event = decoded(form)
    assert.isFalse(ConferenceEvent.isKnown(event))
    if (ConferenceEvent.isKnown(event)) return
    assert.strictEqual(event.statusCallbackEvent, "unknown")
    assert.strictEqual(event.rawStatusCallbackEvent, "conference-record-end")
    assert.deepStrictEqual(event.fields, form)
    assert.strictEqual(ConferenceEvent.deliveryKey(event), `${Forms.conferenceSid}/14`)
    assert.deepStrictEqual(Either.getOrThrow(encode(event)), form)
  })

  it("a documented event with a bad field fails instead of passing as unknown", () => {
    for (const [field, value] of [
      ["ConferenceSid", "CF123"],
      ["CallSid", "not-a-call"],
      ["Muted", "yes"],
      ["SequenceNumber", "-1"],
      ["SequenceNumber", "1.5"],
      ["SequenceNumber", ""],
      ["Timestamp", "2026-11-28T16:00:00Z"]
    ] as const) {
      const result = decode({ ...Forms.forms["participant-mute"], [field]: value })
      assert.isTrue(Either.isLeft(result), `${field}=${value} decoded`)
    }
    const { CallSid: _, ...withoutCall } = Forms.forms["participant-join"]
    assert.isTrue(Either.isLeft(decode(withoutCall)))
  })

  it("UnknownConferenceEvent on its own refuses a documented event name", () => {
    const decodeUnknown = Schema.decodeUnknownEither(ConferenceEvent.UnknownConferenceEvent)
    assert.isTrue(Either.isLeft(decodeUnknown(Forms.forms["participant-join"])))
    assert.isTrue(
      Either.isRight(decodeUnknown({ ...Forms.forms["participant-join"], StatusCallbackEvent: "x-new" }))
    )
  })

  it("a form without StatusCallbackEvent, or with an empty one, fails", () => {
    const { StatusCallbackEvent: _, ...rest } = Forms.forms["conference-start"]
    assert.isTrue(Either.isLeft(decode(rest)))
    assert.isTrue(Either.isLeft(decode({ ...rest, StatusCallbackEvent: "" })))
    assert.isTrue(Either.isLeft(decode({ ...rest, StatusCallbackEvent: ["conference-start", "x"] })))
  })
})

describe("ConferenceEvent: properties", () => {
  // Timestamps as Twilio writes them: whole seconds, four-digit years.
  // Schema arbitraries are built on the fast-check that effect bundles.
  const seconds = FastCheck.integer({ min: 0, max: 253402300799 })
  const events = FastCheck.tuple(Arbitrary.make(ConferenceEvent.ConferenceEvent), seconds).map(
    ([event, s]): ConferenceEvent.ConferenceEvent =>
      ConferenceEvent.isKnown(event)
        ? { ...event, timestamp: DateTime.unsafeMake(s * 1000) }
        : { ...event, fields: { ...event.fields, StatusCallbackEvent: event.rawStatusCallbackEvent } }
  )

  it("encode then decode gives the same event, for any event", () => {
    FastCheck.assert(
      FastCheck.property(events, (event) => {
        const form = Either.getOrThrow(encode(event))
        assert.deepStrictEqual(Either.getOrThrow(decode(form)), event)
      })
    )
  })

  it("any record of strings decodes to an event or a parse error, never a throw", () => {
    const name = fc.oneof(fc.constantFrom(...ConferenceEvent.EVENT_NAMES), fc.string())
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), name, (extra, event) => {
        const result = decode({ ...Forms.forms["participant-join"], ...extra, StatusCallbackEvent: event })
        return Either.isEither(result)
      })
    )
  })
})

describe("ConferenceEvent: types", () => {
  it("a switch over the documented names narrows each member and leaves unknown events to default", () => {
    const describeEvent = (event: ConferenceEvent.ConferenceEvent): string => {
      switch (event.statusCallbackEvent) {
        case "participant-leave":
          return `${event.callSid} left: ${event.reasonParticipantLeft}`
        case "conference-end":
          return `ended: ${event.reasonConferenceEnded}`
        case "participant-join":
          return `${event.participantLabel ?? event.callSid} joined`
        case "unknown":
          return `unknown ${event.rawStatusCallbackEvent}`
        default:
          return event.statusCallbackEvent
      }
    }
    assert.strictEqual(describeEvent(decoded(Forms.forms["participant-join"])), "agent joined")
    assert.strictEqual(
      describeEvent(decoded(Forms.forms["participant-leave"])),
      `${Forms.customerCall} left: participant_hung_up`
    )
    assert.strictEqual(describeEvent(decoded({ StatusCallbackEvent: "x-new" })), "unknown x-new")
  })
})
