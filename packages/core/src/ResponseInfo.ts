/**
 * What Twilio answered, for callers that need more than the decoded value: the status, the
 * `Twilio-Request-Id` to quote to Twilio support, the attempts it took and the headers (the official
 * package's `*WithHttpInfo` use case). Only collected inside `ResponseInfo.capture`, so the common
 * path pays nothing for it.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type { HttpMethod } from "./TwilioError.js"

/** One answer Twilio gave, as the SDK read it. */
export interface ResponseInfo {
  readonly method: HttpMethod
  /** The path with placeholders, e.g. `/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}.json`. */
  readonly route: string
  readonly status: number
  /** `Twilio-Request-Id`, when the answer carried one. */
  readonly requestId: string | undefined
  /** Attempts this request took, retries included. */
  readonly attempts: number
  /** The response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>
}

/** Where the pipeline hands answers while a `capture` is in force (nowhere by default). */
export class Sink extends Context.Reference<Sink>()("@effect-twilio/core/ResponseInfo/Sink", {
  defaultValue: (): ((info: ResponseInfo) => void) | undefined => undefined
}) {}

/**
 * Runs `self` and answers its value with every Twilio answer it received, in order:
 * `const [participant, [info]] = yield* ResponseInfo.capture(participants.fetch(sid, "agent"))`.
 */
export const capture = <A, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<readonly [A, ReadonlyArray<ResponseInfo>], E, R> =>
  Effect.suspend(() => {
    const seen: Array<ResponseInfo> = []
    return Effect.map(
      Effect.provideService(self, Sink, (info) => {
        seen.push(info)
      }),
      (value) => [value, seen] as const
    )
  })
