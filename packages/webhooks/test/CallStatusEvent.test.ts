import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, DateTime, Either, FastCheck, Schema } from "effect"
import { CallStatusEvent } from "../src/index.js"
import * as Forms from "./fixtures/callStatusForms.js"

const decode = Schema.decodeUnknownEither(CallStatusEvent.CallStatusEvent)
const encode = Schema.encodeEither(CallStatusEvent.CallStatusEvent)

describe("CallStatusEvent", () => {
  for (const [status, form] of Object.entries(Forms.forms)) {
    it(`${status}: decodes, and encodes back to exactly the same form`, () => {
      const event = Either.getOrThrow(decode(form))
      assert.strictEqual(event.callStatus, status)
      assert.strictEqual(event.callSid, Forms.callSid)
      assert.strictEqual(event.direction, "outbound-api")
      assert.strictEqual(event.sequenceNumber, Number(form.SequenceNumber))
      assert.strictEqual(DateTime.toEpochMillis(event.timestamp), Date.parse(form.Timestamp))
      assert.deepStrictEqual(Either.getOrThrow(encode(event)), form)
    })
  }

  it("numbers and optional fields are typed", () => {
    const completed = Either.getOrThrow(decode(Forms.forms.completed))
    assert.strictEqual(completed.callDuration, 414)
    assert.strictEqual(completed.duration, 7)
    assert.strictEqual(completed.sipResponseCode, 200)
    assert.strictEqual(Either.getOrThrow(decode(Forms.forms["in-progress"])).answeredBy, "human")
    assert.isUndefined(Either.getOrThrow(decode(Forms.forms.ringing)).callDuration)
    assert.strictEqual(CallStatusEvent.deliveryKey(completed), `${Forms.callSid}/3`)
  })

  it("a status Twilio adds later decodes and keeps its value", () => {
    const event = Either.getOrThrow(decode({ ...Forms.forms.ringing, CallStatus: "answering-machine" }))
    assert.strictEqual(event.callStatus, "answering-machine")
  })

  it("bad fields fail", () => {
    for (const [field, value] of [
      ["CallSid", "CA1"],
      ["AccountSid", ""],
      ["SequenceNumber", "x"],
      ["CallDuration", "-3"],
      ["Timestamp", "yesterday"]
    ] as const) {
      assert.isTrue(
        Either.isLeft(decode({ ...Forms.forms.completed, [field]: value })),
        `${field}=${value} decoded`
      )
    }
    const { CallStatus: _, ...withoutStatus } = Forms.forms.completed
    assert.isTrue(Either.isLeft(decode(withoutStatus)))
  })

  it("property: encode then decode gives the same event", () => {
    const seconds = FastCheck.integer({ min: 0, max: 253402300799 })
    FastCheck.assert(
      FastCheck.property(
        FastCheck.tuple(Arbitrary.make(CallStatusEvent.CallStatusEvent), seconds),
        ([event, s]) => {
          const normal = { ...event, timestamp: DateTime.unsafeMake(s * 1000) }
          assert.deepStrictEqual(Either.getOrThrow(decode(Either.getOrThrow(encode(normal)))), normal)
        }
      )
    )
  })
})
