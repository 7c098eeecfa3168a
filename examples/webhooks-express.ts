/**
 * Example: Twilio conference status callbacks in an Express app, through `ConferenceWebhook.parse`.
 *
 *   POST /twilio/conference   (the conferenceStatusCallback URL given to Twilio)
 *
 * The route keeps the raw body (`express.text`, capped), rebuilds the URL Twilio called from the
 * configured public URL (Express behind a proxy sees http and its own host), verifies and decodes
 * in one call, skips redeliveries by `conferenceSid` + `sequenceNumber`, and answers 204, 403 or 400.
 *
 *   TWILIO_AUTH_TOKEN=… PUBLIC_URL=https://hooks.example.com PORT=3000 \
 *     node --conditions=@effect-twilio/source --import tsx examples/webhooks-express.ts
 */
import type { Server } from "node:http"
import { pathToFileURL } from "node:url"
import { ConferenceEvent, ConferenceWebhook } from "@effect-twilio/webhooks"
import { Effect, Redacted } from "effect"
import express from "express"

/** What the app needs. */
export interface Options {
  readonly authToken: Redacted.Redacted<string>
  /** The origin Twilio calls, e.g. `https://hooks.example.com`. */
  readonly publicUrl: string
  /** Runs once per delivery; a failure answers 500, so Twilio delivers the event again. */
  readonly onEvent: (event: ConferenceEvent.ConferenceEvent) => Effect.Effect<void, unknown>
  /** How many delivery keys are remembered to skip redeliveries. */
  readonly remember?: number
}

/** The delivery keys seen last, at most `size` of them (the oldest is forgotten first). */
const recentKeys = (size: number) => {
  const keys = new Set<string>()
  return {
    has: (key: string) => keys.has(key),
    add: (key: string) => {
      keys.add(key)
      const oldest = keys.values().next().value
      if (keys.size > size && oldest !== undefined) keys.delete(oldest)
    }
  }
}

/** The Express app. */
export const makeApp = (options: Options): express.Express => {
  const app = express()
  const seen = recentKeys(options.remember ?? 10_000)
  // The raw form, not express.urlencoded: the signature is checked against what Twilio sent.
  const rawForm = express.text({ type: "application/x-www-form-urlencoded", limit: "64kb" })

  app.post("/twilio/conference", rawForm, (req, res) => {
    const program = ConferenceWebhook.parse({
      authToken: options.authToken,
      url: options.publicUrl + req.originalUrl,
      signature: req.get("X-Twilio-Signature"),
      body: typeof req.body === "string" ? req.body : ""
    }).pipe(
      Effect.flatMap((event) => {
        const key = ConferenceEvent.deliveryKey(event)
        if (seen.has(key)) return Effect.void
        return Effect.tap(options.onEvent(event), () => Effect.sync(() => seen.add(key)))
      }),
      Effect.as(204),
      Effect.catchTags({
        InvalidSignature: () => Effect.succeed(403),
        InvalidWebhook: () => Effect.succeed(400)
      }),
      Effect.catchAll(() => Effect.succeed(500))
    )
    // Express is the framework boundary: run the effect and answer with its status.
    void Effect.runPromise(program).then((status) => res.sendStatus(status))
  })
  return app
}

/** Starts the app on `port`; resolves to the listening server. */
export const listen = (app: express.Express, port: number, host?: string): Promise<Server> =>
  new Promise((resolve) => {
    const server = app.listen(port, host ?? "0.0.0.0", () => resolve(server))
  })

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = makeApp({
    authToken: Redacted.make(process.env.TWILIO_AUTH_TOKEN ?? ""),
    publicUrl: process.env.PUBLIC_URL ?? "http://localhost:3000",
    onEvent: (event) => Effect.log(`${event.statusCallbackEvent} ${ConferenceEvent.deliveryKey(event)}`)
  })
  void listen(app, Number(process.env.PORT ?? 3000))
}
