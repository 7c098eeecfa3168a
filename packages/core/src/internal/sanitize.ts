/**
 * Text from a server is kept in errors only after two repairs: characters that could forge log lines
 * or drive a terminal are escaped, and the account's secrets, should a server or proxy echo them, are
 * cut out. The SDK knows the exact values it sent, so it can remove them wherever they appear.
 */

// C0 controls, DEL, C1 controls, line and paragraph separators, bidirectional overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const toEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`

/** Escapes control, line-separator and bidi characters as `\uXXXX`. */
export const escapeControls = (text: string): string => text.replace(UNSAFE, toEscape)

/** Shown where a secret stood. */
export const REDACTED = "<redacted>"

/** Makes server text safe to keep: `text` for short fields, `excerpt` for a body. */
export interface Sanitizer {
  readonly text: (text: string) => string
  readonly excerpt: (body: string) => string
}

/**
 * A sanitizer for the given secrets (the caller lists every spelling it sent: raw, base64, the whole
 * header). Empty strings are ignored; longer secrets are removed first, so a secret that contains
 * another is not left half visible. Secrets are cut from the whole body before it is shortened, so
 * none can straddle the cut.
 */
export const make = (secrets: ReadonlyArray<string>): Sanitizer => {
  const unique = [...new Set(secrets.filter((secret) => secret !== ""))].sort((a, b) => b.length - a.length)
  const scrub = (text: string) => {
    let clean = text
    for (const secret of unique) {
      if (clean.includes(secret)) clean = clean.split(secret).join(REDACTED)
    }
    return clean
  }
  return {
    text: (text) => escapeControls(scrub(text)),
    excerpt: (body) => escapeControls(shorten(scrub(body)))
  }
}

const EXCERPT = 300

/** The first few hundred characters of a body, on one line. */
export const shorten = (text: string): string => {
  const flat = text.length > EXCERPT * 2 ? text.slice(0, EXCERPT * 2) : text
  const squeezed = flat.replace(/\s+/g, " ").trim()
  return squeezed.length > EXCERPT ? `${squeezed.slice(0, EXCERPT)}…` : squeezed
}
