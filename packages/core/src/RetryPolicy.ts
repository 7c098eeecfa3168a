/**
 * When a failed request is sent again, and how long to wait first.
 *
 * Two questions are kept apart: whether a repeat is safe (decided by the SDK from the request,
 * never by the user's schedule) and when to repeat (a `Schedule` the user may replace).
 */
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schedule from "effect/Schedule"
import type { HttpError } from "./TwilioError.js"

/** Tuning for the default policy. */
export interface Options {
  /** Retries after the first attempt (default 3). */
  readonly maxRetries?: number
  /** First backoff wait, doubled each retry, with jitter (default 500 ms). */
  readonly baseDelay?: Duration.DurationInput
  /** Cap on a single backoff wait (default 10 s). */
  readonly maxDelay?: Duration.DurationInput
  /** A `Retry-After` longer than this is not waited for: the `RateLimited` error is reported (default 60 s). */
  readonly maxRetryAfter?: Duration.DurationInput
}

/** What `TwilioConfig` accepts: `false` to never retry, options for the default policy, or your own schedule. */
export type Setting = false | Options | Schedule.Schedule<unknown, HttpError>

/** The defaults of the built-in policy. */
export const defaults: Required<{ readonly [K in keyof Options]: Exclude<Options[K], undefined> }> = {
  maxRetries: 3,
  baseDelay: Duration.millis(500),
  maxDelay: Duration.seconds(10),
  maxRetryAfter: Duration.seconds(60)
}

/** The delay Twilio asked for, when the error is a 429 with a `Retry-After` header. */
export const retryAfter = (error: HttpError): Option.Option<Duration.Duration> =>
  error._tag === "RateLimited" ? error.retryAfter : Option.none()

/**
 * The built-in schedule: exponential backoff with jitter and a cap, replaced by Twilio's
 * `Retry-After` when a 429 carries one; gives up on a `Retry-After` longer than `maxRetryAfter`.
 */
export const schedule = (options: Options = {}): Schedule.Schedule<unknown, HttpError> => {
  const maxRetries = options.maxRetries ?? defaults.maxRetries
  const maxDelay = Duration.decode(options.maxDelay ?? defaults.maxDelay)
  const maxRetryAfter = Duration.decode(options.maxRetryAfter ?? defaults.maxRetryAfter)
  const backoff = Schedule.exponential(options.baseDelay ?? defaults.baseDelay, 2).pipe(
    Schedule.jittered,
    Schedule.modifyDelay((_, delay) => Duration.min(delay, maxDelay))
  )
  return Schedule.recurs(maxRetries).pipe(
    Schedule.intersect(backoff),
    Schedule.intersect(Schedule.identity<HttpError>()),
    Schedule.whileInput((error: HttpError) =>
      Option.match(retryAfter(error), {
        onNone: () => true,
        onSome: (wait) => Duration.lessThanOrEqualTo(wait, maxRetryAfter)
      })
    ),
    Schedule.modifyDelay(([, error], delay) => Option.getOrElse(retryAfter(error), () => delay))
  )
}

// A schedule's input and error types cannot be checked at run time; any schedule is taken as one over errors.
const isSchedule = (value: unknown): value is Schedule.Schedule<unknown, HttpError> =>
  Schedule.isSchedule(value)

const DURATION_OPTIONS = ["baseDelay", "maxDelay", "maxRetryAfter"] as const

/**
 * Checks a retry setting that may come from untyped code: `false`, a `Schedule`, or options whose
 * `maxRetries` is a whole number from 0 to 100 and whose delays are durations. The error says which field.
 */
export const check = (setting: unknown): Either.Either<Setting, string> => {
  if (setting === false) return Either.right(false)
  if (isSchedule(setting)) return Either.right(setting)
  const fields = setting
  if (!Predicate.isRecord(fields)) {
    return Either.left("retry must be false, retry options or a Schedule")
  }
  const maxRetries = fields.maxRetries
  if (
    maxRetries !== undefined &&
    !(typeof maxRetries === "number" && Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 100)
  ) {
    return Either.left("retry.maxRetries must be a whole number from 0 to 100")
  }
  const options: { -readonly [K in keyof Options]: Options[K] } =
    maxRetries === undefined ? {} : { maxRetries }
  for (const key of DURATION_OPTIONS) {
    const value = fields[key]
    if (value === undefined) continue
    const duration = Duration.decodeUnknown(value)
    if (Option.isNone(duration) || !Duration.isFinite(duration.value)) {
      return Either.left(`retry.${key} must be a finite duration such as "500 millis"`)
    }
    options[key] = duration.value
  }
  return Either.right(options)
}

/** Turns a `Setting` into the schedule to use, or none when retries are off. */
export const resolve = (
  setting: Setting | undefined
): Option.Option<Schedule.Schedule<unknown, HttpError>> => {
  if (setting === false) return Option.none()
  if (setting === undefined) return Option.some(schedule())
  return Schedule.isSchedule(setting) ? Option.some(setting) : Option.some(schedule(setting))
}

/**
 * Whether an error may be retried at all. A 429 was not processed by Twilio, and a connection that
 * was refused (or failed DNS or TLS) carried nothing, so both are always safe; a 5xx or a lost
 * connection may have been processed, so only repeatable requests retry.
 */
export const isRetryable = (error: HttpError, repeatable: boolean): boolean => {
  switch (error._tag) {
    case "RateLimited":
      return true
    case "TransportError":
      return repeatable || error.unsent === true
    case "ServerError":
      return repeatable
    default:
      return false
  }
}
