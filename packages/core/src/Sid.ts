/**
 * Branded Twilio resource identifiers: a two-letter prefix and 32 hex digits.
 */
import * as Schema from "effect/Schema"
import { showValue } from "./internal/showValue.js"

const pattern = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`)

/**
 * A SID with the two-letter `prefix`, checked by pattern but not branded: for a request parameter
 * that takes a branded SID and a plain string of its shape alike (`callSidToCoach`).
 */
export const unbranded = (prefix: string) => Schema.String.pipe(Schema.pattern(pattern(prefix)))

const sid = <const Brand extends string>(prefix: string, brand: Brand) =>
  Schema.String.pipe(
    Schema.pattern(pattern(prefix), {
      message: (issue) =>
        `${brand} must be "${prefix}" followed by 32 hexadecimal digits, got ${showValue(issue.actual)}`
    }),
    Schema.brand(brand),
    Schema.annotations({ identifier: brand })
  )

/** An Account SID (`AC` + 32 hex digits). */
export const AccountSid = sid("AC", "AccountSid")
/** An Account SID (`AC` + 32 hex digits). */
export type AccountSid = typeof AccountSid.Type

/** A Conference SID (`CF` + 32 hex digits). */
export const ConferenceSid = sid("CF", "ConferenceSid")
/** A Conference SID (`CF` + 32 hex digits). */
export type ConferenceSid = typeof ConferenceSid.Type

/** A Call SID (`CA` + 32 hex digits); a participant is addressed by the SID of its call. */
export const CallSid = sid("CA", "CallSid")
/** A Call SID (`CA` + 32 hex digits). */
export type CallSid = typeof CallSid.Type

/** A BYOC trunk SID (`BY` + 32 hex digits). */
export const ByocTrunkSid = sid("BY", "ByocTrunkSid")
/** A BYOC trunk SID (`BY` + 32 hex digits). */
export type ByocTrunkSid = typeof ByocTrunkSid.Type

/** An API key SID (`SK` + 32 hex digits), used as the Basic-auth user name with API key credentials. */
export const ApiKeySid = sid("SK", "ApiKeySid")
/** An API key SID (`SK` + 32 hex digits). */
export type ApiKeySid = typeof ApiKeySid.Type

/** A `Schema.is` guard built on its first use, not at import (a cold start may never need it). */
const lazyIs = <A, I>(schema: Schema.Schema<A, I>) => {
  let guard: ((value: unknown) => value is A) | undefined
  return (value: unknown): value is A => {
    guard ??= Schema.is(schema)
    return guard(value)
  }
}

/** True when `value` is a well-formed Conference SID (cheap, no allocation of a parse result). */
export const isConferenceSid: (value: unknown) => value is ConferenceSid = lazyIs(ConferenceSid)

/** True when `value` is a well-formed Call SID. */
export const isCallSid: (value: unknown) => value is CallSid = lazyIs(CallSid)
