import { FetchHttpClient } from "@effect/platform"
import { ConferencePage, ListConferencesParams } from "@effect-twilio/conferences"
import { TwilioClient, TwilioConfig } from "@effect-twilio/core"
import { Effect, Layer } from "effect"

// The conferences in progress named "standup", read through the SDK's authenticated client.
const program = Effect.gen(function* () {
  const { query } = yield* ListConferencesParams.encode({
    friendlyName: "standup",
    status: "in-progress", // sent as Status=in-progress
    pageSize: 20
  })
  const client = yield* TwilioClient
  const page = yield* client.json(
    {
      method: "GET",
      path: `${client.accountPath}/Conferences.json`,
      route: "/Conferences",
      query,
      repeatable: true
    },
    ConferencePage
  )
  for (const conference of page.conferences) {
    yield* Effect.log(`${conference.sid} ${conference.friendlyName}: ${conference.status}`)
  }
})

const TwilioLive = TwilioClient.layer.pipe(
  Layer.provide(TwilioConfig.layerConfig()), // TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN …
  Layer.provide(FetchHttpClient.layer)
)

Effect.runPromise(program.pipe(Effect.provide(TwilioLive)))
