/**
 * Twilio's `X-Twilio-Signature`: a base64 HMAC-SHA1, keyed with the account's auth token, of the
 * URL Twilio called followed by every form key and its values, keys sorted.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto"
import type * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Url from "./internal/url.js"

/** An auth token, plain or `Redacted`. */
export type AuthToken = string | Redacted.Redacted<string>

/** One auth token, or several while a token is being rotated (any of them may have signed). */
export type AuthTokens = AuthToken | Arr.NonEmptyReadonlyArray<AuthToken>

/** Form parameters as Twilio POSTs them: a repeated key carries the list of its values. */
export type Params = { readonly [key: string]: string | ReadonlyArray<string> }

/** The request header that carries the signature (HTTP header names are case-insensitive). */
export const HEADER = "x-twilio-signature"

/** The query parameter through which Twilio signs a JSON body: the SHA-256 of the raw body, hex. */
export const BODY_HASH_PARAM = "bodySHA256"

/** Why a signature was refused. */
export const Reason = Schema.Literal(
  "MissingSignature",
  "SignatureMismatch",
  "MissingBodyHash",
  "MissingBody",
  "BodyHashMismatch"
)
/** Why a signature was refused. */
export type Reason = typeof Reason.Type

const EXPLAIN: Record<Reason, string> = {
  MissingSignature: "the request has no X-Twilio-Signature header",
  SignatureMismatch:
    "the signature does not match this URL and these parameters under any configured auth token " +
    "(behind a proxy, configure the public URL Twilio calls)",
  MissingBodyHash: `a raw body was given but the URL has no ${BODY_HASH_PARAM} parameter`,
  MissingBody: `the URL carries ${BODY_HASH_PARAM} but no raw body was given to check it against`,
  BodyHashMismatch: `the body's SHA-256 does not match the URL's ${BODY_HASH_PARAM} parameter`
}

/** The request is not signed by Twilio with a configured auth token (never carries a token). */
export class InvalidSignature extends Schema.TaggedError<InvalidSignature>()("InvalidSignature", {
  reason: Reason,
  /** The URL that was checked, without any user name or password. */
  url: Schema.String
}) {
  override get message(): string {
    return `Invalid Twilio signature for ${this.url}: ${EXPLAIN[this.reason]}`
  }
}

const reveal = (token: AuthToken): string => (typeof token === "string" ? token : Redacted.value(token))

const tokenList = (tokens: AuthTokens): ReadonlyArray<AuthToken> =>
  typeof tokens === "string" || Redacted.isRedacted(tokens) ? [tokens] : tokens

/** The text that is signed: the URL, then each key (sorted) with each of its distinct values (sorted). */
export const payload = (url: string, params: Params = {}): string => {
  let out = url
  for (const key of Object.keys(params).sort()) {
    const value = params[key]
    if (typeof value === "string") out += key + value
    else if (value !== undefined) for (const item of [...new Set(value)].sort()) out += key + item
  }
  return out
}

const hmac = (token: string, text: string): Buffer =>
  createHmac("sha1", token).update(Buffer.from(text, "utf8")).digest()

/** The `X-Twilio-Signature` Twilio sends for this URL and these form parameters. */
export const sign = (options: {
  readonly authToken: AuthToken
  readonly url: string
  readonly params?: Params | undefined
}): string => hmac(reveal(options.authToken), payload(options.url, options.params)).toString("base64")

/** The SHA-256 of a raw body as lower-case hex: the value of the `bodySHA256` query parameter. */
export const bodySha256 = (body: string | Uint8Array): string =>
  createHash("sha256")
    .update(typeof body === "string" ? Buffer.from(body, "utf8") : body)
    .digest("hex")

/** Equal in time that depends only on the lengths, never on where the texts differ. */
const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a, "utf8")
  const y = Buffer.from(b, "utf8")
  return x.length === y.length && timingSafeEqual(x, y)
}

/** What `verify` checks. */
export interface VerifyOptions {
  /** The auth token, or several during a rotation; empty tokens never match. */
  readonly authToken: AuthTokens
  /** The full URL Twilio called, query string included, exactly as configured at Twilio. */
  readonly url: string
  /** The form parameters of a form-encoded POST (none for a GET or a JSON body). */
  readonly params?: Params | undefined
  /** The raw body of a request whose URL carries `bodySHA256` (JSON bodies). */
  readonly body?: string | Uint8Array | undefined
  /** The `X-Twilio-Signature` header. */
  readonly signature: string | null | undefined
}

/**
 * Succeeds when `signature` is Twilio's for this URL (with or without its port) and these
 * parameters under any of the tokens, and, for a JSON body, the body matches `bodySHA256`.
 * Every candidate is computed and compared in constant time.
 */
export const verify = (options: VerifyOptions): Effect.Effect<void, InvalidSignature> =>
  Effect.suspend(() => {
    const fail = (reason: Reason) =>
      Effect.fail(new InvalidSignature({ reason, url: Url.withoutCredentials(options.url) }))
    const signature = options.signature ?? ""
    if (signature === "") return fail("MissingSignature")
    const expectedHash = Url.queryParam(options.url, BODY_HASH_PARAM)
    if (options.body !== undefined && expectedHash === undefined) return fail("MissingBodyHash")
    if (options.body === undefined && expectedHash !== undefined) return fail("MissingBody")
    // A JSON body is covered through its hash in the URL, so no parameters are signed with it.
    const params = expectedHash === undefined ? options.params : undefined
    let matched = false
    for (const url of Url.candidates(options.url)) {
      const text = payload(url, params)
      for (const token of tokenList(options.authToken)) {
        const secret = reveal(token)
        if (secret === "") continue
        matched = sameText(hmac(secret, text).toString("base64"), signature) || matched
      }
    }
    if (!matched) return fail("SignatureMismatch")
    if (options.body !== undefined && expectedHash !== undefined) {
      if (!sameText(bodySha256(options.body), expectedHash)) return fail("BodyHashMismatch")
    }
    return Effect.void
  })
