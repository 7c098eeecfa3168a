/**
 * The demo's own failures, and how any expected failure is shown to a person: one headline
 * naming the tag, then the facts Twilio gave, never a stack trace.
 */
import { isTwilioError, type TwilioError } from "@effect-twilio/core"
import { FakeTwilio } from "@effect-twilio/testing"
import * as ConfigError from "effect/ConfigError"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import type { Paint } from "./Terminal.js"

/** Something the session expected did not happen (a fetch after remove succeeded, …). */
export class DemoError extends Data.TaggedError("DemoError")<{ readonly message: string }> {}

/** The command line cannot be run as given; the message says how to call it. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** Every failure the demo reports instead of crashing. */
export type Expected =
  | TwilioError
  | ConfigError.ConfigError
  | FakeTwilio.ListenError
  | FakeTwilio.SeedError
  | DemoError
  | UsageError

const twilioFacts = (error: TwilioError): ReadonlyArray<string> => {
  const facts: Array<string> = []
  if ("method" in error) facts.push(`${error.method} ${error.path}`)
  if ("status" in error) facts.push(`HTTP ${error.status}`)
  if ("code" in error && error.code !== undefined) facts.push(`Twilio code ${error.code}`)
  if ("attempts" in error) facts.push(`${error.attempts} attempt${error.attempts === 1 ? "" : "s"}`)
  if (error._tag === "RateLimited" && error.retryAfter._tag === "Some") {
    facts.push(`Retry-After ${Duration.format(error.retryAfter.value)}`)
  }
  if ("requestId" in error && error.requestId !== undefined) facts.push(`request ${error.requestId}`)
  return facts
}

/** The failure as lines a person can read: the tag, the message, then the facts. */
export const describe = (error: Expected, paint: Paint): ReadonlyArray<string> => {
  if (isTwilioError(error)) {
    const lines = [`${paint.bold(paint.red(error._tag))}: ${error.message}`]
    const facts = twilioFacts(error)
    if (facts.length > 0) lines.push(paint.dim(`  ${facts.join(" · ")}`))
    if ("moreInfo" in error && error.moreInfo !== undefined) lines.push(paint.dim(`  see ${error.moreInfo}`))
    return lines
  }
  if (ConfigError.isConfigError(error)) {
    return [`${paint.bold(paint.red("ConfigError"))}: ${String(error)}`]
  }
  if (error instanceof FakeTwilio.ListenError || error instanceof FakeTwilio.SeedError) {
    return [`${paint.bold(paint.red(error._tag))}: ${error.message}`]
  }
  return [
    error._tag === "UsageError" ? error.message : `${paint.bold(paint.red(error._tag))}: ${error.message}`
  ]
}
