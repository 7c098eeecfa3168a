/**
 * A conference participant as Twilio reports it, decoded from the snake_case wire JSON.
 *
 * Tolerance policy: every field is nullable, and a field absent from the JSON (an older or trimmed
 * response) decodes to `null`; unknown extra fields are ignored. Values that are present are checked
 * (SID patterns, RFC 2822 dates, booleans), except `status`, which never fails (see `ParticipantStatus`).
 */
import * as Rfc2822 from "@effect-twilio/core/Rfc2822"
import { AccountSid, CallSid, ConferenceSid } from "@effect-twilio/core/Sid"
import * as Duration from "effect/Duration"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { fastPathApplies, makeFastParticipantDecoder } from "./internal/decodeParticipant.js"
import { queueTimeMillis } from "./internal/decodeWire.js"

/** The participant statuses Twilio documents today. */
export const KnownParticipantStatus = Schema.Literal(
  "queued",
  "connecting",
  "ringing",
  "connected",
  "complete",
  "failed"
)
/** The participant statuses Twilio documents today. */
export type KnownParticipantStatus = typeof KnownParticipantStatus.Type

const knownStatuses: ReadonlySet<string> = new Set(KnownParticipantStatus.literals)

/** A status Twilio sent that this SDK does not know yet, kept verbatim and branded so it cannot be mistaken for a known one. */
export const UnknownParticipantStatus = Schema.String.pipe(
  Schema.filter((status) => !knownStatuses.has(status)),
  Schema.brand("UnknownParticipantStatus")
)
/** A status this SDK does not know yet, kept verbatim. */
export type UnknownParticipantStatus = typeof UnknownParticipantStatus.Type

/**
 * A participant's status. Known values decode to their literal; any other string decodes to an
 * `UnknownParticipantStatus` holding the raw value, so a status Twilio adds later never makes a
 * roster fail to decode, and encoding writes the raw value back. Match the literals you care about
 * and keep a default branch (or test with `isKnownParticipantStatus`).
 */
export const ParticipantStatus = Schema.Union(KnownParticipantStatus, UnknownParticipantStatus)
/** A participant's status: a known literal or the raw text of an unknown one. */
export type ParticipantStatus = typeof ParticipantStatus.Type

/** True when `status` is one of the documented statuses. */
export const isKnownParticipantStatus: (status: unknown) => status is KnownParticipantStatus =
  Schema.is(KnownParticipantStatus)

/**
 * Time spent queued before joining: Twilio sends milliseconds as a decimal string (`"1000"`); this
 * decodes to a `Duration` (a bare JSON number is accepted too) and encodes back to the string form.
 */
export const QueueTime = Schema.transformOrFail(
  Schema.Union(Schema.String, Schema.Number),
  Schema.DurationFromSelf,
  {
    strict: true,
    decode: (raw, _, ast) => {
      const millis = queueTimeMillis(raw)
      return millis !== undefined
        ? ParseResult.succeed(Duration.millis(millis))
        : ParseResult.fail(
            new ParseResult.Type(
              ast,
              raw,
              `queue_time must be a number of milliseconds, got ${JSON.stringify(raw)}`
            )
          )
    },
    encode: (duration, _, ast) =>
      Duration.isFinite(duration)
        ? ParseResult.succeed(String(Duration.toMillis(duration)))
        : ParseResult.fail(new ParseResult.Type(ast, duration, "queue time must be finite"))
  }
).annotations({ identifier: "QueueTime" })

/** A nullable wire field under `key`; absent decodes to `null`. */
const field = <A, I, R>(key: string, schema: Schema.Schema<A, I, R>) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null }).pipe(Schema.fromKey(key))

/** A participant of an in-progress conference. */
export class Participant extends Schema.Class<Participant>("Participant")({
  /** The account that owns the participant. */
  accountSid: field("account_sid", AccountSid),
  /** The participant's call; also how the participant is addressed. */
  callSid: field("call_sid", CallSid),
  /** The label given at creation, if any (an alternative address for the participant). */
  label: field("label", Schema.String),
  /** The call this participant coaches, when coaching. */
  callSidToCoach: field("call_sid_to_coach", CallSid),
  /** Whether the participant coaches another call (heard only by that call). */
  coaching: field("coaching", Schema.Boolean),
  /** The conference the participant is in. */
  conferenceSid: field("conference_sid", ConferenceSid),
  /** When the participant was created (UTC). */
  dateCreated: field("date_created", Rfc2822.DateTimeFromRfc2822),
  /** When the participant was last updated (UTC). */
  dateUpdated: field("date_updated", Rfc2822.DateTimeFromRfc2822),
  /** Whether the conference ends when this participant leaves. */
  endConferenceOnExit: field("end_conference_on_exit", Schema.Boolean),
  /** Whether the participant is muted. */
  muted: field("muted", Schema.Boolean),
  /** Whether the participant is on hold. */
  hold: field("hold", Schema.Boolean),
  /** Whether this participant's arrival starts a waiting conference. */
  startConferenceOnEnter: field("start_conference_on_enter", Schema.Boolean),
  /** Where the participant's call stands; unknown values are kept, never rejected. */
  status: field("status", ParticipantStatus),
  /** How long the participant waited in the queue before joining. */
  queueTime: field("queue_time", QueueTime),
  /** The participant's path below the API host (`/2010-04-01/…/Participants/CA….json`). */
  uri: field("uri", Schema.String)
}) {}

/**
 * Decodes the same wire JSON to the same `Participant` as the class itself, with the same errors, but
 * reads Twilio's usual JSON with plain checks instead of the schema parser (several times faster; the
 * roster pages use it). Anything unusual, or parse options that change a result (`onExcessProperty`
 * other than "ignore", `propertyOrder: "original"`), goes through the full `Participant` schema.
 * Encoding is the class's own.
 */
export const ParticipantFromWire = Schema.declare(
  [Participant],
  {
    decode: (participant) => {
      // Only the wire view has a fast path: the Type and Encoded views of this schema (which hand over
      // those views of `Participant`) decode with their own schema.
      if (participant.ast !== Participant.ast) return ParseResult.decodeUnknown(participant)
      const fast = makeFastParticipantDecoder(Participant)
      // The full parser is made when an answer first needs it: Twilio's usual JSON never does.
      let full: ReturnType<typeof ParseResult.decodeUnknown<Participant, unknown, never>> | undefined
      return (input, options) => {
        const decoded = fastPathApplies(options) ? fast(input) : undefined
        if (decoded !== undefined) return ParseResult.succeed(decoded)
        full ??= ParseResult.decodeUnknown(participant)
        return full(input, options)
      }
    },
    encode: (participant) => ParseResult.encodeUnknown(participant)
  },
  {
    identifier: "ParticipantFromWire",
    // JSON Schema and friends describe it as the class it decodes to.
    [AST.SurrogateAnnotationId]: Participant.ast,
    arbitrary: (participant) => participant,
    pretty: (participant) => participant,
    equivalence: (participant) => participant
  }
)
