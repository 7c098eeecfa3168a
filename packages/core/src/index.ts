/**
 * @effect-twilio/core: configuration, the authenticated HTTP client, the error model, SID and
 * date schemas, form encoding, retry policy and pagination shared by every Twilio resource.
 */

/** Timeout and retry per call, or scoped around a block of code. */
export * as CallOptions from "./CallOptions.js"
/** Form encoding of Twilio request bodies and query strings. */
export * as FormEncoding from "./FormEncoding.js"
/** Paged lists as a lazy `Stream`. */
export * as Pagination from "./Pagination.js"
/** Which failures are retried, and when. */
export * as RetryPolicy from "./RetryPolicy.js"
/** RFC 2822 dates as `DateTime.Utc`. */
export * as Rfc2822 from "./Rfc2822.js"
export { DateTimeFromRfc2822 } from "./Rfc2822.js"
/** Offending values rendered for error messages, never throwing. */
export { showValue } from "./ShowValue.js"
/** Branded Twilio SIDs. */
export * as Sid from "./Sid.js"
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
  RateLimited,
  ServerError,
  TransportError,
  TwilioError,
  UnexpectedResponse,
  withCursor
} from "./TwilioError.js"
/** The SDK's metrics (requests, retries, latency, in-flight, waits), named once. */
export * as TwilioMetrics from "./TwilioMetrics.js"
