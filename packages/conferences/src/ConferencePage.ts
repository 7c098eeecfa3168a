/**
 * One page of a conference list, decoded from the list response JSON.
 */
import * as Schema from "effect/Schema"
import { Conference } from "./Conference.js"
import { nullable } from "./internal/wire.js"

/** One page of conferences plus Twilio's paging links (paths below the API host, with their query). */
export class ConferencePage extends Schema.Class<ConferencePage>("ConferencePage")({
  /** The conferences on this page, newest first (Twilio sorts by creation date). */
  conferences: Schema.Array(Conference),
  /** Link to the next page; `null` on the last page. */
  nextPageUri: nullable("next_page_uri", Schema.String),
  /** Link to the previous page; `null` on the first page. */
  previousPageUri: nullable("previous_page_uri", Schema.String),
  /** Link to the first page. */
  firstPageUri: nullable("first_page_uri", Schema.String),
  /** This page's own link. */
  uri: nullable("uri", Schema.String),
  /** Zero-based index of this page. */
  page: nullable("page", Schema.Int),
  /** Requested page size. */
  pageSize: nullable("page_size", Schema.Int),
  /** Zero-based position of the first conference on this page within the whole list. */
  start: nullable("start", Schema.Int),
  /** Zero-based position of the last conference on this page within the whole list. */
  end: nullable("end", Schema.Int)
}) {
  /** The conferences, under the name `Pagination.Page` expects. */
  get items(): ReadonlyArray<Conference> {
    return this.conferences
  }
}
