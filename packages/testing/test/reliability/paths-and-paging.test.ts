/**
 * Issue #14, cases 1, 3, 4, 5, 6 and 15, through the public API: path values that a URL would
 * rewrite or `encodeURIComponent` cannot encode, page links that loop, never reach an item or lead
 * to another list, a participant that does not decode, and hostile JavaScript values. Each wire case
 * runs on an in-process transport and on a real loopback socket.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio } from "@effect-twilio/testing"
import { participantsTestWith } from "@effect-twilio/testing/ParticipantsTest"
import { Chunk, Effect, Exit, Layer, type Scope, Stream } from "effect"
import { failureOf } from "./support/exits.js"
import {
  ACCOUNT_SID,
  type Answer,
  AUTH_TOKEN,
  CONFERENCE_SID,
  json,
  ROSTER,
  scripted
} from "./support/scripted.js"
import { bareServer } from "./support/sockets.js"
import { callUntyped } from "./support/untyped.js"

const numbers = { from: "+15005550006", to: "+15005550001" }
const CALL = (n: number) => `CA${n.toString(16).padStart(32, "0")}`
const OTHER_CONFERENCE = `CF${"cd".repeat(16)}`

/** A participant as Twilio sends it. */
const wire = (n: number) => ({
  account_sid: ACCOUNT_SID,
  conference_sid: CONFERENCE_SID,
  call_sid: CALL(n),
  label: `p${n}`,
  status: "connected",
  muted: false,
  hold: false
})

/** Where a script's answers are served: `answer(n, url)` for the n-th request (from 1). */
type Transport = (answer: (n: number, url: string) => Answer) => Effect.Effect<
  {
    readonly layer: Layer.Layer<Participants>
    readonly requests: Effect.Effect<number>
    readonly urls: () => ReadonlyArray<string>
  },
  never,
  Scope.Scope
>

const inProcess: Transport = (answer) =>
  Effect.gen(function* () {
    const urls: Array<string> = []
    const { layer, requests } = yield* scripted((n, url) => {
      urls.push(url)
      return answer(n, url)
    })
    return { layer: Layer.orDie(layer), requests, urls: () => urls }
  })

const loopback: Transport = (answer) =>
  Effect.gen(function* () {
    let n = 0
    const server = yield* bareServer((req, res) => {
      n += 1
      const a = answer(n, req.url ?? "")
      res.writeHead(a.status, a.headers ?? {})
      res.end(typeof a.body === "string" ? a.body : "")
    })
    const layer = Participants.layer.pipe(
      Layer.provide(
        TwilioConfig.layer({
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          baseUrl: server.baseUrl,
          retry: false
        })
      ),
      Layer.provide(NodeHttpClient.layerUndici),
      Layer.orDie
    )
    return { layer, requests: Effect.sync(() => n), urls: () => server.seen.map((s) => s.url) }
  })

const transports: ReadonlyArray<readonly [string, Transport]> = [
  ["in process", inProcess],
  ["loopback socket", loopback]
]

const page = (participants: ReadonlyArray<unknown>, next: string | null) =>
  json(200, { participants, next_page_uri: next, page_size: 50 })

const drain = <A, E>(stream: Stream.Stream<A, E, Participants>) => Effect.exit(Stream.runCollect(stream))

const roster = (params?: Parameters<Participants.Service["list"]>[1]) =>
  Stream.unwrap(Effect.map(Participants, (participants) => participants.list(CONFERENCE_SID, params)))

