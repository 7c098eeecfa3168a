/**
 * The value schemas participant parameters share (URLs, methods, endpoints, ranges) and the
 * cross-field rule of create and update. Each field is declared with core's `RequestParams`.
 */
import * as Schema from "effect/Schema"

/** A whole number within an inclusive range. */
export const intBetween = (min: number, max: number) => Schema.Int.pipe(Schema.between(min, max))

/** A whole number of at least `min`. */
export const intAtLeast = (min: number) => Schema.Int.pipe(Schema.greaterThanOrEqualTo(min))

/** `GET` or `POST`: the methods Twilio uses to call back into an application. */
export const HttpMethod = Schema.Literal("GET", "POST")

/** True for an absolute `http:` or `https:` URL with a host. */
const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return (url.protocol === "http:" || url.protocol === "https:") && url.host !== ""
  } catch {
    return false
  }
}

/** An absolute http(s) URL (Twilio fetches TwiML or posts events there). */
export const HttpUrl = Schema.String.pipe(Schema.filter(isHttpUrl))

/** An absolute http(s) URL, or the empty string that switches the audio off (wait music). */
export const HttpUrlOrEmpty = Schema.String.pipe(Schema.filter((text) => text === "" || isHttpUrl(text)))

/**
 * A call endpoint: a phone number (E.164 or not), `client:name`, `sip:user@host` or `app:AP…`, possibly
 * with custom parameters in query-string form. Only emptiness is rejected: Twilio owns the rest.
 */
export const Endpoint = Schema.String.pipe(Schema.minLength(1))

/**
 * A string type that still lets editors suggest known literals in a union
 * (`KnownRegion | OpenString` does not collapse to `string`).
 */
export const OpenString = Schema.declare((u: unknown): u is string & {} => typeof u === "string", {
  identifier: "string"
})

/** The cross-field rule of create and update: coaching someone needs to say whom. */
export const coachingNeedsTarget = (params: {
  readonly coaching?: boolean | undefined
  readonly callSidToCoach?: string | undefined
}): ReadonlyArray<Schema.FilterIssue> =>
  params.coaching === true && params.callSidToCoach === undefined
    ? [
        {
          path: ["callSidToCoach"],
          message:
            "callSidToCoach is required when coaching is true: give the Call SID of the participant to coach"
        }
      ]
    : []
