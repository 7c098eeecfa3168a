/**
 * The SDK's metrics, named once for every package (`effect/Metric`, so any exporter the application
 * installs, such as `@effect/opentelemetry`, sees them). Tags hold routes with placeholders, methods,
 * status classes and reasons: never a SID, a label, a phone number or a secret.
 */
import * as Metric from "effect/Metric"
import * as keys from "./internal/metricKeys.js"

/** Requests answered or failed, one per attempt; tags `route`, `method`, `status_class` (`2xx` … `5xx`, `transport`, `interrupted`). */
export const requests = Metric.fromMetricKey(keys.requests)

/** Retries the policy made; tag `reason` (`rate_limited`, `server_error`, `transport`, `timeout`). */
export const retries = Metric.fromMetricKey(keys.retries)

/** 429 answers seen (before retries), so a pacing budget can be tuned; tag `route`. */
export const rateLimited = Metric.fromMetricKey(keys.rateLimited)

/** Time from sending an attempt to its whole answer, in milliseconds; tags `route`, `method`. */
export const requestDuration = Metric.fromMetricKey(keys.requestDuration)

/** Attempts on the wire right now (holding a slot). */
export const inFlight = Metric.fromMetricKey(keys.inFlight)

/** Time spent waiting before an attempt could start, in milliseconds; tag `kind` (`slot`, `pacing`). */
export const waitDuration = Metric.fromMetricKey(keys.waitDuration)
