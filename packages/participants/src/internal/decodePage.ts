/**
 * The fast path of roster page decoding: the participants array item by item (plain checks first,
 * the full `Participant` schema for an item that needs it) and the page's few paging fields.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import type { ParseOptions } from "effect/SchemaAST"
import { Participant } from "../Participant.js"
import { makeFastParticipantDecoder } from "./decodeParticipant.js"

// Built on first use: a program that never reads a page pays nothing for these at import.
let decoders:
  | {
      readonly one: ReturnType<typeof ParseResult.decodeUnknownEither<Participant, unknown>>
      readonly fast: (input: unknown) => Participant | undefined
    }
  | undefined

/**
 * The decoded participants of a wire array, or `undefined` when the input is not an array or one of
 * its items fails to decode: the caller then runs the full array schema, which words the error.
 * The caller checks `fastPathApplies(options)` first.
 */
export const readParticipants = (input: unknown, options: ParseOptions): Array<Participant> | undefined => {
  if (!Array.isArray(input)) return undefined
  decoders ??= {
    one: ParseResult.decodeUnknownEither(Participant),
    fast: makeFastParticipantDecoder(Participant)
  }
  const { one: decodeOne, fast: decodeFast } = decoders
  const out = new Array<Participant>(input.length)
  for (let i = 0; i < input.length; i++) {
    const item: unknown = input[i]
    const fast = decodeFast(item)
    if (fast !== undefined) {
      out[i] = fast
    } else {
      const decoded = decodeOne(item, options)
      if (Either.isLeft(decoded)) return undefined
      out[i] = decoded.right
    }
  }
  return out
}

/** A nullable string paging field; `undefined` when present with another type. */
export const readLink = (value: unknown): string | null | undefined =>
  value === undefined || value === null ? null : typeof value === "string" ? value : undefined

/** A nullable whole-number paging field (what `Schema.Int` accepts); `undefined` otherwise. */
export const readInt = (value: unknown): number | null | undefined =>
  value === undefined || value === null
    ? null
    : typeof value === "number" && Number.isSafeInteger(value)
      ? value
      : undefined
