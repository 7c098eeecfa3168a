/**
 * The simulator's view of HTTP: a request and an answer as plain data, and the parsing of
 * paths, query strings and form bodies. Written independently of the SDK's encoders so the
 * two can check each other.
 */

/** A key/value pair in the order it appeared on the wire (repeated keys stay repeated). */
export type Pair = readonly [key: string, value: string]

/** An HTTP request as the simulator sees it. */
export interface WireRequest {
  readonly method: string
  /** The path as sent, still percent-encoded, without the query string. */
  readonly path: string
  /** Decoded query pairs, in order. */
  readonly query: ReadonlyArray<Pair>
  /** Decoded `application/x-www-form-urlencoded` body pairs, in order (empty for other bodies). */
  readonly form: ReadonlyArray<Pair>
  /** Header names lower-cased. */
  readonly headers: { readonly [name: string]: string }
}

/** An HTTP answer. */
export interface WireResponse {
  readonly status: number
  readonly headers: { readonly [name: string]: string }
  /** Empty for 204. */
  readonly body: string
}

/**
 * What the transport does with a request: send an answer, send only the first bytes of an
 * answer and then cut the connection, or drop the connection without answering.
 */
export type WireOutcome =
  | { readonly _tag: "Respond"; readonly response: WireResponse }
  | { readonly _tag: "Truncate"; readonly response: WireResponse; readonly keep: number }
  | { readonly _tag: "Drop" }

/** Decodes `application/x-www-form-urlencoded` text (`+` is a space, `%XX` are UTF-8 bytes). */
export const parseUrlEncoded = (text: string): ReadonlyArray<Pair> => {
  const out: Array<Pair> = []
  for (const [key, value] of new URLSearchParams(text)) out.push([key, value])
  return out
}

/** Splits a raw target (`/a/b?x=1`) into its path and decoded query pairs. */
export const splitTarget = (
  target: string
): { readonly path: string; readonly query: ReadonlyArray<Pair> } => {
  const q = target.indexOf("?")
  return q === -1
    ? { path: target, query: [] }
    : { path: target.slice(0, q), query: parseUrlEncoded(target.slice(q + 1)) }
}

/** True when the content type announces a form body. */
export const isFormContentType = (contentType: string | undefined): boolean =>
  contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded") === true

/** Percent-decodes one path segment; `undefined` when the encoding is malformed. */
export const decodeSegment = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/** The last value sent for `key`, if any. */
export const lastValue = (pairs: ReadonlyArray<Pair>, key: string): string | undefined => {
  let found: string | undefined
  for (const [k, v] of pairs) if (k === key) found = v
  return found
}

/** Every value sent for `key`, in order. */
export const allValues = (pairs: ReadonlyArray<Pair>, key: string): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (const [k, v] of pairs) if (k === key) out.push(v)
  return out
}