for (const [where, transport] of transports) {
  describe(`#14 paging rules (${where})`, () => {
    it.scoped("case 4: a next_page_uri naming a page already read ends the stream at once", () =>
      Effect.gen(function* () {
        const link = `${ROSTER}?PageSize=50&Page=1&PageToken=PA1`
        const { layer, requests } = yield* transport((n) => page([wire(n)], link))
        const exit = yield* drain(roster()).pipe(Effect.provide(layer))
        const error = failureOf(exit, "UnexpectedResponse")
        assert.include(error.description, "loop")
        assert.strictEqual(error.cursor, link, "the page whose link was refused")
        assert.strictEqual(yield* requests, 2, "the first page and page 1, never page 1 again")
      })
    )

    it.scoped("case 4: a link back to the first page is a loop too", () =>
      Effect.gen(function* () {
        const { layer, requests } = yield* transport(() => page([wire(1)], ROSTER))
        const error = failureOf(yield* drain(roster()).pipe(Effect.provide(layer)), "UnexpectedResponse")
        assert.include(error.description, "loop")
        assert.strictEqual(yield* requests, 1)
      })
    )

    it.scoped("case 4: endless empty pages stop after 11, even under limit or Stream.take", () =>
      Effect.gen(function* () {
        for (const stream of [roster(), roster({ limit: 10 }), Stream.take(roster(), 1)]) {
          // Each link keeps the page size that was asked for, as Twilio's do.
          const { layer, requests } = yield* transport((n, url) =>
            page([], `${ROSTER}?PageSize=${/PageSize=(\d+)/.exec(url)?.[1] ?? 50}&Page=${n}&PageToken=PA${n}`)
          )
          const error = failureOf(yield* drain(stream).pipe(Effect.provide(layer)), "UnexpectedResponse")
          assert.include(error.description, "empty pages")
          assert.strictEqual(yield* requests, 11)
        }
      })
    )

    it.scoped("case 4: empty pages that reach items in time are followed", () =>
      Effect.gen(function* () {
        const { layer } = yield* transport((n) =>
          n <= 10 ? page([], `${ROSTER}?PageSize=50&Page=${n}&PageToken=PA${n}`) : page([wire(n)], null)
        )
        const exit = yield* drain(roster()).pipe(Effect.provide(layer))
        assert.isTrue(Exit.isSuccess(exit))
        if (Exit.isSuccess(exit)) assert.strictEqual(Chunk.size(exit.value), 1)
      })
    )

    const refused: ReadonlyArray<readonly [string, string, Parameters<Participants.Service["list"]>[1]]> = [
      [
        "another conference's roster",
        `/2010-04-01/Accounts/${ACCOUNT_SID}/Conferences/${OTHER_CONFERENCE}/Participants.json?PageSize=50&Page=1`,
        {}
      ],
      ["a changed filter", `${ROSTER}?Muted=false&PageSize=50&Page=1`, { muted: true, pageSize: 50 }],
      ["a dropped filter", `${ROSTER}?PageSize=50&Page=1`, { muted: true, pageSize: 50 }],
      ["an added filter", `${ROSTER}?Hold=true&PageSize=50&Page=1`, { pageSize: 50 }],
      ["a changed PageSize", `${ROSTER}?Muted=true&PageSize=1000&Page=1`, { muted: true, pageSize: 50 }]
    ]
    for (const [name, link, params] of refused) {
      it.scoped(`case 5: a link with ${name} is refused before it is requested`, () =>
        Effect.gen(function* () {
          const { layer, requests } = yield* transport(() => page([wire(1)], link))
          const exit = yield* drain(roster(params)).pipe(Effect.provide(layer))
          const error = failureOf(exit, "UnexpectedResponse")
          assert.include(error.description, "next_page_uri")
          assert.strictEqual(yield* requests, 1)
        })
      )
    }

    it.scoped(
      "case 5: filters are compared decoded, so a percent-encoded filter name is the same filter",
      () =>
        Effect.gen(function* () {
          const { layer, requests } = yield* transport((n) =>
            n === 1 ? page([wire(1)], `${ROSTER}?%4Duted=true&PageSize=50&Page=1`) : page([wire(2)], null)
          )
          const exit = yield* drain(roster({ muted: true, pageSize: 50 })).pipe(Effect.provide(layer))
          assert.isTrue(Exit.isSuccess(exit))
          assert.strictEqual(yield* requests, 2)
        })
    )

    it.scoped("case 5: without a PageSize, the first link's page size is kept from then on", () =>
      Effect.gen(function* () {
        const { layer, requests } = yield* transport((n) =>
          n === 1
            ? page([wire(1)], `${ROSTER}?PageSize=50&Page=1&PageToken=PA1`)
            : page([wire(n)], `${ROSTER}?PageSize=20&Page=2&PageToken=PA2`)
        )
        const error = failureOf(yield* drain(roster()).pipe(Effect.provide(layer)), "UnexpectedResponse")
        assert.include(error.description, "PageSize")
        assert.strictEqual(yield* requests, 2)
      })
    )

    it.scoped("case 6: a bad participant names its page and the next; listFrom(nextCursor) carries on", () =>
      Effect.gen(function* () {
        const page1 = `${ROSTER}?PageSize=2&Page=1&PageToken=PA1`
        const page2 = `${ROSTER}?PageSize=2&Page=2&PageToken=PA2`
        const { layer, urls } = yield* transport((_, url) =>
          url.endsWith("Page=1&PageToken=PA1")
            ? page([wire(3), { ...wire(4), call_sid: "not-a-call" }], page2)
            : url.endsWith("Page=2&PageToken=PA2")
              ? page([wire(5)], null)
              : page([wire(1), wire(2)], page1)
        )
        const seen: Array<string> = []
        const exit = yield* roster({ pageSize: 2 }).pipe(
          Stream.runForEach((p) => Effect.sync(() => seen.push(p.label ?? ""))),
          Effect.exit,
          Effect.provide(layer)
        )
        const error = failureOf(exit, "UnexpectedResponse")
        assert.strictEqual(error.cursor, page1)
        assert.strictEqual(error.nextCursor, page2)
        assert.strictEqual(error.itemIndex, 1)
        assert.include(error.itemReason ?? "", "not-a-call")
        assert.deepStrictEqual(seen, ["p1", "p2"], "nothing of the failed page is emitted")

        const rest = yield* Effect.flatMap(Participants, (participants) =>
          Stream.runCollect(participants.listFrom(error.nextCursor ?? ""))
        ).pipe(Effect.provide(layer))
        assert.deepStrictEqual(
          Chunk.toReadonlyArray(rest).map((p) => p.label),
          ["p5"]
        )
        assert.isTrue(urls().at(-1)?.endsWith("Page=2&PageToken=PA2"))
      })
    )

    it.scoped("case 6: a bad participant on the last page has no nextCursor", () =>
      Effect.gen(function* () {
        const { layer } = yield* transport(() => page([{ ...wire(1), date_created: "yesterday" }], null))
        const error = failureOf(yield* drain(roster()).pipe(Effect.provide(layer)), "UnexpectedResponse")
        assert.strictEqual(error.itemIndex, 0)
        assert.isUndefined(error.nextCursor)
      })
    )
  })
}

