/**
 * The read-only view of a real conference: its roster as a table and a count per status. It
 * only lists; it never creates, updates or removes anything, so it can never dial a phone.
 */
import { Participants } from "@effect-twilio/participants"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Table from "./Table.js"
import { Terminal } from "./Terminal.js"

const columns: ReadonlyArray<Table.Column> = [
  { header: "call", width: 34 },
  { header: "label", width: 20 },
  { header: "status", width: 10 },
  { header: "muted", width: 5 },
  { header: "hold", width: 4 },
  { header: "coaching", width: 34 },
  { header: "joined (UTC)", width: 19 }
]

/** Prints the roster of `conferenceSid` and answers how many participants it has. */
export const rosterView = (
  conferenceSid: string
): Effect.Effect<number, Participants.ListError, Participants | Terminal> =>
  Effect.gen(function* () {
    const participants = yield* Participants
    const terminal = yield* Terminal
    const { paint } = terminal
    yield* terminal.line(paint.bold(`Roster of ${conferenceSid} (read-only)`))
    yield* terminal.line(paint.bold(Table.header(columns)))
    yield* terminal.line(paint.dim(Table.rule(columns)))
    const byStatus = new Map<string, number>()
    const total = yield* participants.list(conferenceSid, { pageSize: 100 }).pipe(
      Stream.tap((p) => {
        const status = String(p.status ?? "unknown")
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1)
        return terminal.line(
          Table.row(columns, [
            p.callSid ?? "",
            p.label ?? "",
            { text: status, style: status === "connected" ? paint.green : paint.yellow },
            p.muted === true ? "yes" : "",
            p.hold === true ? "yes" : "",
            p.coaching === true ? (p.callSidToCoach ?? "yes") : "",
            p.dateCreated === null ? "" : DateTime.formatIso(p.dateCreated).slice(0, 19).replace("T", " ")
          ])
        )
      }),
      Stream.runCount
    )
    const summary = [...byStatus].map(([status, n]) => `${n} ${status}`).join(", ")
    yield* terminal.line()
    yield* terminal.line(
      `${total} participant${total === 1 ? "" : "s"}${summary === "" ? "" : `: ${summary}`}`
    )
    return total
  })
