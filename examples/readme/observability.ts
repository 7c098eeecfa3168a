/**
 * The README's observability snippet, type-checked with the examples.
 */
import { ResponseInfo } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import { Effect } from "effect"

const conferenceSid = "CFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/** The snippet, so it is not unused. */
export const snippet = Effect.gen(function* () {
  const participants = yield* Participants
  // #region capture
  const [participant, [answer]] = yield* ResponseInfo.capture(participants.fetch(conferenceSid, "agent"))
  yield* Effect.log(
    `status ${answer?.status}, request id ${answer?.requestId}, ${answer?.attempts} attempt(s)`
  )
  // #endregion
  return participant
})
