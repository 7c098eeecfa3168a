/**
 * Plain checks of wire values, shared by the schemas and by the fast decode paths so the two cannot
 * drift apart: each returns the decoded value, or `undefined` when the value is not in the expected form.
 */

const MILLIS = /^\d+(?:\.\d+)?$/

/** Milliseconds from a `queue_time` value (a decimal string, or a bare JSON number); `undefined` otherwise. */
export const queueTimeMillis = (raw: string | number): number | undefined => {
  const text = typeof raw === "number" ? String(raw) : raw.trim()
  return MILLIS.test(text) ? Number(text) : undefined
}

/** True for a plain object as `JSON.parse` makes them (so no inherited field can be read by mistake). */
export const isPlainObject = (value: unknown): value is { readonly [key: string]: unknown } => {
  if (typeof value !== "object" || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
