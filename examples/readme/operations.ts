/**
 * The README's per-operation snippets (each `#region` is one snippet), type-checked with the examples.
 */
import { CallOptions } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Chunk, Effect, Option, Redacted, Stream } from "effect"

const conferenceSid = "CFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
const agentCallSid = "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/** Every snippet below, so none is unused. */
export const snippets = Effect.gen(function* () {
  // #region service
  // The service is a Context.Tag: take it from the context, then call its operations.
  const participants = yield* Participants
  // #endregion

  // #region create
  // By FriendlyName: joins the active conference of that name, or starts one.
  const moderator = participants.create("standup", {
    from: "+15017122661",
    to: "+15558675310",
    label: "moderator",
    endConferenceOnExit: true,
    statusCallback: "https://example.com/twilio/status",
    statusCallbackEvent: ["ringing", "answered", "completed"]
  })

  // By Conference SID, to a Twilio Client identity and to a SIP address.
  const agent = participants.create(conferenceSid, {
    from: "+15017122661",
    to: "client:agent-7",
    label: "agent"
  })
  const desk = participants.create(conferenceSid, {
    from: "+15017122661",
    to: "sip:desk@pbx.example.com",
    sipAuthUsername: "desk",
    sipAuthPassword: Redacted.make("sip-secret"),
    timeout: 30
  })
  // #endregion

  // #region fetch
  const agentStatus = participants.fetch(conferenceSid, "agent").pipe(Effect.map((p) => p.status))
  // #endregion

  // #region update
  const mute = participants.update(conferenceSid, "agent", { muted: true })

  const hold = participants.update(conferenceSid, "customer", {
    hold: true,
    holdUrl: "https://example.com/music/hold.mp3",
    holdMethod: "GET"
  })

  // Played once to this participant; never repeated after an ambiguous failure.
  const announce = participants.update(conferenceSid, "customer", {
    announceUrl: "https://example.com/announcements/queue.xml"
  })

  // The supervisor is heard by the agent's call only.
  const coach = participants.update(conferenceSid, "supervisor", {
    coaching: true,
    callSidToCoach: agentCallSid
  })
  // #endregion

  // #region remove
  const hangUp = participants.remove(conferenceSid, "customer")
  // #endregion

  // #region list
  // Filters go to Twilio; pages are fetched as the stream is consumed.
  const mutedLabels = participants.list(conferenceSid, { muted: true, pageSize: 200 }).pipe(
    Stream.map((p) => p.label),
    Stream.runCollect
  )

  // No page after the one that reaches the limit is requested.
  const firstTen = participants.list(conferenceSid, { limit: 10 }).pipe(Stream.runCollect)
  // #endregion

  // #region page
  const countByPages = Effect.gen(function* () {
    let page = yield* participants.page(conferenceSid, { pageSize: 100 })
    let total = page.participants.length
    while (page.nextPageUri !== null) {
      const next = yield* participants.nextPage(page)
      if (Option.isNone(next)) break
      page = next.value
      total += page.participants.length
    }
    return total
  })
  // #endregion

  // #region resume
  // A page that still fails after retries ends the stream with an error whose `cursor` names that
  // page: carry on from there, without reading the earlier pages again.
  // A participant that does not decode fails its page too; its `nextCursor` skips past that page.
  const everyone = participants.list(conferenceSid, { pageSize: 1000 }).pipe(
    Stream.catchAll((error) =>
      error._tag === "UnexpectedResponse" && error.nextCursor !== undefined
        ? participants.listFrom(error.nextCursor)
        : "cursor" in error && error.cursor !== undefined
          ? participants.listFrom(error.cursor)
          : Stream.fail(error)
    ),
    Stream.runCount
  )
  // #endregion

  // #region errors
  // Each operation's error type lists what can happen, so catchTag is checked by the compiler.
  const statusOrGone = participants.fetch(conferenceSid, "customer").pipe(
    Effect.map((p) => p.status),
    Effect.catchTag("NotFound", () => Effect.succeed("gone" as const))
  )

  const addLate = participants.create(conferenceSid, { from: "+15017122661", to: "+15558675311" }).pipe(
    Effect.map(Option.some),
    Effect.catchTags({
      InactiveConference: () => Effect.succeed(Option.none()),
      RateLimited: (e) =>
        Effect.logWarning(`still rate limited after ${e.attempts} attempts`).pipe(Effect.as(Option.none()))
    })
  )
  // #endregion

  // #region call-options
  // This call only: a 3 s timeout per attempt and no retries.
  const quickCheck = participants.fetch(conferenceSid, "agent", { timeout: "3 seconds", retry: false })

  // Every request inside a block: a 5 s timeout per attempt and at most one retry.
  const muteBoth = Effect.all([
    participants.update(conferenceSid, "agent", { muted: true }),
    participants.update(conferenceSid, "customer", { muted: true })
  ]).pipe(CallOptions.withCallOptions({ timeout: "5 seconds", retry: { maxRetries: 1 } }))
  // #endregion

  return {
    moderator,
    agent,
    desk,
    agentStatus,
    mute,
    hold,
    announce,
    coach,
    hangUp,
    mutedLabels: Effect.map(mutedLabels, Chunk.toReadonlyArray),
    firstTen,
    countByPages,
    everyone,
    statusOrGone,
    addLate,
    quickCheck,
    muteBoth
  }
})
