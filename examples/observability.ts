/**
 * Example: the SDK's spans and metrics through OpenTelemetry (`@effect/opentelemetry`), with
 * in-memory exporters so the run prints what a collector would receive: one span per operation
 * (annotated with the route, status, `Twilio-Request-Id` and attempts; retries as span events) and the
 * `twilio_*` metrics. It runs on the simulator, with one 503 staged to show a retry.
 *
 *   node --conditions=@effect-twilio/source --import tsx examples/observability.ts
 */
import { pathToFileURL } from "node:url"
import { NodeSdk } from "@effect/opentelemetry"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio, Fault, ParticipantsTest } from "@effect-twilio/testing"
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader
} from "@opentelemetry/sdk-metrics"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Console, Effect, Layer, Stream } from "effect"

/** What the exporters received: each span's name, attributes and events, and each metric's points. */
export interface Exported {
  readonly spans: ReadonlyArray<{
    readonly name: string
    readonly attributes: Readonly<Record<string, unknown>>
    readonly events: ReadonlyArray<string>
  }>
  readonly metrics: ReadonlyArray<{ readonly name: string; readonly points: number }>
}

/** A short moderated session: create, mute (through a staged 503), list, remove. */
export const session = Effect.gen(function* () {
  const fake = yield* FakeTwilio
  const participants = yield* Participants
  const conference = yield* fake.seedConference({ friendlyName: "observed" })
  yield* participants.create(conference.sid, { from: "+15017122661", to: "+15558675310", label: "guest" })
  yield* fake.injectFault(Fault.unavailable)
  yield* participants.update(conference.sid, "guest", { muted: true })
  yield* Stream.runDrain(participants.list(conference.sid))
  yield* participants.remove(conference.sid, "guest")
})

/** Runs `session` under the OpenTelemetry SDK with in-memory exporters and answers what they got. */
export const observe: Effect.Effect<Exported> = Effect.gen(function* () {
  const spans = new InMemorySpanExporter()
  const reader = new PeriodicExportingMetricReader({
    exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
    exportIntervalMillis: 60_000
  })
  const Telemetry = NodeSdk.layer(() => ({
    resource: { serviceName: "effect-twilio-example" },
    spanProcessor: new SimpleSpanProcessor(spans),
    metricReader: reader
  }))
  // Read while the SDK's layer is open: closing it shuts the exporters down, which empties them.
  const [finished, collected] = yield* session.pipe(
    Effect.zipRight(Effect.promise(() => reader.collect())),
    Effect.map((metrics) => [spans.getFinishedSpans(), metrics] as const),
    Effect.provide(Layer.merge(ParticipantsTest, Telemetry)),
    // The session runs on the simulator: a failure here is a bug in the example.
    Effect.orDie
  )
  return {
    spans: finished.map((span) => ({
      name: span.name,
      attributes: span.attributes,
      events: span.events.map((event) => event.name)
    })),
    metrics: collected.resourceMetrics.scopeMetrics.flatMap((scope) =>
      scope.metrics
        .filter((metric) => metric.descriptor.name.startsWith("twilio_"))
        .map((metric) => ({ name: metric.descriptor.name, points: metric.dataPoints.length }))
    )
  } satisfies Exported
})

const print = Effect.flatMap(observe, ({ spans, metrics }) =>
  Effect.gen(function* () {
    for (const span of spans) {
      const attempts = span.attributes["twilio.attempts"]
      const status = span.attributes["http.response.status_code"]
      yield* Console.log(
        `${span.name.padEnd(22)} status ${String(status).padEnd(4)} attempts ${String(attempts)}${
          span.events.length > 0 ? `  events: ${span.events.join(", ")}` : ""
        }`
      )
    }
    for (const metric of metrics) yield* Console.log(`${metric.name}: ${metric.points} series`)
  })
)

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  Effect.runPromise(print).catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
