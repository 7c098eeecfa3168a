/**
 * One page of a conference list, decoded from the list response JSON.
 */
import * as Resource from "@effect-twilio/core/Resource"
import * as Schema from "effect/Schema"
import { Conference } from "./Conference.js"

/** One page of conferences plus Twilio's paging links (paths below the API host, with their query). */
export class ConferencePage extends Schema.Class<ConferencePage>("ConferencePage")({
  /** The conferences on this page, newest first (Twilio sorts by creation date). */
  conferences: Schema.Array(Conference),
  /** Twilio's paging links and positions (`nextPageUri` … `end`), `null` when absent. */
  ...Resource.pageFields
}) {
  /** The conferences, under the name `Pagination.Page` expects. */
  get items(): ReadonlyArray<Conference> {
    return this.conferences
  }
}
