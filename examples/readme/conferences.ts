/**
 * The README's Conferences snippets (each `#region` is one snippet), type-checked with the examples
 * and run against the simulator by `examples/test/readme-conferences-service.test.ts`.
 */
import { Conferences } from "@effect-twilio/conferences"
import { Console, Effect, Option } from "effect"

/** Announce to the room, find the live conference by name, end it for everyone. */
export const wrapUp = (name: string) =>
  Effect.gen(function* () {
    // #region find
    // One list request: the in-progress conference of that name, if any. A conference that
    // <Dial> has just started can take a moment to appear in lists: none may be found at first.
    const conferences = yield* Conferences
    const live = yield* conferences.findInProgress(name)
    if (Option.isNone(live)) return yield* Console.log(`no live conference named ${name}`)
    const sid = live.value.sid ?? ""
    // #endregion

    // #region announce
    // Plays once to everyone; never sent twice, even after an ambiguous failure.
    yield* conferences.announce(sid, "https://example.com/twiml/closing-in-one-minute.xml", {
      announceMethod: "GET",
      timeout: "10 seconds"
    })
    // #endregion

    // #region end
    // Ends it for everyone. Safe to repeat: a conference found already completed counts as ended.
    const ended = yield* conferences.end(sid)
    yield* Console.log(`${ended.friendlyName} ended: ${ended.reasonConferenceEnded}`)
    // → standup ended: conference-ended-via-api
    // #endregion
  })
