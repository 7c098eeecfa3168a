/** The observability example: what an OpenTelemetry collector receives from a short session. */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { observe } from "../observability.js"

describe("observability example", () => {
  it.live("one span per operation, annotated; a retry as an event; the twilio_* metrics", () =>
    Effect.gen(function* () {
      const { spans, metrics } = yield* observe
      assert.deepStrictEqual(
        spans.map((span) => span.name),
        ["Participants.create", "Participants.update", "Participants.list", "Participants.remove"]
      )
      const update = spans[1]
      assert.strictEqual(update?.attributes["twilio.attempts"], 2)
      assert.strictEqual(update?.attributes["http.response.status_code"], 200)
      assert.match(String(update?.attributes["twilio.request_id"]), /^RQ/)
      assert.deepStrictEqual(update?.events, ["twilio.retry"])
      for (const span of spans) {
        for (const value of Object.values(span.attributes)) assert.notInclude(String(value), "Basic ")
      }
      const names = metrics.map((metric) => metric.name)
      for (const name of ["twilio_requests_total", "twilio_request_duration_ms", "twilio_retries_total"]) {
        assert.include(names, name)
      }
    })
  )
})
