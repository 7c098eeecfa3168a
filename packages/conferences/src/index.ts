/**
 * @effect-twilio/conferences: the Twilio Conference resource (find, end and announce) on Effect.
 */

/** A conference as Twilio reports it; `Conference.Status` and `Conference.EndReason` keep values added later. */
export { Conference } from "./Conference.js"
/** One page of a conference list with Twilio's paging links. */
export { ConferencePage } from "./ConferencePage.js"
/** The `Conferences` service (a `Context.Tag`), its layer, and its error types (`Conferences.EndError` …). */
export { Conferences } from "./Conferences.js"
/** Filters and paging of a conference list, encoded to Twilio's query (`DateCreated<` …). */
export * as ListConferencesParams from "./ListConferencesParams.js"
/** Parameters of a conference update (end it, announce to it), encoded to Twilio's form. */
export * as UpdateConferenceParams from "./UpdateConferenceParams.js"
