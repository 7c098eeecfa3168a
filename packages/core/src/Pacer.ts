/**
 * The hook the request pipeline paces through. It is light on purpose (no `@effect/experimental`,
 * no `ioredis`): the pipeline reads `Current` once when the client is built, and it is empty unless
 * a pacing layer (`@effect-twilio/core/Pacing` or `@effect-twilio/core/PacingRedis`) fills it.
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as telemetry from "./internal/telemetry.js"
import type { PacingSettings } from "./TwilioConfig.js"
import { type HttpMethod, PacingTimeout, PacingUnavailable } from "./TwilioError.js"

/** One slot asked of a budget: `perSecond` slots a second under `key`, waiting at most `maxWait`. */
export interface Turn {
  readonly key: string
  readonly perSecond: number
  readonly maxWait: Duration.Duration
}

/** Why a pacer gave no slot: the wait would exceed `maxWait`, or its store is down (failing closed). */
export type Refusal =
  | { readonly _tag: "TooLong"; readonly wait: Duration.Duration }
  | { readonly _tag: "Unavailable"; readonly description: string }

/** A pacer: takes the next slot of a budget, sleeping until it comes, and returns the time slept. */
export interface Pacer {
  readonly take: (turn: Turn) => Effect.Effect<Duration.Duration, Refusal>
}

/** The pacer in force; none by default, so nothing is paced. */
export class Current extends Context.Reference<Current>()("@effect-twilio/core/Pacer/Current", {
  defaultValue: (): Option.Option<Pacer> => Option.none()
}) {}

/** The route every participant create is sent to: each one dials a phone, so it takes a CPS slot. */
export const CREATE_ROUTE = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json"

/** What the pipeline tells the pacer about an attempt. */
export interface Attempt {
  readonly method: HttpMethod
  readonly route: string
  /** Without the query: it names the request in a `PacingTimeout`. */
  readonly path: string
}

/** Paces one attempt; succeeds with the milliseconds it waited. */
export type Step = (attempt: Attempt) => Effect.Effect<number, PacingTimeout | PacingUnavailable>

const DEFAULTS: PacingSettings = { createsPerSecond: 1, maxWait: Duration.seconds(60) }

/**
 * The pacing step of a client for `accountSid`, or none when no pacer is provided. Creates take a
 * slot of the creates budget, then every attempt (retries included) a slot of the requests budget
 * when there is one. Budgets are keyed by account, so every process on one store shares them.
 */
export const step = (
  pacer: Option.Option<Pacer>,
  settings: Option.Option<PacingSettings>,
  accountSid: string
): Option.Option<Step> =>
  Option.map(pacer, (pacer): Step => {
    const { createsPerSecond, requestsPerSecond, maxWait } = Option.getOrElse(settings, () => DEFAULTS)
    const take = (attempt: Attempt, budget: "creates" | "requests", perSecond: number) =>
      Effect.mapError(pacer.take({ key: `${accountSid}:${budget}`, perSecond, maxWait }), (refusal) =>
        refusal._tag === "TooLong"
          ? new PacingTimeout({
              method: attempt.method,
              path: attempt.path,
              budget,
              wait: refusal.wait,
              maxWait
            })
          : new PacingUnavailable({
              method: attempt.method,
              path: attempt.path,
              description: refusal.description
            })
      ).pipe(Effect.withSpan("twilio.pacing", { attributes: { "twilio.pacing.budget": budget } }))
    return (attempt) => {
      const creates =
        attempt.method === "POST" && attempt.route === CREATE_ROUTE
          ? take(attempt, "creates", createsPerSecond)
          : Effect.succeed(Duration.zero)
      const waited =
        requestsPerSecond === undefined
          ? creates
          : Effect.zipWith(creates, take(attempt, "requests", requestsPerSecond), Duration.sum)
      return Effect.flatMap(waited, (duration) => {
        const millis = Duration.toMillis(duration)
        return Effect.as(telemetry.paced(millis), millis)
      })
    }
  })
