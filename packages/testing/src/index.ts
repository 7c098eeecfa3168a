/**
 * @effect-twilio/testing: a Twilio-compatible conference simulator, served in process or on a
 * loopback socket, and layer-swappable test doubles.
 */

/** The simulator service, its layers (`layer`, `layerWith`, `layerServer`) and `serve`. */
export * from "./FakeTwilio.js"
/** Faults the simulator can stage for the next requests. */
export * as Fault from "./Fault.js"
/** `Participants` backed by the simulator (`ParticipantsTest`, `participantsTestWith`). */
export * from "./ParticipantsTest.js"
