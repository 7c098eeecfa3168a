/**
 * Where one call's client CPU goes, without a network: each layer of a `Participants.fetch` and of
 * a roster page decode, measured in-process (`process.cpuUsage`, best of several rounds) against a
 * canned `HttpClient`. Complements the end-to-end benchmark when judging an SDK change.
 *
 * Run: `node --conditions=@effect-twilio/source --import tsx bench/breakdown.ts`
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import {
  CallOptions,
  RetryPolicy,
  Rfc2822,
  TwilioClient,
  TwilioConfig,
  TwilioMetrics
} from "@effect-twilio/core"
import { Participant, ParticipantPage, Participants } from "@effect-twilio/participants"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Metric from "effect/Metric"
import * as MetricKey from "effect/MetricKey"
import * as MetricLabel from "effect/MetricLabel"
import * as Schema from "effect/Schema"
import * as Slots from "../packages/core/src/internal/slots.js"
import { ACCOUNT_PATH, ACCOUNT_SID, AUTH_TOKEN, CALL_SID, CONFERENCE_SID } from "./wire.mjs"

const participantJson = (i: number) => ({
  account_sid: ACCOUNT_SID,
  call_sid: `CA${(0x100000000 + i).toString(16).padStart(32, "0")}`,
  label: i % 3 === 0 ? null : `agent-${i}`,
  call_sid_to_coach: null,
  coaching: false,
  conference_sid: CONFERENCE_SID,
  date_created: "Fri, 18 Feb 2011 21:07:20 +0000",
  date_updated: "Fri, 18 Feb 2011 21:07:25 +0000",
  end_conference_on_exit: false,
  muted: false,
  hold: false,
  status: "connected",
  start_conference_on_enter: true,
  queue_time: null,
  uri: `${ACCOUNT_PATH}/Conferences/${CONFERENCE_SID}/Participants/${CALL_SID}.json`
})
const body = JSON.stringify(participantJson(1))
const pageText = JSON.stringify({
  participants: Array.from({ length: 1000 }, (_, i) => participantJson(i)),
  next_page_uri: null,
  page: 0,
  page_size: 1000,
  start: 0,
  end: 999
})

const respond = (request: HttpClientRequest.HttpClientRequest) =>
  HttpClientResponse.fromWeb(
    request,
    new Response(body, { status: 200, headers: { "content-length": String(Buffer.byteLength(body)) } })
  )
const canned = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) => Effect.sync(() => respond(request)))
)
const config = TwilioConfig.layer({
  accountSid: ACCOUNT_SID,
  authToken: AUTH_TOKEN,
  baseUrl: "http://127.0.0.1:1"
})
const runtime = ManagedRuntime.make(
  Layer.mergeAll(Participants.layer, TwilioClient.layer).pipe(
    Layer.provideMerge(config),
    Layer.provideMerge(canned)
  )
)
const { client, http, participants } = await runtime.runPromise(
  Effect.all({ client: TwilioClient, http: HttpClient.HttpClient, participants: Participants })
)
const path = `${ACCOUNT_PATH}/Conferences/${CONFERENCE_SID}/Participants/${CALL_SID}.json`

/** CPU µs per run of `make()` (a fresh Effect each time, so nothing is memoized), best of 5 rounds. */
const measure = async (name: string, make: () => Effect.Effect<unknown, unknown>, n = 5000, per = 1) => {
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < 5; round++) {
    const cpu0 = process.cpuUsage()
    await runtime.runPromise(
      Effect.gen(function* () {
        for (let i = 0; i < n; i++) yield* make()
      })
    )
    const cpu = process.cpuUsage(cpu0)
    best = Math.min(best, (cpu.user + cpu.system) / n / per)
  }
  console.log(`${name.padEnd(64)} ${best.toFixed(1).padStart(7)} µs`)
}

const decodeParticipant = Schema.decodeUnknown(Participant, { onExcessProperty: "ignore" })
const decodePage = Schema.decodeUnknown(ParticipantPage, { onExcessProperty: "ignore" })
const decodeDate = Schema.decodeUnknown(Rfc2822.DateTimeFromRfc2822)
const getRequest = () => HttpClientRequest.get(`http://127.0.0.1:1${path}`)
const yieldNow = () => Effect.yieldNow()

