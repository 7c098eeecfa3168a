/**
 * @effect-twilio/participants: the Twilio Conference Participant resource as an Effect service.
 */

/** Parameters of `create`. */
export * from "./CreateParticipantParams.js"
/** Filters and paging of `list`. */
export * from "./ListParticipantsParams.js"
/** A conference participant, decoded from Twilio's JSON. */
export * from "./Participant.js"
/** One page of a roster. */
export * from "./ParticipantPage.js"
/** The `Participants` service, its live layer and its per-operation error types. */
export {
  type CreateError,
  type FetchError,
  type ListError,
  make,
  Participants,
  type RemoveError,
  type RequestError,
  type Service as ParticipantsService,
  type UpdateError
} from "./Participants.js"
/** Parameters of `update`. */
export * from "./UpdateParticipantParams.js"
