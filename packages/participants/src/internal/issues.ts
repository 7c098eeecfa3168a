/**
 * A one-line, readable account of why parameters were rejected, for `InvalidParameters` messages.
 */
import * as ParseResult from "effect/ParseResult"

/**
 * Every issue of `error` as `path: message`, joined by "; ". The path is left out when the message
 * already names the field (the params schemas' own messages do), so nothing is said twice.
 */
export const describeParseError = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .map(({ path, message }) => {
      const where = path.map(String).join(".")
      const field = path.length === 0 ? undefined : String(path[path.length - 1])
      return where === "" || message.startsWith(where) || (field !== undefined && message.startsWith(field))
        ? message
        : `${where}: ${message}`
    })
    .join("; ")