describe("#14 path values (in process and on a loopback socket)", () => {
  const layers = [
    ["in process", participantsTestWith({ retry: false })],
    [
      "loopback socket",
      Participants.layer.pipe(
        Layer.provideMerge(FakeTwilio.layerServer({ retry: false })),
        Layer.provide(NodeHttpClient.layerUndici)
      )
    ]
  ] as const

  const SID = `CF${"0123456789abcdef".repeat(2)}`
  const cases: ReadonlyArray<
    readonly [string, (p: Participants.Service) => Effect.Effect<unknown, unknown>, string]
  > = [
    ["case 1: a lone surrogate in a participant", (p) => p.fetch(SID, "ab\uD800cd"), "lone UTF-16 surrogate"],
    ["case 1: a lone low surrogate at the end", (p) => p.remove(SID, "emoji\uDE00"), "lone UTF-16 surrogate"],
    ["case 1: a lone surrogate in a conference name", (p) => p.create("team\uD83D", numbers), "lone UTF-16"],
    [
      "case 1: a lone surrogate in a label (a form value)",
      (p) => p.create(SID, { ...numbers, label: "cut \uD83D" }),
      "lone UTF-16 surrogate"
    ],
    ["case 1: a lone surrogate in `to`", (p) => p.create(SID, { ...numbers, to: "client:a\uDC00" }), "To"],
    ["case 3: `.` as a conference", (p) => p.create(".", numbers), "dot segment"],
    ["case 3: `..` as a conference", (p) => p.create("..", numbers), "dot segment"],
    ["case 3: `.` as a participant", (p) => p.fetch(SID, "."), "dot segment"],
    ["case 3: `..` as a participant", (p) => p.update(SID, "..", { muted: true }), "dot segment"],
    ["case 3: `..` as a participant to remove", (p) => p.remove(SID, ".."), "dot segment"]
  ]

  for (const [where, layer] of layers) {
    for (const [name, run, expected] of cases) {
      it.scoped(`${name} (${where}): InvalidParameters, no request`, () =>
        Effect.gen(function* () {
          const fake = yield* FakeTwilio
          const exit = yield* Effect.exit(Effect.flatMap(Participants, run))
          assert.include(failureOf(exit, "InvalidParameters").message, expected)
          assert.strictEqual((yield* fake.requests).length, 0)
        }).pipe(Effect.provide(layer))
      )
    }

    it.scoped(`a label with a whole emoji still works (${where})`, () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const conference = yield* fake.seedConference()
        const participants = yield* Participants
        yield* participants.create(conference.sid, { ...numbers, label: "host \uD83D\uDE00" })
        const fetched = yield* participants.fetch(conference.sid, "host \uD83D\uDE00")
        assert.strictEqual(fetched.label, "host \uD83D\uDE00")
      }).pipe(Effect.provide(layer))
    )
  }
})