console.log("one fetch, by layer (client CPU per call, canned HTTP answer):")
await measure("  canned answer alone (web Response + text)", () =>
  Effect.flatMap(
    Effect.sync(() => respond(getRequest())),
    (r) => r.text
  )
)
await measure("  HttpClient.execute + text (platform span + traceparent)", () =>
  Effect.flatMap(http.execute(getRequest()), (r) => r.text)
)
await measure("  HttpClient.execute + text, platform tracer off", () =>
  Effect.flatMap(HttpClient.withTracerDisabledWhen(http, () => true).execute(getRequest()), (r) => r.text)
)
await measure("  TwilioClient.json(GET, Schema.Unknown), retry off", () =>
  client
    .json({ method: "GET", path, route: "/r", repeatable: true }, Schema.Unknown)
    .pipe(CallOptions.withCallOptions({ retry: false }))
)
await measure("  TwilioClient.json(GET, Schema.Unknown)", () =>
  client.json({ method: "GET", path, route: "/r", repeatable: true }, Schema.Unknown)
)
await measure("  TwilioClient.json(GET, Participant)", () =>
  client.json({ method: "GET", path, route: "/r", repeatable: true }, Participant)
)
await measure("  Participants.fetch (all of the above plus refs, spans)", () =>
  participants.fetch(CONFERENCE_SID, CALL_SID)
)
console.log("building blocks (per use):")
await measure("  Effect.yieldNow (baseline async step)", yieldNow)
await measure("  Effect.withSpan around it", () =>
  Effect.withSpan(yieldNow(), "x", { attributes: { a: "b" } })
)
await measure("  Effect.withSpan, captureStackTrace: false", () =>
  Effect.withSpan(yieldNow(), "x", { attributes: { a: "b" }, captureStackTrace: false })
)
await measure("  Effect.timeoutFail(30 s) around it", () =>
  Effect.timeoutFail(yieldNow(), { duration: "30 seconds", onTimeout: () => "timeout" })
)
await measure("  Effect.retry(default policy) around it, no failure", () =>
  Effect.retry(yieldNow(), { schedule: RetryPolicy.schedule(), while: () => true })
)
const tagged = TwilioMetrics.requests.pipe(
  Metric.tagged("route", "/r"),
  Metric.tagged("method", "GET"),
  Metric.tagged("status_class", "2xx")
)
const keyed = Metric.fromMetricKey(
  MetricKey.taggedWithLabels(MetricKey.counter("twilio_requests_total", { incremental: true }), [
    MetricLabel.make("route", "/r"),
    MetricLabel.make("method", "GET"),
    MetricLabel.make("status_class", "2xx")
  ])
)
await measure("  counter update, Metric.tagged (a new key per update)", () => Metric.increment(tagged))
await measure("  counter update, made once from a tagged key (ours)", () => Metric.increment(keyed))
// 249 requests at once over 100 slots, as the moderation workload sends them (per request).
const semaphore = Effect.unsafeMakeSemaphore(100)
const slots = Slots.make(100)
// Each holds its slot until the next turn of the event loop, as a request holds it until its answer.
const nextTurn = Effect.async<void>((resume) => {
  setImmediate(() => resume(Effect.void))
})
const burst = (hold: (self: Effect.Effect<void>) => Effect.Effect<void>) => () =>
  Effect.forEach(Array.from({ length: 249 }), () => hold(nextTurn), {
    concurrency: "unbounded",
    discard: true
  })
await measure(
  "  in-flight cap, 249 at once over 100: Effect.makeSemaphore",
  burst(semaphore.withPermits(1)),
  40,
  249
)
await measure("  in-flight cap, 249 at once over 100: Slots (ours)", burst(slots.withSlot), 40, 249)
await measure("  JSON.parse of one participant", () => Effect.sync(() => JSON.parse(body)))
await measure("  JSON.parse + decode Participant", () =>
  Effect.suspend(() => decodeParticipant(JSON.parse(body)))
)
await measure("  decode DateTimeFromRfc2822", () =>
  Effect.suspend(() => decodeDate("Fri, 18 Feb 2011 21:07:20 +0000"))
)
console.log("roster page (per participant, 1000 per page):")
await measure("  JSON.parse", () => Effect.sync(() => JSON.parse(pageText)), 40, 1000)
await measure(
  "  JSON.parse + decode ParticipantPage",
  () => Effect.suspend(() => decodePage(JSON.parse(pageText))),
  40,
  1000
)

await runtime.dispose()
