import { assert, it } from "@effect/vitest"
import { FakeTwilio } from "@effect-twilio/testing"
import { Effect, FastCheck as fc } from "effect"
import { createRaw, field, participantPath, participantsPath, send, stringField } from "./support/wire.js"

// Labels Twilio accepts: 1-128 characters, no "/", not shaped like a Call SID.
const label = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
  .filter((s) => s.length <= 128 && !s.includes("/") && !/^CA[0-9a-f]{32}$/i.test(s))

it.effect.prop(
  "any accepted label survives form encoding on create and percent-encoding in the path",
  { label },
  ({ label }) =>
    Effect.gen(function* () {
      const created = yield* createRaw("prop room", [["Label", label]])
      assert.strictEqual(created.status, 201, created.text)
      assert.strictEqual(field(created, "label"), label)
      const path = yield* participantPath(stringField(created, "conference_sid"), label)
      const fetched = yield* send("GET", path)
      assert.strictEqual(field(fetched, "call_sid"), field(created, "call_sid"))
      const removed = yield* send("DELETE", path)
      assert.strictEqual(removed.status, 204)
    }).pipe(Effect.provide(FakeTwilio.layer)),
  { fastCheck: { numRuns: 100 } }
)

it.effect.prop(
  "a seeded roster pages back complete and in order for any page size",
  { size: fc.integer({ min: 0, max: 120 }), pageSize: fc.integer({ min: 1, max: 50 }) },
  ({ size, pageSize }) =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio
      const conference = yield* fake.seedConference()
      const calls = yield* fake.seedParticipants(conference.sid, size)
      let reply = yield* send("GET", yield* participantsPath(conference.sid), {
        query: [["PageSize", String(pageSize)]]
      })
      const seen: Array<unknown> = []
      for (;;) {
        const rows = field(reply, "participants")
        assert.isArray(rows)
        if (Array.isArray(rows)) for (const row of rows) seen.push(Reflect.get(row, "call_sid"))
        const next = field(reply, "next_page_uri")
        if (next === null) break
        reply = yield* send("GET", String(next))
      }
      assert.deepStrictEqual(seen, [...calls])
    }).pipe(Effect.provide(FakeTwilio.layer)),
  { fastCheck: { numRuns: 30 } }
)
