/**
 * @effect-twilio/testing: a Twilio-compatible conference simulator, served in process or on a
 * loopback socket, and layer-swappable test doubles. Each module is also importable on its own:
 * `@effect-twilio/testing/ParticipantsTest` has `participantsTestWith`, and
 * `@effect-twilio/testing/ConferencesTest` has `conferencesTestWith` and the combined layers.
 */

/** `Conferences` backed by the simulator (`ConferenceServicesTest` there adds `Participants` on the same one). */
export { ConferencesTest } from "./ConferencesTest.js"
/** The simulator service and its layers (`layer`, `layerWith`, `layerServer`, `serve`); its types in `FakeTwilio.*`. */
export { FakeTwilio } from "./FakeTwilio.js"
/** Faults the simulator can stage for the next requests. */
export * as Fault from "./Fault.js"
/** `Participants` backed by the simulator (`participantsTestWith` in `@effect-twilio/testing/ParticipantsTest`). */
export { ParticipantsTest } from "./ParticipantsTest.js"
