/** The keys of the SDK's metrics: `TwilioMetrics` exposes them as metrics, the pipeline tags them. */
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricKey from "effect/MetricKey"

export const requests = MetricKey.counter("twilio_requests_total", {
  description: "Twilio REST attempts, by route, method and status class",
  incremental: true
})

export const retries = MetricKey.counter("twilio_retries_total", {
  description: "Twilio REST attempts repeated by the retry policy, by reason",
  incremental: true
})

export const rateLimited = MetricKey.counter("twilio_rate_limited_total", {
  description: "HTTP 429 answers from Twilio, before retries",
  incremental: true
})

export const requestDuration = MetricKey.histogram(
  "twilio_request_duration_ms",
  MetricBoundaries.exponential({ start: 5, factor: 2, count: 14 }),
  "Twilio REST attempt latency in milliseconds"
)

export const inFlight = MetricKey.gauge("twilio_requests_in_flight", {
  description: "Twilio REST attempts holding a slot"
})

export const waitDuration = MetricKey.histogram(
  "twilio_wait_duration_ms",
  MetricBoundaries.exponential({ start: 1, factor: 2, count: 18 }),
  "Time Twilio requests waited for a slot or for pacing, in milliseconds"
)
