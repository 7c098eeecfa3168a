import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Either, Exit, Inspectable, Redacted } from "effect"
import * as fc from "fast-check"
import twilio from "twilio"
import { TwilioSignature } from "../src/index.js"
import * as Vectors from "./fixtures/officialVectors.js"

const outcome = (options: TwilioSignature.VerifyOptions) =>
  Effect.runSync(Effect.either(TwilioSignature.verify(options)))
const verifies = (options: TwilioSignature.VerifyOptions) => Either.isRight(outcome(options))
const reasonOf = (options: TwilioSignature.VerifyOptions) =>
  Either.match(outcome(options), { onLeft: (e) => e.reason, onRight: () => "ok" })

describe("the official SDKs' published examples", () => {
  it("sign gives the published signature", () => {
    assert.strictEqual(
      TwilioSignature.sign({ authToken: Vectors.token, url: Vectors.url, params: Vectors.params }),
      Vectors.signature
    )
    assert.strictEqual(
      TwilioSignature.sign({
        authToken: Redacted.make(Vectors.token),
        url: Vectors.url,
        params: Vectors.params
      }),
      Vectors.signature
    )
  })

  it("verify accepts the published signature", () => {
    assert.isTrue(
      verifies({
        authToken: Vectors.token,
        url: Vectors.url,
        params: Vectors.params,
        signature: Vectors.signature
      })
    )
  })

  it("verify refuses a wrong signature and a missing one", () => {
    const base = { authToken: Vectors.token, url: Vectors.url, params: Vectors.params }
    assert.strictEqual(reasonOf({ ...base, signature: "WRONG_SIGNATURE" }), "SignatureMismatch")
    assert.strictEqual(reasonOf({ ...base, signature: undefined }), "MissingSignature")
    assert.strictEqual(reasonOf({ ...base, signature: null }), "MissingSignature")
    assert.strictEqual(reasonOf({ ...base, signature: "" }), "MissingSignature")
  })

  for (const vector of Vectors.portVectors) {
    it(`verify accepts: ${vector.name}`, () => {
      assert.isTrue(
        verifies({
          authToken: Vectors.token,
          url: vector.url,
          params: Vectors.params,
          signature: vector.signature
        })
      )
    })
  }

  it("repeated keys: values sorted, each once", () => {
    const { params, signature } = Vectors.repeatedKeys
    assert.strictEqual(
      TwilioSignature.sign({ authToken: Vectors.token, url: Vectors.url, params }),
      signature
    )
    assert.isTrue(verifies({ authToken: Vectors.token, url: Vectors.url, params, signature }))
  })

  it("array parameters in either order", () => {
    const { params, signature } = Vectors.arrayParam
    const reversed = { "MessagingBinding.Address": [...params["MessagingBinding.Address"]].reverse() }
    assert.isTrue(verifies({ authToken: Vectors.token, url: Vectors.url, params, signature }))
    assert.isTrue(verifies({ authToken: Vectors.token, url: Vectors.url, params: reversed, signature }))
  })

  it("a JSON body through bodySHA256", () => {
    const { body, hash, url, signature } = Vectors.jsonBody
    assert.strictEqual(TwilioSignature.bodySha256(body), hash)
    assert.strictEqual(TwilioSignature.bodySha256(new TextEncoder().encode(body)), hash)
    assert.isTrue(verifies({ authToken: Vectors.token, url, body, signature }))
    const empty = Vectors.emptyJsonBody
    assert.isTrue(
      verifies({ authToken: Vectors.token, url: empty.url, body: empty.body, signature: empty.signature })
    )
    const only = Vectors.hashOnlyUrl
    assert.isTrue(
      verifies({ authToken: Vectors.token, url: only.url, body: only.body, signature: only.signature })
    )
  })

  it("a JSON body that does not match its hash, or a missing hash or body, is refused", () => {
    const { body, url, signature } = Vectors.jsonBody
    assert.strictEqual(
      reasonOf({ authToken: Vectors.token, url, body: `${body} `, signature }),
      "BodyHashMismatch"
    )
    // The URL with the last hex digit cut: the signature no longer matches either.
    assert.strictEqual(
      reasonOf({ authToken: Vectors.token, url: url.slice(0, -1), body, signature }),
      "SignatureMismatch"
    )
    assert.strictEqual(
      reasonOf({ authToken: Vectors.token, url: Vectors.url, body, signature: Vectors.signature }),
      "MissingBodyHash"
    )
    assert.strictEqual(reasonOf({ authToken: Vectors.token, url, params: {}, signature }), "MissingBody")
  })
})

