/**
 * Raw HTTP helpers for the simulator's tests: plain `HttpClientRequest`s with hand-written
 * form bodies, so the simulator is checked without the SDK's encoders.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect } from "effect"

/** What came back. */
export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  /** Parsed JSON, or undefined when the body is not JSON. */
  readonly body: unknown
}

/** Options of one raw request. */
export interface Send {
  readonly form?: ReadonlyArray<readonly [string, string]>
  readonly query?: ReadonlyArray<readonly [string, string]>
  /** Credentials; default the simulator's own; `null` sends none. */
  readonly auth?: readonly [string, string] | null
}

const encode = (pairs: ReadonlyArray<readonly [string, string]>) =>
  new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString()

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Sends one request through the in-process client to the simulator. */
export const send = (method: "GET" | "POST" | "DELETE" | "PUT", path: string, options: Send = {}) =>
  Effect.gen(function* () {
    const fake = yield* FakeTwilio
    const client = yield* HttpClient.HttpClient
    const query = options.query === undefined || options.query.length === 0 ? "" : `?${encode(options.query)}`
    let request = HttpClientRequest.make(method)(`http://127.0.0.1${path}${query}`)
    const auth = options.auth === undefined ? ([fake.accountSid, fake.authToken] as const) : options.auth
    if (auth !== null) request = HttpClientRequest.basicAuth(request, auth[0], auth[1])
    if (options.form !== undefined) {
      request = HttpClientRequest.bodyText(request, encode(options.form), "application/x-www-form-urlencoded")
    }
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, headers: response.headers, text, body: parse(text) } satisfies Reply
  })

/** `/2010-04-01/Accounts/{sid}` of the simulator's account. */
export const accountPath = Effect.map(FakeTwilio, (fake) => `/2010-04-01/Accounts/${fake.accountSid}`)

/** The participants list path of a conference (SID or friendly name, encoded here). */
export const participantsPath = (conference: string) =>
  Effect.map(accountPath, (base) => `${base}/Conferences/${encodeURIComponent(conference)}/Participants.json`)

/** The path of one participant (Call SID or label, encoded here). */
export const participantPath = (conferenceSid: string, participant: string) =>
  Effect.map(
    accountPath,
    (base) => `${base}/Conferences/${conferenceSid}/Participants/${encodeURIComponent(participant)}.json`
  )

/** Creates a participant by raw POST; `extra` adds form pairs after From and To. */
export const createRaw = (conference: string, extra: ReadonlyArray<readonly [string, string]> = []) =>
  Effect.flatMap(participantsPath(conference), (path) =>
    send("POST", path, {
      form: [["From", "+15005550006"], ["To", "+15005550001"], ...extra]
    })
  )

/** Updates a participant by raw POST. */
export const updateRaw = (
  conferenceSid: string,
  participant: string,
  form: ReadonlyArray<readonly [string, string]>
) => Effect.flatMap(participantPath(conferenceSid, participant), (path) => send("POST", path, { form }))

/** A field of a JSON object body. */
export const field = (reply: Reply, name: string): unknown =>
  typeof reply.body === "object" && reply.body !== null
    ? (Reflect.get(reply.body, name) as unknown)
    : undefined

/** A string field of a JSON object body (fails the test when absent). */
export const stringField = (reply: Reply, name: string): string => {
  const value = field(reply, name)
  if (typeof value !== "string") throw new Error(`expected a string ${name} in ${reply.text}`)
  return value
}
