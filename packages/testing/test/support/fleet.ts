/** What each member of the fleet test does: create participants one after another until `endAt`. */
import { Participants } from "@effect-twilio/participants"
import { Clock, Effect } from "effect"

/** Creates participants in `conference` one at a time while the clock is before `endAt`. */
export const fleetLoop = (conference: string, endAt: number) =>
  Effect.gen(function* () {
    const participants = yield* Participants
    let n = 0
    while ((yield* Clock.currentTimeMillis) < endAt) {
      n += 1
      yield* participants.create(conference, {
        from: "+15005550006",
        to: `+1500555${String(n).padStart(4, "0")}`
      })
    }
    return n
  })
