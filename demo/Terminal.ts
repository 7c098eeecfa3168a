/**
 * Where the demo writes: colours and a rewritable progress line on a terminal, plain lines
 * everywhere else (pipes, CI logs, tests).
 */
import * as Effect from "effect/Effect"

/** Where text goes and what it may do there. */
export interface Sink {
  /** Writes raw text (the demo adds its own newlines). */
  readonly write: (text: string) => void
  /** ANSI colours allowed. */
  readonly color: boolean
  /** A progress line may be redrawn in place with `\r` (an interactive terminal). */
  readonly live: boolean
}

/** ANSI styling that becomes the identity when colours are off. */
export interface Paint {
  readonly bold: (text: string) => string
  readonly dim: (text: string) => string
  readonly red: (text: string) => string
  readonly green: (text: string) => string
  readonly yellow: (text: string) => string
  readonly blue: (text: string) => string
  readonly magenta: (text: string) => string
  readonly cyan: (text: string) => string
}

const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`

const plain = (text: string): string => text

/** Styling functions for a sink that does (or does not) accept colours. */
export const paintFor = (color: boolean): Paint =>
  color
    ? {
        bold: ansi(1, 22),
        dim: ansi(2, 22),
        red: ansi(31, 39),
        green: ansi(32, 39),
        yellow: ansi(33, 39),
        blue: ansi(34, 39),
        magenta: ansi(35, 39),
        cyan: ansi(36, 39)
      }
    : {
        bold: plain,
        dim: plain,
        red: plain,
        green: plain,
        yellow: plain,
        blue: plain,
        magenta: plain,
        cyan: plain
      }

const ANSI_STYLE = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g")

/** Removes ANSI styling, to measure or compare what a reader sees. */
export const stripAnsi = (text: string): string => text.replace(ANSI_STYLE, "")

/**
 * The process's stdout: colours only on a TTY and when `NO_COLOR` is unset or empty
 * (https://no-color.org), in-place progress only on a TTY.
 */
export const stdoutSink = (): Sink => {
  const tty = process.stdout.isTTY === true
  const noColor = (process.env.NO_COLOR ?? "") !== ""
  return { write: (text) => process.stdout.write(text), color: tty && !noColor, live: tty }
}

/** A sink that keeps everything written, for tests. */
export const memorySink = (): Sink & { readonly text: () => string } => {
  const chunks: Array<string> = []
  return { write: (text) => chunks.push(text), color: false, live: false, text: () => chunks.join("") }
}

/** The demo's output device. */
export class Terminal extends Effect.Service<Terminal>()("effect-twilio-demo/Terminal", {
  effect: (sink: Sink) =>
    Effect.sync(() => {
      // Whether a progress line is on screen and must be cleared before the next line.
      let progressShown = false
      const clearProgress = () => {
        if (progressShown) sink.write("\r\u001b[2K")
        progressShown = false
      }
      return {
        paint: paintFor(sink.color),
        /** Whether progress is drawn in place (otherwise callers print a few milestone lines). */
        live: sink.live,
        /** Prints one line. */
        line: (text = "") =>
          Effect.sync(() => {
            clearProgress()
            sink.write(`${text}\n`)
          }),
        /** Redraws the progress line (a no-op when the sink cannot redraw). */
        progress: (text: string) =>
          Effect.sync(() => {
            if (!sink.live) return
            sink.write(`\r\u001b[2K${text}`)
            progressShown = true
          })
      }
    })
}) {}

/** The terminal on the process's stdout. */
export const TerminalLive = Terminal.Default(stdoutSink())
