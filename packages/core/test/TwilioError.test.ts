import { assert, describe, it } from "@effect/vitest"
import * as TwilioErrors from "@effect-twilio/core/TwilioError"
import { Duration, Either, Option, Schema } from "effect"

const { isTwilioError, TwilioError } = TwilioErrors
type TwilioError = TwilioErrors.TwilioError
const exchange = { method: "GET", path: "/2010-04-01/Accounts/AC/Conferences.json" } as const
const body = { status: 404, code: 20404, message: "not found" }

/** One value of every member of the union. */
const samples: ReadonlyArray<TwilioError> = [
  new TwilioErrors.NotFound({ ...exchange, ...body }),
  new TwilioErrors.InactiveConference({ ...exchange, ...body, conference: "CF0" }),
  new TwilioErrors.RateLimited({
    ...exchange,
    ...body,
    attempts: 3,
    retryAfter: Option.some(Duration.seconds(2))
  }),
  new TwilioErrors.AuthenticationFailed({ ...exchange, ...body, status: 401, code: 20003 }),
  new TwilioErrors.InvalidRequest({ ...exchange, ...body, status: 400, code: 21201 }),
  new TwilioErrors.InvalidParameters({ operation: "create", message: "to must be a string, got 12" }),
  new TwilioErrors.ServerError({ ...exchange, attempts: 2, status: 503, excerpt: "busy" }),
  new TwilioErrors.TransportError({ ...exchange, attempts: 1, reason: "Timeout", description: "timed out" }),
  new TwilioErrors.UnexpectedResponse({
    ...exchange,
    status: 200,
    description: "not JSON",
    excerpt: "<html>"
  }),
  new TwilioErrors.PacingTimeout({
    ...exchange,
    budget: "creates",
    wait: Duration.seconds(5),
    maxWait: Duration.seconds(1)
  }),
  new TwilioErrors.PacingUnavailable({ ...exchange, description: "connection refused" })
]

describe("TwilioError", () => {
  it("has a sample of every member, each tag once", () => {
    assert.strictEqual(new Set(samples.map((error) => error._tag)).size, 11)
  })

  it("the union's schema, built on first use, accepts every member and refuses anything else", () => {
    const is = Schema.is(TwilioError)
    for (const error of samples) assert.isTrue(is(error), error._tag)
    assert.isFalse(is({ _tag: "NotFound" }))
    assert.isFalse(is(new Error("plain")))
  })

  it("encodes and decodes every member through the union's schema", () => {
    for (const error of samples) {
      const encoded = Schema.encodeEither(TwilioError)(error)
      assert.isTrue(Either.isRight(encoded), error._tag)
      if (Either.isRight(encoded)) {
        assert.strictEqual(encoded.right._tag, error._tag)
        const decoded = Schema.decodeUnknownEither(TwilioError)(encoded.right)
        assert.isTrue(Either.isRight(decoded) && decoded.right._tag === error._tag, error._tag)
      }
    }
  })

  it("isTwilioError knows exactly the union's tags", () => {
    for (const error of samples) assert.isTrue(isTwilioError(error), error._tag)
    assert.isTrue(isTwilioError({ _tag: "NotFound" }))
    for (const other of [{ _tag: "ParseError" }, { _tag: 1 }, null, "NotFound", new Error("x")])
      assert.isFalse(isTwilioError(other))
  })
})
