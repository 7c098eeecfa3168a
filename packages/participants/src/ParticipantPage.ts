/**
 * One page of a conference roster, decoded from the list response JSON.
 */
import * as Resource from "@effect-twilio/core/Resource"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { readParticipants } from "./internal/decodePage.js"
import { fastPathApplies } from "./internal/decodeParticipant.js"
import { Participant } from "./Participant.js"

const ParticipantArray = Schema.Array(Participant)

/**
 * `Schema.Array(Participant)` with the same results and errors, decoding Twilio's usual items with
 * plain checks (see `ParticipantFromWire`): this is where a roster spends its CPU. Any item the fast
 * path cannot vouch for is decoded by the full schema; if one fails, the whole array is decoded by
 * `Schema.Array(Participant)` so the error is exactly the one it reports.
 */
const ParticipantList = Schema.declare(
  [ParticipantArray],
  {
    decode: (participants) => {
      // Only the wire view has a fast path (the Type and Encoded views hand over other schemas).
      if (participants.ast !== ParticipantArray.ast) return ParseResult.decodeUnknown(participants)
      // The full parser is made when a page first needs it: Twilio's usual JSON never does.
      let full:
        | ReturnType<typeof ParseResult.decodeUnknown<ReadonlyArray<Participant>, unknown, never>>
        | undefined
      return (input, options) => {
        const decoded = fastPathApplies(options) ? readParticipants(input, options) : undefined
        if (decoded !== undefined) return ParseResult.succeed(decoded)
        full ??= ParseResult.decodeUnknown(participants)
        return full(input, options)
      }
    },
    encode: (participants) => ParseResult.encodeUnknown(participants)
  },
  {
    [AST.SurrogateAnnotationId]: ParticipantArray.ast,
    arbitrary: (participants) => participants,
    pretty: (participants) => participants,
    equivalence: (participants) => participants
  }
)

/** One page of participants plus Twilio's paging links (paths below the API host, with their query). */
export class ParticipantPage extends Schema.Class<ParticipantPage>("ParticipantPage")({
  /** The participants on this page, in Twilio's order. */
  participants: ParticipantList,
  /** Twilio's paging links and positions (`nextPageUri` … `end`), `null` when absent. */
  ...Resource.pageFields
}) {
  /** The participants, under the name `Pagination.Page` expects. */
  get items(): ReadonlyArray<Participant> {
    return this.participants
  }
}
