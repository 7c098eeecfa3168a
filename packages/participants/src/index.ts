/**
 * @effect-twilio/participants: the Twilio Conference Participant resource as an Effect service.
 * Each module is also importable on its own, with everything it holds:
 * `@effect-twilio/participants/CreateParticipantParams` (its enum schemas), `…/Participant`
 * (`ParticipantStatus`, `isKnownParticipantStatus`, `ParticipantFromWire`) and so on.
 */

/** Parameters of `create`: camelCase fields, Twilio's PascalCase form on the Encoded side. */
export { CreateParticipantParams } from "./CreateParticipantParams.js"
/** Filters and paging of `list` and `page`. */
export { ListParticipantsParams } from "./ListParticipantsParams.js"
/** A conference participant, decoded from Twilio's JSON. */
export { Participant } from "./Participant.js"
/** One page of a roster. */
export { ParticipantPage } from "./ParticipantPage.js"
/** The `Participants` service (a `Context.Tag`), its layer, and its error types (`Participants.ListError` …). */
export { Participants } from "./Participants.js"
/** Parameters of `update`. */
export { UpdateParticipantParams } from "./UpdateParticipantParams.js"
