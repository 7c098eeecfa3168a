/**
 * The pipeline's metric updates. Each tagged metric is built once from a tagged key: tagging a
 * metric with `Metric.tagged` instead builds and hashes a new key on every update (bench:
 * `bench/breakdown.ts`, "counter update" rows). Updates of one moment share one read of the
 * fiber's metric labels, as `Metric.update` would do for each.
 */
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Metric from "effect/Metric"
import * as MetricKey from "effect/MetricKey"
import * as MetricLabel from "effect/MetricLabel"
import type { HttpError, HttpMethod } from "../TwilioError.js"
import * as keys from "./metricKeys.js"

/** How an attempt ended: its status class, or why there was no status. */
export type Outcome = "1xx" | "2xx" | "3xx" | "4xx" | "5xx" | "transport" | "interrupted"

/** The status class of an HTTP status. */
export const statusClass = (status: number): Outcome =>
  status >= 500 ? "5xx" : status >= 400 ? "4xx" : status >= 300 ? "3xx" : status >= 200 ? "2xx" : "1xx"

/** What the pipeline does with a metric: update it with a number. */
interface Updatable {
  readonly unsafeUpdate: (input: number, extraTags: ReadonlyArray<MetricLabel.MetricLabel>) => void
}

// Routes, methods, outcomes and reasons are few, so this map stays small.
const made = new Map<string, Updatable>()

/** The metric named `id`, made once. */
const once = (id: string, make: () => Updatable): Updatable => {
  const found = made.get(id)
  if (found !== undefined) return found
  const metric = make()
  made.set(id, metric)
  return metric
}

type Tags = ReadonlyArray<readonly [name: string, value: string]>

const labelsOf = (tags: Tags) => tags.map(([name, value]) => MetricLabel.make(name, value))
const idOf = (name: string, tags: Tags) =>
  `${name} ${tags.map(([key, value]) => `${key}=${value}`).join(" ")}`

/** The counter of `key` with `tags` (in this order), made once. */
const counter = (key: MetricKey.MetricKey.Counter<number>, tags: Tags): Updatable =>
  once(idOf(key.name, tags), () => Metric.fromMetricKey(MetricKey.taggedWithLabels(key, labelsOf(tags))))

/** The histogram of `key` with `tags` (in this order), made once. */
const histogram = (key: MetricKey.MetricKey.Histogram, tags: Tags): Updatable =>
  once(idOf(key.name, tags), () => Metric.fromMetricKey(MetricKey.taggedWithLabels(key, labelsOf(tags))))

/** Runs `updates` with the fiber's metric labels, read once. */
const update = (updates: (labels: ReadonlyArray<MetricLabel.MetricLabel>) => void) =>
  FiberRef.getWith(FiberRef.currentMetricLabels, (labels) => Effect.sync(() => updates(labels)))

const inFlight = Metric.fromMetricKey(keys.inFlight)
const slotWait = histogram(keys.waitDuration, [["kind", "slot"]])
const pacingWait = histogram(keys.waitDuration, [["kind", "pacing"]])

/** An attempt took a slot after waiting `waitedMillis` for it. */
export const started = (waitedMillis: number) =>
  update((labels) => {
    if (waitedMillis > 0) slotWait.unsafeUpdate(waitedMillis, labels)
    inFlight.unsafeModify(1, labels)
  })

/** An attempt gave its slot back: counted by outcome, its latency recorded. */
export const finished = (route: string, method: HttpMethod, outcome: Outcome, millis: number) =>
  update((labels) => {
    inFlight.unsafeModify(-1, labels)
    counter(keys.requests, [
      ["route", route],
      ["method", method],
      ["status_class", outcome]
    ]).unsafeUpdate(1, labels)
    histogram(keys.requestDuration, [
      ["route", route],
      ["method", method]
    ]).unsafeUpdate(millis, labels)
  })

/** An attempt waited `millis` for its pacing budget (recorded even when it did not wait). */
export const paced = (millis: number) => update((labels) => pacingWait.unsafeUpdate(millis, labels))

/** Counts a 429 from Twilio. */
export const rateLimited = (route: string) =>
  update((labels) => counter(keys.rateLimited, [["route", route]]).unsafeUpdate(1, labels))

/** Why a retry happened: the `reason` tag of `twilio_retries_total`. */
export type RetryReason = "rate_limited" | "server_error" | "transport" | "timeout" | "other"

/** Why a retry happened. */
export const retryReason = (error: HttpError): RetryReason =>
  error._tag === "RateLimited"
    ? "rate_limited"
    : error._tag === "ServerError"
      ? "server_error"
      : error._tag === "TransportError"
        ? error.reason === "Timeout"
          ? "timeout"
          : "transport"
        : "other"

/** Counts a retry. */
export const retry = (reason: RetryReason) =>
  update((labels) => counter(keys.retries, [["reason", reason]]).unsafeUpdate(1, labels))
