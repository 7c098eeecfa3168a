/**
 * Raw requests to the conference routes through whatever `HttpClient` and `TwilioConfig` the test
 * provides (the in-process client, or undici against `FakeTwilio.serve`), with answers decoded by
 * the `@effect-twilio/conferences` schemas.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Conference, ConferencePage } from "@effect-twilio/conferences"
import { TwilioConfig } from "@effect-twilio/core"
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect, Schema } from "effect"

/** What came back: the status and the parsed JSON body (`undefined` when it is not JSON). */
export interface Answer {
  readonly status: number
  readonly body: unknown
}

/** Sends one request below `/2010-04-01/Accounts/{the simulator's account}`. */
export const call = (
  method: "GET" | "POST" | "DELETE",
  below: string,
  options: {
    readonly query?: ReadonlyArray<readonly [string, string]>
    readonly form?: ReadonlyArray<readonly [string, string]>
  } = {}
) =>
  Effect.gen(function* () {
    const fake = yield* FakeTwilio
    const config = yield* TwilioConfig
    const client = yield* HttpClient.HttpClient
    const path = below.startsWith("/2010-04-01/") ? below : `/2010-04-01/Accounts/${fake.accountSid}${below}`
    let request = HttpClientRequest.make(method)(`${config.baseUrl}${path}`).pipe(
      HttpClientRequest.basicAuth(fake.accountSid, fake.authToken),
      HttpClientRequest.setUrlParams(options.query ?? [])
    )
    if (options.form !== undefined) request = HttpClientRequest.bodyUrlParams(request, options.form)
    const response = yield* client.execute(request)
    const text = yield* response.text
    let body: unknown
    try {
      body = text === "" ? undefined : JSON.parse(text)
    } catch {
      body = undefined
    }
    return { status: response.status, body } satisfies Answer
  }).pipe(Effect.scoped)

/** `Conferences/{sid}.json` */
export const conferencePath = (sid: string) => `/Conferences/${sid}.json`

/** Decodes a 200 answer as a `Conference` (fails the test otherwise). */
export const asConference = (answer: Answer) =>
  answer.status === 200
    ? Schema.decodeUnknown(Conference)(answer.body)
    : Effect.dieMessage(`expected 200, got ${answer.status}: ${JSON.stringify(answer.body)}`)

/** Decodes a 200 answer as a `ConferencePage` (fails the test otherwise). */
export const asPage = (answer: Answer) =>
  answer.status === 200
    ? Schema.decodeUnknown(ConferencePage)(answer.body)
    : Effect.dieMessage(`expected 200, got ${answer.status}: ${JSON.stringify(answer.body)}`)

/** The Twilio error code of an error answer. */
export const codeOf = (answer: Answer): unknown =>
  typeof answer.body === "object" && answer.body !== null ? Reflect.get(answer.body, "code") : undefined

/** Lists with `query`, then follows `next_page_uri` verbatim to the end; answers every page. */
export const allPages = (query: ReadonlyArray<readonly [string, string]>) =>
  Effect.gen(function* () {
    const pages = [yield* asPage(yield* call("GET", "/Conferences.json", { query }))]
    for (let next = pages[0]?.nextPageUri ?? null; next !== null; ) {
      if (pages.length > 1000) return yield* Effect.dieMessage("more than 1000 pages")
      const page = yield* asPage(yield* call("GET", next))
      pages.push(page)
      next = page.nextPageUri
    }
    return pages
  })
