/**
 * Loopback plumbing for the real-socket tests: a TCP proxy that counts the client's connections
 * (so a test sees every socket open and close on the server side), and a bare HTTP server for
 * answers the simulator does not give (redirects, oversized bodies).
 */
import * as Http from "node:http"
import * as Net from "node:net"
import { Duration, Effect, type Scope } from "effect"

/** What the proxy saw of the client's connections. */
export interface SocketCounter {
  /** `http://127.0.0.1:<port>`: point the SDK here instead of at the server. */
  readonly baseUrl: string
  /** Connections open right now. */
  readonly open: () => number
  /** Connections opened so far. */
  readonly total: () => number
  /** Most connections open at once. */
  readonly peak: () => number
  /** Polls (real time, every 5 ms) until `predicate` holds; answers whether it did within `within`. */
  readonly waitFor: (predicate: () => boolean, within?: Duration.DurationInput) => Effect.Effect<boolean>
}

/** Polls `check` on the real clock (every 5 ms) until it answers true or `within` has passed. */
export const waitUntilEffect = <E, R>(
  check: Effect.Effect<boolean, E, R>,
  within: Duration.DurationInput = "2 seconds"
): Effect.Effect<boolean, E, R> => {
  const deadline = Date.now() + Duration.toMillis(Duration.decode(within))
  const poll: Effect.Effect<boolean, E, R> = Effect.flatMap(check, (ok) =>
    ok || Date.now() > deadline
      ? Effect.succeed(ok)
      : Effect.zipRight(
          Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5))),
          poll
        )
  )
  return poll
}

/** Polls `predicate` on the real clock until it holds or `within` has passed. */
export const waitUntil = (
  predicate: () => boolean,
  within: Duration.DurationInput = "2 seconds"
): Effect.Effect<boolean> => waitUntilEffect(Effect.sync(predicate), within)

/** A TCP proxy on 127.0.0.1 in front of `targetPort`, closed (with every connection) with its scope. */
export const countingProxy = (targetPort: number): Effect.Effect<SocketCounter, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{
      readonly server: Net.Server
      readonly sockets: Set<Net.Socket>
      readonly counter: SocketCounter
    }>((resume) => {
      let open = 0
      let total = 0
      let peak = 0
      const sockets = new Set<Net.Socket>()
      const server = Net.createServer((client) => {
        open += 1
        total += 1
        peak = Math.max(peak, open)
        const upstream = Net.connect({ port: targetPort, host: "127.0.0.1", noDelay: true })
        // No Nagle delay on either side, or every small write would wait for an ACK.
        client.setNoDelay(true)
        sockets.add(client)
        sockets.add(upstream)
        client.pipe(upstream)
        upstream.pipe(client)
        client.on("error", () => upstream.destroy())
        upstream.on("error", () => client.destroy())
        upstream.on("close", () => {
          sockets.delete(upstream)
          client.destroy()
        })
        client.on("close", () => {
          sockets.delete(client)
          open -= 1
          upstream.destroy()
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(
          Effect.succeed({
            server,
            sockets,
            counter: {
              baseUrl: `http://127.0.0.1:${port}`,
              open: () => open,
              total: () => total,
              peak: () => peak,
              waitFor: waitUntil
            }
          })
        )
      })
    }),
    ({ server, sockets }) =>
      Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void))
        // `close` waits for live connections: end them.
        for (const socket of sockets) socket.destroy()
      })
  ).pipe(Effect.map(({ counter }) => counter))

/** One request as the bare server received it. */
export interface Seen {
  readonly method: string
  readonly url: string
  readonly authorization: string | undefined
}

/** A bare HTTP server on 127.0.0.1 answering with `handler`; logs what it receives; closed with its scope. */
export const bareServer = (
  handler: (req: Http.IncomingMessage, res: Http.ServerResponse) => void
): Effect.Effect<{ readonly baseUrl: string; readonly seen: ReadonlyArray<Seen> }, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: Http.Server; readonly baseUrl: string; readonly seen: Array<Seen> }>(
      (resume) => {
        const seen: Array<Seen> = []
        const server = Http.createServer((req, res) => {
          seen.push({
            method: req.method ?? "",
            url: req.url ?? "",
            authorization: req.headers.authorization
          })
          handler(req, res)
        })
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          const port = typeof address === "object" && address !== null ? address.port : 0
          resume(Effect.succeed({ server, baseUrl: `http://127.0.0.1:${port}`, seen }))
        })
      }
    ),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void))
        server.closeAllConnections()
      })
  )
