/**
 * The SDK's metrics, named once for every package (`effect/Metric`, so any exporter the application
 * installs, such as `@effect/opentelemetry`, sees them). Tags hold routes with placeholders, methods,
 * status classes and reasons: never a SID, a label, a phone number or a secret.
 */
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"

/** Requests answered or failed, one per attempt; tags `route`, `method`, `status_class` (`2xx` … `5xx`, `transport`, `timeout`). */
export const requests = Metric.counter("twilio_requests_total", {
  description: "Twilio REST attempts, by route, method and status class",
  incremental: true
})

/** Retries the policy made; tag `reason` (`rate_limited`, `server_error`, `transport`, `timeout`). */
export const retries = Metric.counter("twilio_retries_total", {
  description: "Twilio REST attempts repeated by the retry policy, by reason",
  incremental: true
})

/** 429 answers seen (before retries), so a pacing budget can be tuned; tag `route`. */
export const rateLimited = Metric.counter("twilio_rate_limited_total", {
  description: "HTTP 429 answers from Twilio, before retries",
  incremental: true
})

/** Time from sending an attempt to its whole answer, in milliseconds; tags `route`, `method`. */
export const requestDuration = Metric.histogram(
  "twilio_request_duration_ms",
  MetricBoundaries.exponential({ start: 5, factor: 2, count: 14 }),
  "Twilio REST attempt latency in milliseconds"
)

/** Attempts on the wire right now (holding a slot). */
export const inFlight = Metric.gauge("twilio_requests_in_flight", {
  description: "Twilio REST attempts holding a slot"
})

/** Time spent waiting before an attempt could start, in milliseconds; tag `kind` (`slot`, `pacing`). */
export const waitDuration = Metric.histogram(
  "twilio_wait_duration_ms",
  MetricBoundaries.exponential({ start: 1, factor: 2, count: 18 }),
  "Time Twilio requests waited for a slot or for pacing, in milliseconds"
)