describe("#14 case 15: hostile JavaScript values are InvalidParameters, never a defect", () => {
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    return proxy
  }
  const throwing = (key: string, base: object = {}) =>
    Object.defineProperty({ ...base }, key, {
      enumerable: true,
      get: () => {
        throw new Error("boom")
      }
    })
  const SID = `CF${"0123456789abcdef".repeat(2)}`
  const cases: ReadonlyArray<
    readonly [string, (p: Participants.Service) => Effect.Effect<unknown, unknown>]
  > = [
    ["create params: a revoked proxy", (p) => callUntyped(p.create, SID, revoked())],
    ["create params: a throwing getter", (p) => callUntyped(p.create, SID, throwing("label", numbers))],
    ["create params: a throwing `to`", (p) => callUntyped(p.create, SID, throwing("to", { from: "+1" }))],
    ["update params: a revoked proxy", (p) => callUntyped(p.update, SID, "agent", revoked())],
    ["update params: a throwing getter", (p) => callUntyped(p.update, SID, "agent", throwing("muted"))],
    ["list params: a revoked proxy", (p) => Stream.runDrain(callUntyped(p.list, SID, revoked()))],
    [
      "list params: a throwing getter",
      (p) => Stream.runDrain(callUntyped(p.list, SID, throwing("pageSize")))
    ],
    ["page params: a revoked proxy", (p) => callUntyped(p.page, SID, revoked())],
    ["listFrom params: a revoked proxy", (p) => Stream.runDrain(callUntyped(p.listFrom, ROSTER, revoked()))],
    [
      "listFrom params: a throwing limit",
      (p) => Stream.runDrain(callUntyped(p.listFrom, ROSTER, throwing("limit")))
    ],
    ["options: a revoked proxy", (p) => callUntyped(p.fetch, SID, "agent", revoked())],
    ["options: a throwing timeout", (p) => callUntyped(p.fetch, SID, "agent", throwing("timeout"))],
    ["options of a list: a revoked proxy", (p) => Stream.runDrain(callUntyped(p.list, SID, {}, revoked()))],
    ["nextPage: a revoked proxy", (p) => callUntyped(p.nextPage, revoked())],
    ["nextPage: a throwing nextPageUri", (p) => callUntyped(p.nextPage, throwing("nextPageUri"))],
    ["a revoked proxy as the participant", (p) => callUntyped(p.fetch, SID, revoked())]
  ]
  for (const [name, run] of cases) {
    it.effect(name, () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio
        const exit = yield* Effect.exit(Effect.flatMap(Participants, run))
        failureOf(exit, "InvalidParameters")
        assert.strictEqual((yield* fake.requests).length, 0)
      }).pipe(Effect.provide(participantsTestWith({ retry: false })))
    )
  }
})
