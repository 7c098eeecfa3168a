/**
 * The URL forms Twilio may have signed, split without normalising: `new URL()` would re-encode
 * characters of the path and query, and Twilio signs the text it dialled.
 */

interface Parts {
  readonly scheme: string
  readonly userInfo: string
  readonly host: string
  readonly port: string
  readonly rest: string
}

const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i

const split = (url: string): Parts | undefined => {
  const match = AUTHORITY.exec(url)
  if (match === null) return undefined
  const [prefix, scheme = "", authority = ""] = match
  const at = authority.lastIndexOf("@")
  const hostAndPort = authority.slice(at + 1)
  // In an IPv6 literal the port's colon comes after the closing bracket.
  const colon = hostAndPort.indexOf(":", hostAndPort.lastIndexOf("]") + 1)
  return {
    scheme,
    userInfo: authority.slice(0, at + 1),
    host: colon === -1 ? hostAndPort : hostAndPort.slice(0, colon),
    port: colon === -1 ? "" : hostAndPort.slice(colon),
    rest: url.slice(prefix.length)
  }
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { "http://": ":80", "https://": ":443" }

/**
 * The URL as given, without its port, and with the scheme's default port when it has none: Twilio
 * signs the URL as it was configured, which may or may not spell the port out.
 */
export const candidates = (url: string): ReadonlyArray<string> => {
  const parts = split(url)
  if (parts === undefined) return [url]
  const bare = parts.scheme + parts.userInfo + parts.host + parts.rest
  const port = parts.port !== "" ? parts.port : (DEFAULT_PORTS[parts.scheme.toLowerCase()] ?? "")
  const withPort = parts.scheme + parts.userInfo + parts.host + port + parts.rest
  return bare === withPort ? [bare] : [bare, withPort]
}

/** The URL with any user name and password removed, safe to put in an error. */
export const withoutCredentials = (url: string): string => {
  const parts = split(url)
  return parts === undefined ? url : parts.scheme + parts.host + parts.port + parts.rest
}

/** The value of one query parameter, decoded, or `undefined` (the fragment is not part of the query). */
export const queryParam = (url: string, name: string): string | undefined => {
  const start = url.indexOf("?")
  if (start === -1) return undefined
  const end = url.indexOf("#", start)
  return new URLSearchParams(url.slice(start + 1, end === -1 ? undefined : end)).get(name) ?? undefined
}

/** Every query parameter of the URL, repeated keys as lists. */
export const queryParams = (url: string): Record<string, string | Array<string>> => {
  const start = url.indexOf("?")
  if (start === -1) return {}
  const end = url.indexOf("#", start)
  return fromSearchParams(new URLSearchParams(url.slice(start + 1, end === -1 ? undefined : end)))
}

/** Form pairs as a record: one value as a string, a repeated key as the list of its values. */
export const fromSearchParams = (search: URLSearchParams): Record<string, string | Array<string>> => {
  const out: Record<string, string | Array<string>> = Object.create(null)
  for (const [key, value] of search) {
    const seen = out[key]
    if (seen === undefined) out[key] = value
    else if (typeof seen === "string") out[key] = [seen, value]
    else seen.push(value)
  }
  return out
}
