/**
 * Settings of the webhook handlers: the auth tokens that sign, the public URL Twilio calls, and
 * the cap on a body's size.
 */
import * as Arr from "effect/Array"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as TwilioSignature from "./TwilioSignature.js"

/** Status callbacks are a few hundred bytes; 64 KiB leaves room and bounds what is buffered. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024

/** What the handlers are built from. */
export interface Options {
  /** The account's auth token, or several during a rotation (the current one first). */
  readonly authToken: TwilioSignature.AuthTokens
  /**
   * The public origin Twilio calls, with the path prefix a proxy strips if any
   * (`https://hooks.example.com` or `https://example.com/twilio`); the request's own path and
   * query are appended. Without it, the URL is `http://` + the `Host` header + the path, which
   * is only right when nothing between Twilio and the server rewrites the request.
   */
  readonly publicUrl?: string | undefined
  /** Bodies larger than this are refused with 413 before they are buffered. */
  readonly maxBodyBytes?: number | undefined
}

/** The checked settings. */
export interface Service {
  readonly authTokens: Arr.NonEmptyReadonlyArray<Redacted.Redacted<string>>
  readonly publicUrl: Option.Option<string>
  readonly maxBodyBytes: number
}

/** The settings the webhook handlers read. */
export class WebhookConfig extends Context.Tag("@effect-twilio/webhooks/WebhookConfig")<
  WebhookConfig,
  Service
>() {}

const invalid = (path: string, message: string) => Effect.fail(ConfigError.InvalidData([path], message))

/** Checks the options: tokens non-empty, the public URL an absolute http(s) URL, the cap positive. */
export const make = (options: Options): Effect.Effect<Service, ConfigError.ConfigError> =>
  Effect.gen(function* () {
    const given = options.authToken
    const list: ReadonlyArray<TwilioSignature.AuthToken> =
      typeof given === "string" || Redacted.isRedacted(given) ? [given] : given
    const tokens = list.map((token) => (typeof token === "string" ? Redacted.make(token) : token))
    if (!Arr.isNonEmptyReadonlyArray(tokens))
      return yield* invalid("authToken", "at least one auth token is needed")
    if (tokens.some((token) => Redacted.value(token) === "")) {
      return yield* invalid("authToken", "an auth token is empty")
    }
    const publicUrl = options.publicUrl
    if (publicUrl !== undefined && !/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(publicUrl)) {
      return yield* invalid(
        "publicUrl",
        `expected an absolute http(s) URL without query or fragment, got ${JSON.stringify(publicUrl)}`
      )
    }
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
    if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
      return yield* invalid("maxBodyBytes", `expected a positive whole number of bytes, got ${maxBodyBytes}`)
    }
    return {
      authTokens: tokens,
      publicUrl: Option.map(Option.fromNullable(publicUrl), (url) => url.replace(/\/+$/, "")),
      maxBodyBytes
    }
  })

/** The settings from options. */
export const layer = (options: Options): Layer.Layer<WebhookConfig, ConfigError.ConfigError> =>
  Layer.effect(WebhookConfig, make(options))

/** Where `layerConfig` reads each setting; each defaults to the environment variable named. */
export interface ConfigOverrides {
  /** `TWILIO_AUTH_TOKEN`. */
  readonly authToken?: Config.Config<Redacted.Redacted<string>>
  /** `TWILIO_SECONDARY_AUTH_TOKEN`: also accepted while a token is rotated (optional). */
  readonly secondaryAuthToken?: Config.Config<Redacted.Redacted<string>>
  /** `TWILIO_WEBHOOK_URL` (optional). */
  readonly publicUrl?: Config.Config<string>
  /** `TWILIO_WEBHOOK_MAX_BODY_BYTES` (optional). */
  readonly maxBodyBytes?: Config.Config<number>
}

/** The settings from `Config` (the environment by default). */
export const layerConfig = (
  overrides: ConfigOverrides = {}
): Layer.Layer<WebhookConfig, ConfigError.ConfigError> =>
  Layer.effect(
    WebhookConfig,
    Effect.gen(function* () {
      const authToken = yield* overrides.authToken ?? Config.redacted("TWILIO_AUTH_TOKEN")
      const secondary = yield* Config.option(
        overrides.secondaryAuthToken ?? Config.redacted("TWILIO_SECONDARY_AUTH_TOKEN")
      )
      const publicUrl = yield* Config.option(overrides.publicUrl ?? Config.string("TWILIO_WEBHOOK_URL"))
      const maxBodyBytes = yield* Config.option(
        overrides.maxBodyBytes ?? Config.integer("TWILIO_WEBHOOK_MAX_BODY_BYTES")
      )
      return yield* make({
        authToken: Option.match(secondary, { onNone: () => [authToken], onSome: (s) => [authToken, s] }),
        publicUrl: Option.getOrUndefined(publicUrl),
        maxBodyBytes: Option.getOrUndefined(maxBodyBytes)
      })
    })
  )
