/** Checks of caller text that must survive UTF-8 and URL encoding unchanged. */

/**
 * The index of the first lone UTF-16 surrogate in `text` (half of a pair cut apart, say by slicing
 * an emoji label), or -1. `encodeURIComponent` throws on one, and a form encoder sends U+FFFD instead.
 */
export const loneSurrogateAt = (text: string): number => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0xd800 || c > 0xdfff) continue
    if (c <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++
        continue
      }
    }
    return i
  }
  return -1
}

/** Why `text` cannot be sent as it is, or `undefined` when it can. */
export const unsendable = (what: string, text: string): string | undefined => {
  const at = loneSurrogateAt(text)
  return at === -1
    ? undefined
    : `${what} must not contain a lone UTF-16 surrogate (U+${text
        .charCodeAt(at)
        .toString(16)
        .toUpperCase()} at index ${at}; was a longer text cut in the middle of a character?)`
}
