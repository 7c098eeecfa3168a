/**
 * The webhook step of the demo: a conference status-callback endpoint on loopback (the webhooks
 * package's handler), the simulator pointed at it, and the live roster printed as it follows the
 * callbacks while the moderator mutes, holds and removes people, until the conference ends.
 */
import { createServer } from "node:http"
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import { NodeHttpServer } from "@effect/platform-node"
import { Participants } from "@effect-twilio/participants"
import { FakeTwilio } from "@effect-twilio/testing"
import { type ConferenceEvent, ConferenceWebhook, LiveRoster, WebhookConfig } from "@effect-twilio/webhooks"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as SubscriptionRef from "effect/SubscriptionRef"
import { DemoError } from "./Errors.js"
import { Terminal } from "./Terminal.js"

/** Knobs of the step. */
export interface WebhookRosterOptions {
  /** The conference to start (default `webhook-demo`). */
  readonly friendlyName?: string
  /** How long the roster waits for a missing callback before it lists again (default 1 second). */
  readonly gapTimeout?: Duration.DurationInput
  /** How long to wait for each change to show (default 10 seconds). */
  readonly patience?: Duration.DurationInput
}

/** What can stop the step. */
export type WebhookRosterError =
  | Participants.CreateError
  | Participants.UpdateError
  | Participants.RemoveError
  | Participants.ListError
  | DemoError
  | ConfigError.ConfigError
  | HttpServerError.ServeError

const describeRoster = (roster: LiveRoster.Roster): string => {
  const people = roster.members.map((m) => {
    const flags = [m.muted ? "muted" : "", m.hold ? "on hold" : ""].filter((f) => f !== "")
    return `${m.label ?? m.callSid}${flags.length === 0 ? "" : ` (${flags.join(", ")})`}`
  })
  const state = roster.ended ? "ended" : people.length === 0 ? "nobody yet" : people.join(", ")
  return `#${roster.sequenceNumber} ${roster.cause}: ${state}`
}

/** Runs the step; answers the last roster state (the ended conference). */
export const webhookRosterStep = (
  options: WebhookRosterOptions = {}
): Effect.Effect<LiveRoster.Roster, WebhookRosterError, Participants | FakeTwilio | Terminal | Scope.Scope> =>
  Effect.gen(function* () {
    const terminal = yield* Terminal
    const fake = yield* FakeTwilio
    const participants = yield* Participants
    const patience = Duration.decode(options.patience ?? Duration.seconds(10))

    // The endpoint: Twilio's handler on an ephemeral loopback port, feeding a bounded queue.
    const events = yield* Effect.acquireRelease(
      Queue.bounded<ConferenceEvent.ConferenceEvent>(1000),
      Queue.shutdown
    )
    const server = yield* NodeHttpServer.make(() => createServer(), { port: 0, host: "127.0.0.1" })
    if (server.address._tag !== "TcpAddress")
      return yield* Effect.fail(new DemoError({ message: "the webhook endpoint has no TCP port" }))
    const publicUrl = `http://127.0.0.1:${server.address.port}`
    const config = yield* WebhookConfig.make({ authToken: fake.authToken, publicUrl })
    const router = HttpRouter.empty.pipe(
      HttpRouter.post(
        "/twilio/conference",
        ConferenceWebhook.handler((event) => Queue.offer(events, event))
      )
    )
    yield* server.serve(Effect.provideService(router, WebhookConfig.WebhookConfig, config))
    yield* terminal.line(`Webhook endpoint on ${publicUrl}/twilio/conference`)

    const moderator = yield* participants.create(options.friendlyName ?? "webhook-demo", {
      from: "+15017122661",
      to: "+15558675310",
      label: "moderator",
      endConferenceOnExit: true,
      conferenceStatusCallback: `${publicUrl}/twilio/conference`,
      conferenceStatusCallbackEvent: ["start", "end", "join", "leave", "mute", "hold", "modify"]
    })
    const conferenceSid = moderator.conferenceSid
    if (conferenceSid === null || conferenceSid === undefined)
      return yield* Effect.fail(new DemoError({ message: "the moderator has no conference" }))

    // The live roster, printed as it changes; the latest state kept to wait on.
    const latest = yield* SubscriptionRef.make(Option.none<LiveRoster.Roster>())
    const following = yield* LiveRoster.stream(conferenceSid, Stream.fromQueue(events), {
      gapTimeout: options.gapTimeout ?? Duration.seconds(1)
    }).pipe(
      Stream.runForEach((roster) =>
        Effect.zipRight(
          terminal.line(describeRoster(roster)),
          SubscriptionRef.set(latest, Option.some(roster))
        )
      ),
      Effect.forkScoped
    )
    const until = (what: string, predicate: (roster: LiveRoster.Roster) => boolean) =>
      latest.changes.pipe(
        Stream.filterMap((o) => Option.filter(o, predicate)),
        Stream.runHead,
        Effect.flatten,
        Effect.timeoutFail({
          duration: patience,
          onTimeout: () => new DemoError({ message: `the live roster never showed ${what}` })
        }),
        Effect.catchTag("NoSuchElementException", () =>
          Effect.fail(new DemoError({ message: `the live roster ended before ${what}` }))
        )
      )
    const member = (label: string) => (roster: LiveRoster.Roster) =>
      roster.members.find((m) => m.label === label)

    for (const label of ["alice", "bob", "carol"]) {
      yield* participants.create(conferenceSid, { from: "+15017122661", to: `client:${label}`, label })
    }
    yield* until("everyone joined", (r) => r.members.length === 4)
    yield* participants.update(conferenceSid, "alice", { muted: true })
    yield* until("alice muted", (r) => member("alice")(r)?.muted === true)
    yield* participants.update(conferenceSid, "bob", { hold: true })
    yield* until("bob on hold", (r) => member("bob")(r)?.hold === true)
    yield* participants.remove(conferenceSid, "carol")
    yield* until("carol gone", (r) => member("carol")(r) === undefined && r.members.length === 3)
    // The moderator leaves with endConferenceOnExit: the conference ends, and so does the roster.
    yield* participants.remove(conferenceSid, "moderator")
    const last = yield* until("the end", (r) => r.ended)
    yield* following.await
    return last
  }).pipe(Effect.withSpan("demo.webhookRoster"))
