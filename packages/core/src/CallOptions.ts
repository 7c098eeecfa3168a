/**
 * Timeout and retry for the Twilio requests an effect makes: per call (the last argument of every
 * operation) or scoped around a whole block (`withCallOptions`). The innermost setting wins, field
 * by field; what is not set falls back to `TwilioConfig`.
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Stream from "effect/Stream"
import * as RetryPolicy from "./RetryPolicy.js"
import { InvalidParameters } from "./TwilioError.js"

/** What a caller may set for the requests of one call or one block. */
export interface CallOptions {
  /** Per attempt, replacing `TwilioConfig`'s timeout. */
  readonly timeout?: Duration.DurationInput
  /** `false`, options for the default policy, or a `Schedule`, replacing `TwilioConfig`'s. */
  readonly retry?: RetryPolicy.Setting
}

/** Options that passed `check`: a decoded timeout and a checked retry setting. */
export interface Checked {
  readonly timeout?: Duration.Duration
  readonly retry?: RetryPolicy.Setting
}

/** The options in force for the requests of the current fiber (none by default). */
export class Current extends Context.Reference<Current>()("@effect-twilio/core/CallOptions/Current", {
  defaultValue: (): Checked => ({})
}) {}

/**
 * Checks options that may come from untyped code: absent, or an object whose `timeout` is a positive
 * duration and whose `retry` is a valid setting. The message names the field.
 */
export const check = (options: unknown): Either.Either<Checked, string> => {
  if (options === undefined) return Either.right({})
  let timeout: Duration.Duration | undefined
  let retry: RetryPolicy.Setting | undefined
  try {
    // Untyped callers can hand over getters that throw or revoked proxies (even `Array.isArray`
    // throws on one): that is bad input, not a defect.
    if (!Predicate.isRecord(options))
      return Either.left("options must be an object such as { timeout, retry }")
    if (options.timeout !== undefined) {
      const decoded = Duration.decodeUnknown(options.timeout)
      if (Option.isNone(decoded) || !Duration.greaterThan(decoded.value, Duration.zero)) {
        return Either.left('options.timeout must be a positive duration such as "10 seconds"')
      }
      timeout = decoded.value
    }
    if (options.retry !== undefined) {
      const checked = RetryPolicy.check(options.retry)
      if (Either.isLeft(checked)) return Either.left(`options.${checked.left}`)
      retry = checked.right
    }
  } catch {
    return Either.left("options could not be read")
  }
  return Either.right({
    ...(timeout === undefined ? {} : { timeout }),
    ...(retry === undefined ? {} : { retry })
  })
}

/** `check`, failing with `InvalidParameters` that names the operation. */
export const checkFor = (operation: string, options: unknown): Either.Either<Checked, InvalidParameters> =>
  Either.mapLeft(
    check(options),
    (message) => new InvalidParameters({ operation, message: `${operation}: ${message}` })
  )

const isEmpty = (options: Checked) => options.timeout === undefined && options.retry === undefined

/** Runs `self` with checked options laid over those already in force. */
export const provide: {
  (options: Checked): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, options: Checked): Effect.Effect<A, E, R>
} = dual(2, <A, E, R>(self: Effect.Effect<A, E, R>, options: Checked) =>
  isEmpty(options)
    ? self
    : Effect.flatMap(Current, (current) => Effect.provideService(self, Current, { ...current, ...options }))
)

/** Runs a stream with checked options laid over those already in force. */
export const provideStream: {
  (options: Checked): <A, E, R>(self: Stream.Stream<A, E, R>) => Stream.Stream<A, E, R>
  <A, E, R>(self: Stream.Stream<A, E, R>, options: Checked): Stream.Stream<A, E, R>
} = dual(2, <A, E, R>(self: Stream.Stream<A, E, R>, options: Checked) =>
  isEmpty(options)
    ? self
    : Stream.unwrap(
        Effect.map(Current, (current) => Stream.provideService(self, Current, { ...current, ...options }))
      )
)

/**
 * Sets the timeout and retry of every Twilio request made inside `self`:
 * `program.pipe(CallOptions.withCallOptions({ timeout: "5 seconds", retry: false }))`.
 * Options that do not check fail with `InvalidParameters` before anything runs.
 */
export const withCallOptions: {
  (
    options: CallOptions
  ): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | InvalidParameters, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, options: CallOptions): Effect.Effect<A, E | InvalidParameters, R>
} = dual(2, <A, E, R>(self: Effect.Effect<A, E, R>, options: CallOptions) =>
  Either.match(checkFor("withCallOptions", options), {
    onLeft: (error) => Effect.fail(error),
    onRight: (checked) => provide(self, checked)
  })
)

/** `withCallOptions` for a stream: every page request of a list, say. */
export const withCallOptionsStream: {
  (
    options: CallOptions
  ): <A, E, R>(self: Stream.Stream<A, E, R>) => Stream.Stream<A, E | InvalidParameters, R>
  <A, E, R>(self: Stream.Stream<A, E, R>, options: CallOptions): Stream.Stream<A, E | InvalidParameters, R>
} = dual(2, <A, E, R>(self: Stream.Stream<A, E, R>, options: CallOptions) =>
  Either.match(checkFor("withCallOptions", options), {
    onLeft: (error) => Stream.fail(error),
    onRight: (checked) => provideStream(self, checked)
  })
)
