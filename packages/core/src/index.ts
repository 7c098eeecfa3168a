/**
 * @effect-twilio/core: configuration, the authenticated HTTP client, the error model, SID and
 * date schemas, form encoding, retry policy, pagination and the resource kit shared by every
 * Twilio resource. Each module is also importable on its own: `@effect-twilio/core/Resource`.
 */

/** Timeout and retry per call, or scoped around a block of code (`withCallOptions`). */
export * as CallOptions from "./CallOptions.js"
/** Form encoding of Twilio request bodies and query strings. */
export * as FormEncoding from "./FormEncoding.js"
/** The hook the pipeline paces requests through (no pacing unless a `Pacing` layer provides one). */
export * as Pacer from "./Pacer.js"
/** Paged lists as a lazy `Stream`, and the checks a page link passes before it is followed. */
export * as Pagination from "./Pagination.js"
/** Request parameters declared once: typed struct, wire form, messages and encoders from one declaration. */
export * as RequestParams from "./RequestParams.js"
/** The resource kit: paths, forms, operation spans, error narrowing and paged lists, written once. */
export * as Resource from "./Resource.js"
/** What Twilio answered (status, request id, attempts, headers), for callers that ask. */
export * as ResponseInfo from "./ResponseInfo.js"
/** Which failures are retried, and when. */
export * as RetryPolicy from "./RetryPolicy.js"
/** RFC 2822 dates as `DateTime.Utc` (`Rfc2822.DateTimeFromRfc2822`, `parse`, `format`). */
export * as Rfc2822 from "./Rfc2822.js"
/** Branded Twilio SIDs (`isCallSid` and `isConferenceSid` are in `@effect-twilio/core/Sid`). */
export { AccountSid, ApiKeySid, ByocTrunkSid, CallSid, ConferenceSid } from "./Sid.js"
/** The authenticated HTTP client resources are built on. */
export {
  type Service as TwilioClientService,
  TwilioClient,
  type TwilioRequest
} from "./TwilioClient.js"
/** Account, credentials, host, timeout and retry configuration. */
export {
  type ApiKeyCredentials,
  type AuthTokenCredentials,
  type ConfigOverrides as TwilioConfigOverrides,
  type Credentials,
  type Options as TwilioConfigOptions,
  type Service as TwilioConfigService,
  TwilioConfig
} from "./TwilioConfig.js"
/** The `TwilioError` union and its members. */
export {
  AuthenticationFailed,
  type HttpError,
  HttpMethod,
  InactiveConference,
  InvalidParameters,
  InvalidRequest,
  isTwilioError,
  NotFound,
  PacingTimeout,
  PacingUnavailable,
  RateLimited,
  ServerError,
  TransportError,
  TwilioError,
  UnexpectedResponse
} from "./TwilioError.js"
/** The SDK's metrics (requests, retries, latency, in-flight, waits), named once. */
export * as TwilioMetrics from "./TwilioMetrics.js"
