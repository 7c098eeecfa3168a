/**
 * The README's Conferences snippets, run as tests: the params encoded to Twilio's query, and the
 * simulator ending a conference, answered as a `Conference`.
 */
// #region simulate
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { assert, it } from "@effect/vitest"
import { Conference, ListConferencesParams } from "@effect-twilio/conferences"
import { TwilioConfig } from "@effect-twilio/core"
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect, Schema } from "effect"

it.effect("ending a conference hangs up everyone in it", () =>
  Effect.gen(function* () {
    const fake = yield* FakeTwilio
    const room = yield* fake.seedConference({ friendlyName: "standup" })
    yield* fake.seedParticipants(room.sid, [{ label: "host" }, { label: "guest" }])

    const { baseUrl } = yield* TwilioConfig
    const client = yield* HttpClient.HttpClient
    const ended = yield* client
      .execute(
        HttpClientRequest.post(`${baseUrl}${room.uri}`).pipe(
          HttpClientRequest.basicAuth(fake.accountSid, fake.authToken),
          HttpClientRequest.bodyUrlParams({ Status: "completed" })
        )
      )
      .pipe(
        Effect.flatMap((response) => response.json),
        Effect.flatMap(Schema.decodeUnknown(Conference)),
        Effect.scoped
      )

    assert.strictEqual(ended.status, "completed")
    assert.strictEqual(ended.reasonConferenceEnded, "conference-ended-via-api")
    assert.deepStrictEqual(yield* fake.participants(room.sid), [])
  }).pipe(Effect.provide(FakeTwilio.layer))
)
// #endregion

it.effect("list filters reach the wire under Twilio's names", () =>
  Effect.gen(function* () {
    // #region params
    const { query, limit } = yield* ListConferencesParams.encode({
      friendlyName: "standup",
      status: "in-progress",
      dateCreatedAfter: "2026-11-01", // sent as DateCreated>=2026-11-01
      pageSize: 20,
      limit: 100 // the SDK's own: never sent
    })
    // #endregion
    assert.deepStrictEqual(
      query.map(([key, value]) => `${key}=${value}`),
      ["FriendlyName=standup", "Status=in-progress", "DateCreated>=2026-11-01", "PageSize=20"]
    )
    assert.strictEqual(limit, 100)
  })
)
