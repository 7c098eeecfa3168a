/**
 * How a roster page is read by the resource kit: the page's paging fields decoded, its participants
 * left raw and decoded one by one (plain checks first, the full schema for an item that needs it).
 */
import * as Resource from "@effect-twilio/core/Resource"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { Participant } from "../Participant.js"
import { makeFastParticipantDecoder } from "./decodeParticipant.js"

/** A roster page with the participants left undecoded. */
export const participantPageEnvelope = Resource.envelope("participants")

// Built on first use: a program that never lists pays nothing for these at import.
let decoders:
  | { readonly fast: (input: unknown) => Participant | undefined; readonly full: ReturnType<typeof full> }
  | undefined
const full = () => Schema.decodeUnknownEither(Participant, { onExcessProperty: "ignore" })

/** One participant of a page, or why it does not decode (the full schema's own words). */
export const participantItem = (raw: unknown): Either.Either<Participant, string> => {
  decoders ??= { fast: makeFastParticipantDecoder(Participant), full: full() }
  const fast = decoders.fast(raw)
  return fast !== undefined
    ? Either.right(fast)
    : Either.mapLeft(decoders.full(raw), (error) => ParseResult.TreeFormatter.formatErrorSync(error))
}
