/**
 * One page of a conference roster, decoded from the list response JSON.
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { readParticipants } from "./internal/decodePage.js"
import { fastPathApplies } from "./internal/decodeParticipant.js"
import { Participant } from "./Participant.js"

/** A nullable wire field under `key`; absent decodes to `null` (same tolerance as `Participant`). */
const field = <A, I, R>(key: string, schema: Schema.Schema<A, I, R>) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null }).pipe(Schema.fromKey(key))

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
  /** Link to the next page; `null` on the last page. */
  nextPageUri: field("next_page_uri", Schema.String),
  /** Link to the previous page; `null` on the first page. */
  previousPageUri: field("previous_page_uri", Schema.String),
  /** Link to the first page. */
  firstPageUri: field("first_page_uri", Schema.String),
  /** This page's own link. */
  uri: field("uri", Schema.String),
  /** Zero-based index of this page. */
  page: field("page", Schema.Int),
  /** Requested page size. */
  pageSize: field("page_size", Schema.Int),
  /** Zero-based position of the first participant on this page within the whole list. */
  start: field("start", Schema.Int),
  /** Zero-based position of the last participant on this page within the whole list. */
  end: field("end", Schema.Int)
}) {
  /** The participants, under the name `Pagination.Page` expects. */
  get items(): ReadonlyArray<Participant> {
    return this.participants
  }
}
