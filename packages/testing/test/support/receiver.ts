/**
 * A callback endpoint on loopback for the webhook tests: records every request exactly as it
 * arrived and answers with the status the test scripts (or never answers, to test timeouts).
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect } from "effect"

/** One request as the endpoint saw it. */
export interface Received {
  readonly method: string
  /** Path and query, as sent. */
  readonly path: string
  readonly signature: string | undefined
  readonly contentType: string | undefined
  readonly body: string
}

/** What the endpoint answers the n-th request (from 0): a status, or `"hang"` to never answer. */
export type Script = (n: number, path: string) => number | "hang"

/** An endpoint listening on 127.0.0.1 until the scope closes. */
export const receiver = (script: Script = () => 204) =>
  Effect.acquireRelease(
    Effect.async<{ readonly origin: string; readonly received: Array<Received>; close: () => void }>(
      (resume) => {
        const received: Array<Received> = []
        const server = createServer((req, res) => {
          const chunks: Array<Buffer> = []
          req.on("data", (chunk: Buffer) => chunks.push(chunk))
          req.on("end", () => {
            const path = req.url ?? "/"
            const answer = script(received.length, path)
            const signature = req.headers["x-twilio-signature"]
            received.push({
              method: req.method ?? "",
              path,
              signature: typeof signature === "string" ? signature : undefined,
              contentType: req.headers["content-type"],
              body: Buffer.concat(chunks).toString("utf8")
            })
            if (answer !== "hang") res.writeHead(answer).end()
          })
        })
        server.listen(0, "127.0.0.1", () => {
          const address: AddressInfo | string | null = server.address()
          const port = typeof address === "object" && address !== null ? address.port : 0
          resume(
            Effect.succeed({
              origin: `http://127.0.0.1:${port}`,
              received,
              close: () => {
                server.closeAllConnections()
                server.close()
              }
            })
          )
        })
      }
    ),
    (endpoint) => Effect.sync(() => endpoint.close())
  )

/** A loopback URL where nothing listens (a port that was free a moment ago). */
export const deadUrl = Effect.gen(function* () {
  const endpoint = yield* Effect.scoped(receiver())
  return `${endpoint.origin}/gone`
})
