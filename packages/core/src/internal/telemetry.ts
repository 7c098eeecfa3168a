/** The pipeline's metric updates, with the tagged metrics made once per route, method and outcome. */
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import type { HttpError, HttpMethod } from "../TwilioError.js"
import * as TwilioMetrics from "../TwilioMetrics.js"

/** How an attempt ended: its status class, or why there was no status. */
export type Outcome = "1xx" | "2xx" | "3xx" | "4xx" | "5xx" | "transport" | "interrupted"

/** The status class of an HTTP status. */
export const statusClass = (status: number): Outcome =>
  status >= 500 ? "5xx" : status >= 400 ? "4xx" : status >= 300 ? "3xx" : status >= 200 ? "2xx" : "1xx"

// Routes, methods and outcomes are few, so these maps stay small; a tagged metric is built once.
const requestCounters = new Map<string, Metric.Metric.Counter<number>>()
const durations = new Map<string, Metric.Metric.Histogram<number>>()
const limited = new Map<string, Metric.Metric.Counter<number>>()
const retryCounters = new Map<string, Metric.Metric.Counter<number>>()

const once = <M>(cache: Map<string, M>, key: string, make: () => M): M => {
  const found = cache.get(key)
  if (found !== undefined) return found
  const made = make()
  cache.set(key, made)
  return made
}

/** Counts an attempt and its latency. */
export const attempt = (route: string, method: HttpMethod, outcome: Outcome, millis: number) =>
  Effect.zipRight(
    Metric.increment(
      once(requestCounters, `${method} ${route} ${outcome}`, () =>
        TwilioMetrics.requests.pipe(
          Metric.tagged("route", route),
          Metric.tagged("method", method),
          Metric.tagged("status_class", outcome)
        )
      )
    ),
    Metric.update(
      once(durations, `${method} ${route}`, () =>
        TwilioMetrics.requestDuration.pipe(Metric.tagged("route", route), Metric.tagged("method", method))
      ),
      millis
    )
  )

/** Counts a 429 from Twilio. */
export const rateLimited = (route: string) =>
  Metric.increment(once(limited, route, () => TwilioMetrics.rateLimited.pipe(Metric.tagged("route", route))))

/** Why a retry happened. */
export const retryReason = (error: HttpError): string =>
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
export const retry = (reason: string) =>
  Metric.increment(
    once(retryCounters, reason, () => TwilioMetrics.retries.pipe(Metric.tagged("reason", reason)))
  )

const slotWait = TwilioMetrics.waitDuration.pipe(Metric.tagged("kind", "slot"))

/** Records the wait for a slot, when there was one. */
export const waitedForSlot = (millis: number) => (millis > 0 ? Metric.update(slotWait, millis) : Effect.void)

/** One more (or one fewer) attempt holding a slot. */
export const inFlight = (delta: 1 | -1) => Metric.incrementBy(TwilioMetrics.inFlight, delta)
