/**
 * Micro-benchmark of roster decoding: client CPU per participant for one 1000-participant page, as
 * `JSON.parse` alone, the full-schema decode the SDK used before its fast path (kept here as a
 * reference), and the decoding the SDK does now; plus one participant on its own and one date. Each
 * row runs in its own process: best of several rounds (`process.cpuUsage`) after a warm-up. Every
 * path is checked to give equal values first.
 *
 * Run: `node --conditions=@effect-twilio/source --import tsx bench/decode.ts [--rounds N]`
 */

import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Rfc2822 } from "@effect-twilio/core"
import { Participant, ParticipantPage } from "@effect-twilio/participants"
import { ParticipantFromWire } from "@effect-twilio/participants/Participant"
import * as Either from "effect/Either"
import * as Equal from "effect/Equal"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { ACCOUNT_PATH, ACCOUNT_SID, hex32 } from "./wire.mjs"

const roundsArg = process.argv.indexOf("--rounds")
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 15
const PAGE_SIZE = 1000

// The same participants the loopback server sends (bench/server.mjs), in Twilio's key order.
const STATUSES = ["connected", "connected", "connected", "ringing", "queued", "connecting"]
const BASE_TIME = Date.UTC(2011, 1, 18, 21, 7, 19)
const conferenceSid = `CF${hex32(100_000)}`
const participantJson = (i: number, queueTime: string | null) => {
  const callSid = `CA${hex32(0x1_0000_0000 + i)}`
  return {
    account_sid: ACCOUNT_SID,
    call_sid: callSid,
    label: i % 3 === 0 ? null : `agent-${i}`,
    call_sid_to_coach: i % 7 === 0 ? `CA${hex32(i + 1)}` : null,
    coaching: i % 7 === 0,
    conference_sid: conferenceSid,
    date_created: Rfc2822.format(BASE_TIME + i * 1000),
    date_updated: Rfc2822.format(BASE_TIME + i * 1000 + 5000),
    end_conference_on_exit: i % 5 === 0,
    muted: i % 2 === 0,
    hold: i % 11 === 0,
    status: STATUSES[i % STATUSES.length],
    start_conference_on_enter: true,
    queue_time: queueTime,
    uri: `${ACCOUNT_PATH}/Conferences/${conferenceSid}/Participants/${callSid}.json`
  }
}
const pageText = (queueTime: (i: number) => string | null) =>
  JSON.stringify({
    participants: Array.from({ length: PAGE_SIZE }, (_, i) => participantJson(i, queueTime(i))),
    first_page_uri: `${ACCOUNT_PATH}/Conferences/${conferenceSid}/Participants.json?PageSize=${PAGE_SIZE}&Page=0`,
    next_page_uri: `${ACCOUNT_PATH}/Conferences/${conferenceSid}/Participants.json?PageSize=${PAGE_SIZE}&Page=1&PageToken=PA1`,
    previous_page_uri: null,
    uri: `${ACCOUNT_PATH}/Conferences/${conferenceSid}/Participants.json?PageSize=${PAGE_SIZE}&Page=0`,
    page: 0,
    page_size: PAGE_SIZE,
    start: 0,
    end: PAGE_SIZE - 1
  })

const field = <A, I, R>(key: string, schema: Schema.Schema<A, I, R>) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null }).pipe(Schema.fromKey(key))

/** `ParticipantPage` as it was before the fast path: every item through the full `Participant` schema. */
class ReferencePage extends Schema.Class<ReferencePage>("ReferencePage")({
  participants: Schema.Array(Participant),
  nextPageUri: field("next_page_uri", Schema.String),
  previousPageUri: field("previous_page_uri", Schema.String),
  firstPageUri: field("first_page_uri", Schema.String),
  uri: field("uri", Schema.String),
  page: field("page", Schema.Int),
  pageSize: field("page_size", Schema.Int),
  start: field("start", Schema.Int),
  end: field("end", Schema.Int)
}) {}