describe("tokens", () => {
  it("any token of a rotation list verifies; none of a list of wrong ones does", () => {
    const request = { url: Vectors.url, params: Vectors.params, signature: Vectors.signature }
    assert.isTrue(verifies({ ...request, authToken: ["new-token", Redacted.make(Vectors.token)] }))
    assert.isTrue(verifies({ ...request, authToken: [Vectors.token, "new-token"] }))
    assert.strictEqual(reasonOf({ ...request, authToken: ["a", Redacted.make("b")] }), "SignatureMismatch")
  })

  it("an empty token never matches, even a signature made with the empty key", () => {
    const signature = TwilioSignature.sign({ authToken: "", url: Vectors.url, params: Vectors.params })
    assert.strictEqual(
      reasonOf({ authToken: "", url: Vectors.url, params: Vectors.params, signature }),
      "SignatureMismatch"
    )
  })

  it("the token appears in no rendering of the failure; the URL's password neither", () => {
    const secret = "tok-3f9a1c-secret"
    const exit = Effect.runSyncExit(
      TwilioSignature.verify({
        authToken: [Redacted.make(secret), secret],
        url: "https://user:hunter2@example.com/hook",
        params: { A: "1" },
        signature: "nope"
      })
    )
    assert.isTrue(Exit.isFailure(exit))
    if (Exit.isFailure(exit)) {
      const error = Cause.failureOption(exit.cause)
      const renderings = [
        Cause.pretty(exit.cause),
        JSON.stringify(error),
        String(error),
        Inspectable.format(error),
        error._tag === "Some" ? error.value.message : ""
      ]
      for (const text of renderings) {
        assert.notInclude(text, secret)
        assert.notInclude(text, "hunter2")
      }
      assert.include(renderings[4], "https://example.com/hook")
    }
  })
})

// Keys and values in printable ASCII and beyond; `__proto__` would be a prototype, not a key.
const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== "__proto__")
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ maxLength: 8, unit: "binary" }))
const value = fc.oneof(text, fc.uniqueArray(text, { minLength: 1, maxLength: 4 }))
const params = fc.dictionary(key, value, { maxKeys: 8 })
const token = fc.string({ minLength: 1, maxLength: 40 })
const url = fc.webUrl({ withQueryParameters: true })

/** The same text with the character at `index` replaced by another printable ASCII character. */
const changeAt = (s: string, index: number): string => {
  const i = index % s.length
  const code = s.charCodeAt(i)
  const next = code >= 126 || code < 33 ? 33 : code + 1
  return s.slice(0, i) + String.fromCharCode(next === code ? next + 1 : next) + s.slice(i + 1)
}

describe("properties", () => {
  it("sign then verify round-trips, with plain and Redacted tokens", () => {
    fc.assert(
      fc.property(token, url, params, fc.boolean(), (token, url, params, redact) => {
        const signature = TwilioSignature.sign({
          authToken: redact ? Redacted.make(token) : token,
          url,
          params
        })
        return verifies({ authToken: token, url, params, signature })
      })
    )
  })

  it("any one-character change to the URL, a value or the signature fails", () => {
    const ascii = fc.string({
      minLength: 1,
      maxLength: 16,
      unit: fc.constantFrom(..."abcXYZ019 +&=%/?:.-_'")
    })
    fc.assert(
      fc.property(
        token,
        url,
        fc.dictionary(key, ascii, { minKeys: 1, maxKeys: 6 }),
        fc.constantFrom("url", "value", "signature"),
        fc.nat(),
        (token, url, params, what, index) => {
          const signature = TwilioSignature.sign({ authToken: token, url, params })
          const keys = Object.keys(params).sort()
          const k = keys[index % keys.length] ?? ""
          const changed =
            what === "url"
              ? { url: changeAt(url, index), params, signature }
              : what === "value"
                ? { url, params: { ...params, [k]: changeAt(params[k] ?? "", index) }, signature }
                : { url, params, signature: changeAt(signature, index) }
          return reasonOf({ authToken: token, ...changed }) === "SignatureMismatch"
        }
      )
    )
  })

  it("agrees with the official package's validator (validateRequest)", () => {
    fc.assert(
      fc.property(token, url, params, fc.boolean(), (token, url, params, spoil) => {
        const signed = twilio.getExpectedTwilioSignature(token, url, params)
        const ours = TwilioSignature.sign({ authToken: token, url, params })
        const signature = spoil ? changeAt(ours, 3) : ours
        const official = twilio.validateRequest(token, signature, url, params)
        const accepted = verifies({ authToken: token, url, params, signature })
        // We sign what it signs; what we accept it accepts. It also tries re-encoded spellings
        // of the URL, so it may accept more than we do only for URLs that are not in normal form.
        return (
          signed === ours &&
          (!accepted || official) &&
          (accepted || !official || new URL(url).toString() !== url)
        )
      })
    )
  })

  it("agrees with the official package's validateRequestWithBody for JSON bodies", () => {
    fc.assert(
      fc.property(token, url, fc.json(), fc.boolean(), (token, base, body, spoil) => {
        const url = `${base}${base.includes("?") ? "&" : "?"}bodySHA256=${TwilioSignature.bodySha256(body)}`
        const signature = TwilioSignature.sign({ authToken: token, url })
        const sent = spoil ? `${body} ` : body
        const official = twilio.validateRequestWithBody(token, signature, url, sent)
        const accepted = verifies({ authToken: token, url, body: sent, signature })
        return accepted === !spoil && (!accepted || official)
      })
    )
  })
})
