import { assert, describe, it } from "@effect/vitest"
import {
  AuthenticationFailed,
  type HttpError,
  InvalidRequest,
  NotFound,
  RateLimited,
  RetryPolicy,
  ServerError,
  TransportError,
  UnexpectedResponse
} from "@effect-twilio/core"
import { Duration, Option } from "effect"

const exchange = { method: "POST", path: "/2010-04-01/Accounts/AC/Conferences/CF/Participants.json" } as const
const body = { status: 400, code: 21217, message: "m" }

const table: ReadonlyArray<readonly [HttpError, boolean, boolean]> = [
  // error, retryable when repeatable, retryable when not repeatable
  [
    new RateLimited({
      ...exchange,
      ...body,
      status: 429,
      code: 20429,
      attempts: 1,
      retryAfter: Option.none()
    }),
    true,
    true
  ],
  [new ServerError({ ...exchange, status: 503, attempts: 1, excerpt: "" }), true, false],
  [new ServerError({ ...exchange, status: 500, attempts: 1, excerpt: "" }), true, false],
  [new TransportError({ ...exchange, attempts: 1, reason: "Transport", description: "reset" }), true, false],
  [new TransportError({ ...exchange, attempts: 1, reason: "Timeout", description: "30s" }), true, false],
  [new NotFound({ ...exchange, ...body, status: 404, code: 20404 }), false, false],
  [new AuthenticationFailed({ ...exchange, ...body, status: 401, code: 20003 }), false, false],
  [new InvalidRequest({ ...exchange, ...body }), false, false],
  [new UnexpectedResponse({ ...exchange, status: 200, description: "d", excerpt: "" }), false, false]
]

describe("RetryPolicy.isRetryable", () => {
  for (const [error, whenRepeatable, whenNot] of table) {
    const label = `${error._tag}${"status" in error ? ` ${error.status}` : ""}${"reason" in error ? ` ${error.reason}` : ""}`
    it(`${label}: repeatable ${whenRepeatable}, not repeatable ${whenNot}`, () => {
      assert.strictEqual(RetryPolicy.isRetryable(error, true), whenRepeatable)
      assert.strictEqual(RetryPolicy.isRetryable(error, false), whenNot)
    })
  }
})

describe("RetryPolicy.retryAfter and resolve", () => {
  it("reads Retry-After from RateLimited only", () => {
    const limited = new RateLimited({
      ...exchange,
      status: 429,
      code: 20429,
      message: "m",
      attempts: 1,
      retryAfter: Option.some(Duration.seconds(2))
    })
    assert.deepStrictEqual(Option.getOrNull(RetryPolicy.retryAfter(limited)), Duration.seconds(2))
    assert.isTrue(
      Option.isNone(
        RetryPolicy.retryAfter(new ServerError({ ...exchange, status: 503, attempts: 1, excerpt: "" }))
      )
    )
  })

  it("false turns retries off; undefined and options give the default schedule", () => {
    assert.isTrue(Option.isNone(RetryPolicy.resolve(false)))
    assert.isTrue(Option.isSome(RetryPolicy.resolve(undefined)))
    assert.isTrue(Option.isSome(RetryPolicy.resolve({ maxRetries: 1 })))
  })
})
