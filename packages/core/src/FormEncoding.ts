/**
 * Twilio's request bodies and query strings: `application/x-www-form-urlencoded`, keys taken
 * from the Encoded (PascalCase) side of a schema.
 */
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/** A value a form field can carry once encoded by a schema. */
export type FormValue = string | number | boolean | bigint | null | undefined | ReadonlyArray<FormValue>

/** True for a value `toUrlParams` can flatten. */
export const isFormValue = (value: unknown): value is FormValue =>
  value === undefined ||
  value === null ||
  typeof value === "string" ||
  typeof value === "number" ||
  typeof value === "boolean" ||
  typeof value === "bigint" ||
  (Array.isArray(value) && value.every(isFormValue))

const push = (out: Array<[string, string]>, key: string, value: FormValue): void => {
  if (value === undefined || value === null) return
  if (Array.isArray(value)) {
    for (const item of value as ReadonlyArray<FormValue>) push(out, key, item)
    return
  }
  // Booleans print as true/false and numbers in plain decimal, which is what String() gives.
  out.push([key, String(value)])
}

/** Flattens an encoded record into form pairs: arrays repeat the key, null and undefined are dropped. */
export const toUrlParams = (encoded: { readonly [key: string]: FormValue }): UrlParams.UrlParams => {
  const out: Array<[string, string]> = []
  for (const key of Object.keys(encoded)) push(out, key, encoded[key])
  return UrlParams.fromInput(out)
}

/** Encodes a value through `schema` and flattens the Encoded side into form pairs. */
export const encode =
  <A, I extends { readonly [key: string]: FormValue }, R>(schema: Schema.Schema<A, I, R>) =>
  (value: A): Effect.Effect<UrlParams.UrlParams, ParseResult.ParseError, R> =>
    Effect.map(Schema.encode(schema)(value), toUrlParams)

/** The `application/x-www-form-urlencoded` text of form pairs (UTF-8, percent-encoded). */
export const toBody = (params: UrlParams.UrlParams): string => UrlParams.toString(params)
