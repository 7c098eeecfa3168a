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

/** What the classifier needs to know about the exchange. */
export interface Answer {
  readonly method: HttpMethod
  readonly path: string
  readonly status: number
  readonly headers: { readonly [name: string]: string | undefined }
  readonly text: string
  readonly attempt: number
  readonly nowMillis: number
}

const EXCERPT = 300

/** The first few hundred characters of a body, on one line. */
export const excerpt = (text: string): string => {
  const flat = text.length > EXCERPT * 2 ? text.slice(0, EXCERPT * 2) : text
  const squeezed = flat.replace(/\s+/g, " ").trim()
  return squeezed.length > EXCERPT ? `${squeezed.slice(0, EXCERPT)}…` : squeezed
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

/** Retry-After as seconds or an HTTP date; absent, unreadable or negative values are none. */
export const parseRetryAfter = (
  value: string | undefined,
  nowMillis: number
): Option.Option<Duration.Duration> => {
  if (value === undefined) return Option.none()
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Option.some(Duration.seconds(Number(trimmed)))
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return Option.none()
  return Option.some(Duration.millis(Math.max(0, at - nowMillis)))
}

/** A 2xx answer's text on the right; every other answer as a tagged error on the left. */
export const classify = (answer: Answer): Either.Either<string, HttpError> => {
  const { method, path, status, text } = answer
  const requestId = answer.headers["twilio-request-id"]
  const ids = requestId === undefined ? {} : { requestId }
  if (status >= 200 && status < 300) return Either.right(text)
  if (status >= 300 && status < 400) {
    return Either.left(
      new UnexpectedResponse({
        method,
        path,
        status,
        description: `redirect to ${answer.headers.location ?? "nowhere"} not followed`,
        excerpt: excerpt(text),
        ...ids
      })
    )
  }
  const body = readErrorBody(text)
  const code = Option.flatMap(body, (b) => Option.fromNullable(b.code))
  if (status === 429) {
    return Either.left(
      new RateLimited({
        method,
        path,
        status,
        code: Option.getOrElse(code, () => 20429),
        message: Option.flatMap(body, (b) => Option.fromNullable(b.message)).pipe(
          Option.getOrElse(() => "Too many requests")
        ),
        retryAfter: parseRetryAfter(answer.headers["retry-after"], answer.nowMillis),
        attempts: answer.attempt,
        ...moreInfo(body),
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
        excerpt: excerpt(text),
        attempts: answer.attempt,
        ...(Option.isSome(code) ? { code: code.value } : {}),
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
        excerpt: excerpt(text),
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
    message: body.value.message ?? `HTTP ${status}`,
    ...moreInfo(body),
    ...ids
  }
  if (status === 404 || body.value.code === 20404) return Either.left(new NotFound(fields))
  if (status === 401 || status === 403) return Either.left(new AuthenticationFailed(fields))
  return Either.left(new InvalidRequest(fields))
}

const moreInfo = (body: Option.Option<ErrorBody>) => {
  const value = Option.flatMap(body, (b) => Option.fromNullable(b.moreInfo))
  return Option.isSome(value) ? { moreInfo: value.value } : {}
}
