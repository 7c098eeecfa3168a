/**
 * The simulator behind a real HTTP server on loopback (node:http), so dropped connections
 * and bodies cut mid-way happen on an actual socket.
 */
import * as Http from "node:http"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import { Codes, errorBody, refuse } from "./errors.js"
import type { Service } from "./simulator.js"
import { isFormContentType, parseUrlEncoded, splitTarget, type WireOutcome } from "./wire.js"

/** Where to listen. */
export interface ListenOptions {
  /** Port on 127.0.0.1 (default 0: an ephemeral port). */
  readonly port?: number
  /** Host to bind (default 127.0.0.1). */
  readonly host?: string
}

/** The server could not listen (port taken, bad host …). */
export class ListenError extends Data.TaggedError("ListenError")<{ readonly message: string }> {}

/** A listening server. */
export interface Listening {
  readonly baseUrl: string
  readonly port: number
}

const readBody = (req: Http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

const headerRecord = (req: Http.IncomingMessage): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

const write = (req: Http.IncomingMessage, res: Http.ServerResponse, outcome: WireOutcome) => {
  switch (outcome._tag) {
    case "Drop":
      req.socket.destroy()
      return
    case "Truncate": {
      const full = Buffer.from(outcome.response.body, "utf8")
      // Announce the whole body, send part of it, then cut the connection.
      res.writeHead(outcome.response.status, { ...outcome.response.headers, "content-length": full.length })
      res.write(full.subarray(0, outcome.keep), () => res.socket?.destroy())
      return
    }
    case "Respond": {
      const body =
        outcome.response.status === 204 ? Buffer.alloc(0) : Buffer.from(outcome.response.body, "utf8")
      res.writeHead(outcome.response.status, { ...outcome.response.headers, "content-length": body.length })
      res.end(body)
    }
  }
}

const internalError = (res: Http.ServerResponse) => {
  if (res.headersSent) {
    res.socket?.destroy()
    return
  }
  const body = errorBody(refuse(500, Codes.InternalError, "Internal Server Error"))
  res.writeHead(500, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body)
  })
  res.end(body)
}

/** Serves the simulator until the scope closes; then stops listening and closes every connection. */
export const listen = (
  simulator: Service,
  options: ListenOptions = {}
): Effect.Effect<Listening, ListenError, Scope.Scope> =>
  Effect.gen(function* () {
    // Handlers run on the runtime of the scope that started the server (its Clock included).
    const runtime = yield* Effect.runtime<never>()
    const run = Runtime.runPromise(runtime)
    const server = Http.createServer((req, res) => {
      readBody(req)
        .then((text) => {
          const { path, query } = splitTarget(req.url ?? "/")
          const headers = headerRecord(req)
          return run(
            simulator.handle({
              method: req.method ?? "GET",
              path,
              query,
              form: isFormContentType(headers["content-type"]) ? parseUrlEncoded(text) : [],
              headers
            })
          )
        })
        .then(
          (outcome) => write(req, res, outcome),
          () => internalError(res)
        )
    })
    const host = options.host ?? "127.0.0.1"
    return yield* Effect.acquireRelease(
      Effect.async<Listening, ListenError>((resume) => {
        const onError = (error: Error) =>
          resume(Effect.fail(new ListenError({ message: `cannot listen on ${host}: ${error.message}` })))
        server.once("error", onError)
        server.listen(options.port ?? 0, host, () => {
          server.off("error", onError)
          const address = server.address()
          const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0)
          resume(Effect.succeed({ baseUrl: `http://${host}:${port}`, port }))
        })
      }),
      () =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
  })
