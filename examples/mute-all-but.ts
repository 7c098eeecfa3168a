/**
 * Example: participant operations composed in a backend endpoint.
 *
 *   POST /conferences/:conferenceSid/mute-all-but/:label
 *
 * mutes everyone in the conference except the participant with that label (or Call SID), eight
 * updates at a time, and answers `{ "muted": ["CA…", …] }`. Every Twilio failure is mapped to an
 * HTTP answer with `catchTags`, so the handler's error type is `never`.
 *
 * Run it against Twilio (or against `pnpm fake-twilio`, whose output gives the TWILIO_* values):
 *
 *   TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=… PORT=3000 \
 *     node --conditions=@effect-twilio/source --import tsx examples/mute-all-but.ts
 *   curl -X POST localhost:3000/conferences/CF…/mute-all-but/moderator
 */
import { createServer } from "node:http"
import { pathToFileURL } from "node:url"
import { HttpMiddleware, HttpRouter, HttpServer, HttpServerResponse } from "@effect/platform"
import { NodeHttpClient, NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Chunk, Config, Duration, Effect, Layer, Option, Schema, Stream } from "effect"

/** Mutes every participant except `keep` (a label or a Call SID); answers the Call SIDs it muted. */
export const muteAllBut = (conferenceSid: string, keep: string) =>
  Effect.gen(function* () {
    const participants = yield* Participants
    return yield* participants.list(conferenceSid, { muted: false }).pipe(
      Stream.filter((p) => p.label !== keep && p.callSid !== keep),
      Stream.mapEffect((p) => participants.update(conferenceSid, p.callSid ?? "", { muted: true }), {
        concurrency: 8
      }),
      Stream.map((p) => p.callSid),
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
  })

const PathParams = Schema.Struct({ conferenceSid: Schema.String, label: Schema.String })

/** A JSON error answer. */
const problem = (status: number, error: string, headers: Record<string, string> = {}) =>
  Effect.succeed(HttpServerResponse.unsafeJson({ error }, { status, headers }))

/** The endpoint: Twilio's answers become HTTP statuses the caller can act on. */
export const router = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/conferences/:conferenceSid/mute-all-but/:label",
    Effect.gen(function* () {
      const { conferenceSid, label } = yield* HttpRouter.schemaPathParams(PathParams)
      const muted = yield* muteAllBut(conferenceSid, label)
      return HttpServerResponse.unsafeJson({ muted })
    }).pipe(
      Effect.catchTags({
        ParseError: () => problem(400, "the path needs a conference SID and a label"),
        InvalidParameters: (e) => problem(400, e.message),
        NotFound: () => problem(404, "no such conference"),
        RateLimited: (e) =>
          problem(429, "Twilio is rate limiting us; try again later", {
            "retry-after": String(
              Math.ceil(Duration.toSeconds(Option.getOrElse(e.retryAfter, () => Duration.seconds(1))))
            )
          }),
        InvalidRequest: (e) => problem(422, `Twilio refused the change: ${e.message} (code ${e.code})`),
        AuthenticationFailed: () => problem(502, "Twilio refused this service's credentials"),
        ServerError: () => problem(502, "Twilio is failing; nothing was changed by the last attempt"),
        TransportError: (e) => problem(504, `Twilio did not answer: ${e.reason}`),
        UnexpectedResponse: () => problem(502, "Twilio sent an answer we could not read")
      })
    )
  )
)

/** The SDK on real Twilio, configured from `TWILIO_*` variables. */
export const TwilioLive = Participants.layer.pipe(
  Layer.provide(TwilioConfig.layerConfig()),
  Layer.provide(NodeHttpClient.layerUndici)
)

/** The HTTP server on `PORT` (default 3000). */
export const ServerLive = Layer.unwrapEffect(
  Effect.map(Config.withDefault(Config.port("PORT"), 3000), (port) =>
    HttpServer.serve(router, HttpMiddleware.logger).pipe(
      HttpServer.withLogAddress,
      Layer.provide(NodeHttpServer.layer(createServer, { port }))
    )
  )
)

// Started only when this file is the program (tests import `router` and `muteAllBut`).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(Layer.launch(ServerLive.pipe(Layer.provide(TwilioLive))))
}
