/** Turns a raw HTTP answer into a body to decode or one member of the error union. */
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import {
  AuthenticationFailed,
  type HttpError,
  type HttpMethod,
  InvalidRequest,
  NotFound,
  RateLimited,
  ServerError,
  UnexpectedResponse
} from "../TwilioError.js"
import type { Sanitizer } from "./sanitize.js"

/** What the classifier needs to know about the exchange. */
export interface Answer {
  readonly method: HttpMethod
  readonly path: string
  readonly status: number
  readonly headers: { readonly [name: string]: string | undefined }
  readonly text: string
  readonly attempt: number
  readonly nowMillis: number
  /** Makes text from the server safe to keep. */
  readonly sanitizer: Sanitizer
}

/** JSON.parse without throwing. */
export const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

interface ErrorBody {
  readonly code: number | undefined
  readonly message: string | undefined
  readonly moreInfo: string | undefined
}

const readErrorBody = (text: string): Option.Option<ErrorBody> =>
  parseJson(text).pipe(
    Option.filter((json): json is Record<string, unknown> => typeof json === "object" && json !== null),
    Option.map((json) => ({
      code: typeof json.code === "number" ? json.code : undefined,
      message: typeof json.message === "string" ? json.message : undefined,
      moreInfo: typeof json.more_info === "string" ? json.more_info : undefined
    }))
  )

// RFC 9110: delta-seconds (digits; a fraction is tolerated) or an HTTP-date, whose preferred form
// (IMF-fixdate) holds a comma itself; the obsolete RFC 850 and asctime forms are accepted too.
const DELTA = /^\d+(?:\.\d+)?$/
const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
const TIME = "\\d{2}:\\d{2}:\\d{2}"
const HTTP_DATE = new RegExp(
  [
    `(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} ${MONTH} \\d{4} ${TIME} GMT`,
    `(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT`,
    `(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} [ \\d]\\d ${TIME} \\d{4}`
  ].join("|")
)
const ONE_VALUE = new RegExp(`^(?:\\d+(?:\\.\\d+)?|${HTTP_DATE.source})$`)
// A header sent twice reaches us joined with ", ": split where a new value starts, not inside a date.
const NEXT_VALUE = new RegExp(`,\\s*(?=\\d+(?:\\.\\d+)?(?:,|$)|${HTTP_DATE.source})`)

const retryAfterValue = (value: string, nowMillis: number): Option.Option<Duration.Duration> => {
  if (DELTA.test(value)) return Option.some(Duration.seconds(Number(value)))
  const at = Date.parse(value.endsWith("GMT") ? value : `${value} GMT`)
  return Number.isNaN(at) ? Option.none() : Option.some(Duration.millis(Math.max(0, at - nowMillis)))
}

/**
 * Retry-After as delta-seconds or an HTTP-date. A header repeated with one value counts once; signed
 * numbers, other text and repeats that disagree are no Retry-After (the backoff applies).
 */
export const parseRetryAfter = (
  header: string | undefined,
  nowMillis: number
): Option.Option<Duration.Duration> => {
  if (header === undefined || header.length > 512) return Option.none()
  const values = header
    .trim()
    .split(NEXT_VALUE)
    .map((value) => value.trim())
  const first = values[0]
  if (first === undefined || !ONE_VALUE.test(first) || values.some((value) => value !== first)) {
    return Option.none()
  }
  return retryAfterValue(first, nowMillis)
}

/** A 2xx answer's text on the right; every other answer as a tagged error on the left. */
export const classify = (answer: Answer): Either.Either<string, HttpError> => {
  const { method, path, status, text, sanitizer } = answer
  const sanitize = sanitizer.text
  const requestId = answer.headers["twilio-request-id"]
  const ids = requestId === undefined ? {} : { requestId: sanitize(requestId) }
  if (status >= 200 && status < 300) return Either.right(text)
  const shown = () => sanitizer.excerpt(text)
  if (status >= 300 && status < 400) {
    return Either.left(
      new UnexpectedResponse({
        method,
        path,
        status,
        description: `redirect to ${sanitize(answer.headers.location ?? "nowhere")} not followed`,
        excerpt: shown(),
        ...ids
      })
    )
  }
  const body = readErrorBody(text)
  const code = Option.flatMap(body, (b) => Option.fromNullable(b.code))
  const message = Option.flatMap(body, (b) => Option.fromNullable(b.message)).pipe(Option.map(sanitize))
  if (status === 429) {
    return Either.left(
      new RateLimited({
        method,
        path,
        status,
        code: Option.getOrElse(code, () => 20429),
        message: Option.getOrElse(message, () => "Too many requests"),
        retryAfter: parseRetryAfter(answer.headers["retry-after"], answer.nowMillis),
        attempts: answer.attempt,
        ...moreInfo(body, sanitize),
        ...ids
      })
    )
  }
  if (status >= 500 || status < 200) {
    return Either.left(
      new ServerError({
        method,
        path,
        status,
        excerpt: shown(),
        attempts: answer.attempt,
        ...(Option.isSome(code) ? { code: code.value } : {}),
        ...(Option.isSome(message) ? { twilioMessage: message.value } : {}),
        ...ids
      })
    )
  }
  if (Option.isNone(body) || (body.value.code === undefined && body.value.message === undefined)) {
    return Either.left(
      new UnexpectedResponse({
        method,
        path,
        status,
        description: "the error body is not a Twilio JSON error",
        excerpt: shown(),
        ...ids
      })
    )
  }
  const fields = {
    method,
    path,
    status,
    // An error body without a code still names its HTTP status.
    code: body.value.code ?? status,
    message: Option.getOrElse(message, () => `HTTP ${status}`),
    ...moreInfo(body, sanitize),
    ...ids
  }
  if (status === 404 || body.value.code === 20404) return Either.left(new NotFound(fields))
  if (status === 401 || status === 403) return Either.left(new AuthenticationFailed(fields))
  return Either.left(new InvalidRequest(fields))
}

const moreInfo = (body: Option.Option<ErrorBody>, sanitize: (text: string) => string) => {
  const value = Option.flatMap(body, (b) => Option.fromNullable(b.moreInfo))
  return Option.isSome(value) ? { moreInfo: sanitize(value.value) } : {}
}