// As `TwilioClient.json` decodes a body (there wrapped in an Effect).
const options = { onExcessProperty: "ignore" } as const
const decoder =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (text: string): A =>
    Either.getOrThrowWith(ParseResult.decodeUnknownEither(schema, options)(JSON.parse(text)), (issue) =>
      ParseResult.TreeFormatter.formatIssueSync(issue)
    )

const referencePage = decoder(ReferencePage)
const sdkPage = decoder(ParticipantPage)
const referenceOne = decoder(Participant)
const fastOne = decoder(ParticipantFromWire)

const sameParticipants = (a: ReadonlyArray<Participant>, b: ReadonlyArray<Participant>) =>
  a.length === b.length &&
  a.every((p, i) => Equal.equals(p, b[i]) && JSON.stringify(p) === JSON.stringify(b[i]))

/** Best CPU time over the rounds, in µs per call of `f`. */
const bestMicros = (f: () => unknown, callsPerRound: number): number => {
  for (let i = 0; i < callsPerRound; i++) f()
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.cpuUsage()
    for (let i = 0; i < callsPerRound; i++) f()
    const used = process.cpuUsage(start)
    best = Math.min(best, (used.user + used.system) / callsPerRound)
  }
  return best
}

const pages = {
  null: pageText(() => null),
  strings: pageText((i) => String(i))
} as const
const one = JSON.stringify(participantJson(1, null))
const date = "Fri, 18 Feb 2011 21:07:19 +0000"

/** Each row runs in a fresh process, so no path inherits the heap another one left behind. */
const rows: ReadonlyArray<{ readonly label: string; readonly run: () => number }> = [
  ...(["null", "strings"] as const).flatMap((kind) => {
    const text = pages[kind]
    const name = kind === "null" ? "queue_time null (as the bench server sends)" : 'queue_time "0".."999"'
    const perParticipant = (f: (text: string) => unknown) => () => bestMicros(() => f(text), 20) / PAGE_SIZE
    return [
      { label: `page, ${name}: JSON.parse only`, run: perParticipant((t) => JSON.parse(t)) },
      { label: `page, ${name}: JSON.parse + full schema (before)`, run: perParticipant(referencePage) },
      { label: `page, ${name}: JSON.parse + ParticipantPage (now)`, run: perParticipant(sdkPage) }
    ]
  }),
  { label: "one participant: JSON.parse only", run: () => bestMicros(() => JSON.parse(one), 20_000) },
  {
    label: "one participant: JSON.parse + Participant (full schema)",
    run: () => bestMicros(() => referenceOne(one), 20_000)
  },
  {
    label: "one participant: JSON.parse + ParticipantFromWire",
    run: () => bestMicros(() => fastOne(one), 20_000)
  },
  {
    label: "one date: Rfc2822.parse, Twilio's fixed-width form",
    run: () => bestMicros(() => Rfc2822.parse(date), 200_000)
  },
  {
    label: "one date: Rfc2822.parse, another layout (regex)",
    run: () => bestMicros(() => Rfc2822.parse(` ${date}`), 200_000)
  }
]

const rowArg = process.argv.indexOf("--row")
if (rowArg > 0) {
  const row = rows[Number(process.argv[rowArg + 1])]
  if (row === undefined) throw new Error("no such row")
  console.log(JSON.stringify(row.run()))
} else {
  for (const [kind, text] of Object.entries(pages)) {
    if (!sameParticipants(referencePage(text).participants, sdkPage(text).participants)) {
      throw new Error(`ParticipantPage and the full schema disagree (queue_time ${kind})`)
    }
  }
  if (!sameParticipants([referenceOne(one)], [fastOne(one)])) throw new Error("ParticipantFromWire disagrees")
  const width = Math.max(...rows.map(({ label }) => label.length))
  console.log(
    `Node ${process.version}, best of ${ROUNDS} rounds, µs of CPU per participant (pages) or per call`
  )
  rows.forEach(({ label }, i) => {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), "--row", String(i), "--rounds", String(ROUNDS)],
      { encoding: "utf8" }
    )
    if (child.status !== 0) throw new Error(`${label}: ${child.stderr}`)
    console.log(`${label.padEnd(width)}  ${Number(child.stdout.trim()).toFixed(2).padStart(7)} µs`)
  })
}
