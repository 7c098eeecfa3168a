/** Shared set-ups of the tests that watch the SDK from outside: a seeded simulator, a span recorder. */
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect, Layer, Tracer } from "effect"

/** A simulator conference with one participant labelled "agent". */
export const conferenceWithAgent = Effect.gen(function* () {
  const fake = yield* FakeTwilio
  const conference = yield* fake.seedConference()
  yield* fake.seedParticipants(conference.sid, [{ label: "agent" }])
  return { fake, sid: conference.sid }
})

/** A tracer layer that keeps every span it starts in `spans`, otherwise the current tracer. */
export const recordingTracer = (spans: Array<Tracer.Span>) =>
  Layer.unwrapEffect(
    Effect.map(Effect.tracer, (base) =>
      Layer.setTracer(
        Tracer.make({
          span: (...args) => {
            const span = base.span(...args)
            spans.push(span)
            return span
          },
          context: (f, fiber) => base.context(f, fiber)
        })
      )
    )
  )
