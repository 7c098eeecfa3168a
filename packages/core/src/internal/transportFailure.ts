/** Names the cause of a failed exchange from the error a transport reported. */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as Predicate from "effect/Predicate"

/** What a `TransportError` says about its cause. */
export interface TransportFailure {
  readonly description: string
  /** The system's code, such as `ECONNREFUSED`, when one was found. */
  readonly code: string | undefined
  /** True when the request cannot have reached the server. */
  readonly unsent: boolean
}

const CODE = /^[A-Z][A-Z0-9_]{2,63}$/

/**
 * The first system code in the error's cause chain: transports wrap it differently (undici puts it on
 * the error, fetch on `cause`, a dual-stack connect in an `AggregateError`'s `errors`).
 */
const findCode = (error: unknown, depth = 0): string | undefined => {
  if (depth > 5 || !Predicate.isObject(error)) return undefined
  try {
    if ("code" in error && typeof error.code === "string" && CODE.test(error.code)) return error.code
    if ("errors" in error && Array.isArray(error.errors)) {
      for (const inner of error.errors.slice(0, 4)) {
        const code = findCode(inner, depth + 1)
        if (code !== undefined) return code
      }
    }
    return "cause" in error ? findCode(error.cause, depth + 1) : undefined
  } catch {
    // A hostile error object (a throwing getter) names nothing.
    return undefined
  }
}

const REFUSED = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"])
const DNS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL", "EAI_NODATA"])
const RESET = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED", "UND_ERR_CLOSED"])
const isTls = (code: string) =>
  code.includes("CERT") || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL")

/** Describes a platform `RequestError` or `ResponseError` by its underlying cause. */
export const describeTransportFailure = (
  error: HttpClientError.RequestError | HttpClientError.ResponseError
): TransportFailure => {
  const code = findCode(error.cause)
  const reading = error._tag === "ResponseError" ? "reading the body failed: " : ""
  const detail = error.description ?? error.reason
  if (code === undefined) return { description: `${reading}${detail}`, code, unsent: false }
  if (error._tag === "RequestError" && REFUSED.has(code)) {
    return { description: `connection refused or unreachable (${code})`, code, unsent: true }
  }
  if (error._tag === "RequestError" && DNS.has(code)) {
    return { description: `DNS lookup failed (${code})`, code, unsent: true }
  }
  if (error._tag === "RequestError" && isTls(code)) {
    return { description: `TLS handshake failed: certificate rejected (${code})`, code, unsent: true }
  }
  if (RESET.has(code)) return { description: `${reading}connection reset (${code})`, code, unsent: false }
  return { description: `${reading}${detail} (${code})`, code, unsent: false }
}
