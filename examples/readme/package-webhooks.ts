import { ConferenceWebhook } from "@effect-twilio/webhooks"
import { Effect, Redacted } from "effect"

// An AWS Lambda function URL (or API Gateway HTTP API) handler for conference status callbacks.
interface LambdaEvent {
  readonly rawPath: string
  readonly rawQueryString: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body?: string | undefined
  readonly isBase64Encoded?: boolean | undefined
}

// The origin Twilio calls (and signs): the function URL itself, or your custom domain.
const PUBLIC_ORIGIN = "https://hooks.example.com"

export const handler = (event: LambdaEvent): Promise<{ readonly statusCode: number }> =>
  ConferenceWebhook.parse({
    authToken: Redacted.make(process.env.TWILIO_AUTH_TOKEN ?? ""),
    url: `${PUBLIC_ORIGIN}${event.rawPath}${event.rawQueryString === "" ? "" : `?${event.rawQueryString}`}`,
    signature: event.headers["x-twilio-signature"], // Lambda lower-cases header names
    body: event.isBase64Encoded === true ? Buffer.from(event.body ?? "", "base64") : (event.body ?? "")
  }).pipe(
    Effect.tap((callback) => Effect.log(`conference callback: ${callback.statusCallbackEvent}`)),
    Effect.as({ statusCode: 204 }),
    Effect.catchTags({
      InvalidSignature: () => Effect.succeed({ statusCode: 403 }),
      InvalidWebhook: () => Effect.succeed({ statusCode: 400 })
    }),
    Effect.runPromise // the framework boundary: Lambda awaits a Promise
  )
