/**
 * One page of a conference roster, decoded from the list response JSON.
 */
import * as Schema from "effect/Schema"
import { Participant } from "./Participant.js"

/** A nullable wire field under `key`; absent decodes to `null` (same tolerance as `Participant`). */
const field = <A, I, R>(key: string, schema: Schema.Schema<A, I, R>) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null }).pipe(Schema.fromKey(key))

/** One page of participants plus Twilio's paging links (paths below the API host, with their query). */
export class ParticipantPage extends Schema.Class<ParticipantPage>("ParticipantPage")({
  /** The participants on this page, in Twilio's order. */
  participants: Schema.Array(Participant),
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
