/** Assertions on `Exit` values: a success or one typed `TwilioError`, never a defect or an interruption. */
import { assert } from "@effect/vitest"
import { isTwilioError, type TwilioError } from "@effect-twilio/core"
import { Cause, Chunk, Exit } from "effect"

/** Fails the test unless `exit` succeeded or failed with exactly one `TwilioError` (no defect, no interruption). */
export const assertSuccessOrTagged = (exit: Exit.Exit<unknown, unknown>, label = ""): void => {
  if (Exit.isSuccess(exit)) return
  const cause = exit.cause
  assert.isFalse(Cause.isDie(cause), `${label}: a defect escaped: ${Cause.pretty(cause)}`)
  assert.isTrue(Chunk.isEmpty(Cause.defects(cause)), `${label}: a defect escaped: ${Cause.pretty(cause)}`)
  assert.isFalse(Cause.isInterrupted(cause), `${label}: interrupted: ${Cause.pretty(cause)}`)
  const failures = Chunk.toReadonlyArray(Cause.failures(cause))
  assert.strictEqual(failures.length, 1, `${label}: ${Cause.pretty(cause)}`)
  assert.isTrue(isTwilioError(failures[0]), `${label}: not a TwilioError: ${Cause.pretty(cause)}`)
}

/** The single typed failure of `exit`, checked to be the `TwilioError` with tag `tag`. */
export const failureOf = <Tag extends TwilioError["_tag"]>(
  exit: Exit.Exit<unknown, unknown>,
  tag: Tag
): Extract<TwilioError, { readonly _tag: Tag }> => {
  if (Exit.isSuccess(exit)) return assert.fail(`expected ${tag}, got a success`)
  assertSuccessOrTagged(exit, tag)
  const error = Chunk.unsafeHead(Cause.failures(exit.cause))
  const hasTag = (u: unknown): u is Extract<TwilioError, { readonly _tag: Tag }> =>
    isTwilioError(u) && u._tag === tag
  return hasTag(error) ? error : assert.fail(`expected ${tag}, got ${Cause.pretty(exit.cause)}`)
}
