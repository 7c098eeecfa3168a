/**
 * A real `redis-server` for the Redis tests: started on a free loopback port with no persistence,
 * stoppable and restartable mid-test, and stopped when the scope closes.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { connect, createServer } from "node:net"
import { Duration, Effect, Ref, Schedule, type Scope } from "effect"

/** Whether `redis-server` can be run here. */
export const hasRedisServer = (): boolean => spawnSync("redis-server", ["--version"]).status === 0

/** Why the Redis tests did not run, in one line. */
export const SKIP_REASON =
  "Redis tests skipped: redis-server not found (install it: apt-get update && apt-get install -y redis-server)"

/** A port nothing listens on right now. */
const freePort = Effect.async<number, Error>((resume) => {
  const server = createServer()
  server.once("error", (error) => resume(Effect.fail(error)))
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(port > 0 ? Effect.succeed(port) : Effect.fail(new Error("no port"))))
  })
})

/** Succeeds once something accepts connections on the port. */
const accepts = (port: number) =>
  Effect.async<void, Error>((resume) => {
    const socket = connect({ host: "127.0.0.1", port })
    socket.once("connect", () => {
      socket.destroy()
      resume(Effect.void)
    })
    socket.once("error", (error) => resume(Effect.fail(error)))
  })

const exited = (child: ChildProcess) =>
  Effect.async<void>((resume) => {
    if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
    child.once("exit", () => resume(Effect.void))
  })

/** A running (or stopped) `redis-server`. */
export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Stops the server (SIGTERM) and waits for it to exit. */
  readonly stop: Effect.Effect<void>
  /** Starts it again on the same port. */
  readonly start: Effect.Effect<void, Error>
}

/** Starts `redis-server` on a free loopback port; it is stopped when the scope closes. */
export const redisServer: Effect.Effect<RedisServer, Error, Scope.Scope> = Effect.gen(function* () {
  const port = yield* freePort
  const current = yield* Ref.make<ChildProcess | undefined>(undefined)
  const stop = Effect.flatMap(Ref.getAndSet(current, undefined), (child) => {
    if (child === undefined) return Effect.void
    child.kill("SIGTERM")
    return exited(child).pipe(
      Effect.timeoutTo({
        duration: "5 seconds",
        onSuccess: () => Effect.void,
        onTimeout: () => Effect.sync(() => child.kill("SIGKILL"))
      }),
      Effect.flatten
    )
  })
  const start = Effect.gen(function* () {
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--loglevel",
        "warning"
      ],
      { stdio: "ignore" }
    )
    yield* Ref.set(current, child)
    // Up once it accepts connections, within 5 s.
    yield* accepts(port).pipe(
      Effect.retry(Schedule.spaced(Duration.millis(25)).pipe(Schedule.upTo(Duration.seconds(5))))
    )
  })
  yield* Effect.acquireRelease(start, () => stop)
  return { port, url: `redis://127.0.0.1:${port}`, stop, start }
})
