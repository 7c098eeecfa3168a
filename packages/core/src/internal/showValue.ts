/**
 * Offending values in error messages: short, one line, and never a throw.
 */

/**
 * Renders `value` for an error message in at most 80 characters. Values JSON cannot carry (BigInt,
 * cycles, objects without a prototype) fall back to a tag, since a message that throws would turn
 * a validation failure into a defect.
 */
export const showValue = (value: unknown): string => {
  let text: string
  try {
    text = value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value))
  } catch {
    text = typeof value === "bigint" ? `${value}n` : Object.prototype.toString.call(value)
  }
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}
