/**
 * A one-line, readable account of why parameters were rejected, for `InvalidParameters` messages:
 * the kit's (`Resource.describeParseError`), under the name this package's code and tests use.
 */
import * as Resource from "@effect-twilio/core/Resource"

/** Every issue of `error` as `path: message`, joined by "; " (see `Resource.describeParseError`). */
export const describeParseError = Resource.describeParseError
