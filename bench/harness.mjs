/**
 * `pnpm bench`: runs every workload against the loopback server for each client (this SDK over the
 * lean undici transport and over the platform's, the official `twilio` package, raw undici), each in
 * its own process, checks the server's request log after every run, and writes
 * `bench/results/latest.md` and `latest.json`.
 *
 * Flags: `--quick` (under a minute), `--from-source` (our packages from TypeScript sources instead of
 * dist/), `--clients=ours,ours-platform,twilio,undici`, `--only=requests,moderation,roster,cold,serverless,micro`,
 * `--against=<commit>` (adds `ours@<commit>`: the same workloads over our packages and adapter as built
 * at that commit, see bench/against.mjs), `--profile` (also profiles each client's measured part and
 * prints its top functions), `--roster-sizes=10000,100000`, `--repeats=N`.
 */
import { execFileSync, fork, spawn } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { buildAgainst } from "./against.mjs"
import { summarizeProfile } from "./profile.mjs"
import { renderMarkdown, rows, TARGETS } from "./report.mjs"
import { measureServerless, renderServerless } from "./serverless.mjs"
import {
  CREATE_FORM,
  ITEM_TEMPLATE,
  LIST_TEMPLATE,
  MODERATION_PAGE_SIZE,
  MODERATION_SIZE,
  MODERATOR_LABEL,
  MUTE_FORM,
  PAGE_SIZE,
  rosterCallSid,
  UPDATE_FORM
} from "./wire.mjs"

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, "..")
const RESULTS = join(HERE, "results")

const args = process.argv.slice(2)
const flag = (name) => args.includes(`--${name}`)
const QUICK = flag("quick")
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const PROFILE = flag("profile")
const AGAINST = option("against")
// The platform-transport client only in full runs unless asked for (it keeps `--quick` quick), or
// beside `--against`: an older commit's adapter may know no other transport.
const CLIENTS = (
  option("clients") ??
  (QUICK && AGAINST === undefined ? "ours,twilio,undici" : "ours,ours-platform,twilio,undici")
).split(",")
const ONLY = new Set((option("only") ?? "requests,moderation,roster,cold,serverless,micro").split(","))

/** Iteration counts: the full run and the quick one (under 60 s on 2 cores). */
const PLAN = QUICK
  ? {
      repeats: 1,
      warmup: 300,
      seq: 1000,
      concurrent: 2000,
      inflight: 64,
      create: 300,
      update: 300,
      allocFetches: 300,
      moderationRepeats: 1,
      moderationRounds: 6,
      moderationWarmRounds: 1,
      rosterSizes: [2_000, 10_000, 50_000],
      rosterRepeats: 1,
      coldRepeats: 1,
      serverlessRepeats: 3,
      warmSize: 2_000
    }
  : {
      repeats: 5,
      warmup: 2_000,
      seq: 5_000,
      concurrent: 20_000,
      inflight: 64,
      create: 2_000,
      update: 2_000,
      allocFetches: 2_000,
      moderationRepeats: 3,
      moderationRounds: 10,
      moderationWarmRounds: 2,
      rosterSizes: [10_000, 100_000, 1_000_000],
      rosterRepeats: 3,
      coldRepeats: 5,
      // The bundled start is a ratio near its 0.7x target: 7 rounds left it at the mercy of the load.
      serverlessRepeats: 15,
      warmSize: 5_000
    }
// Overrides, for exploring one row: `--roster-sizes=100000,1000000`, `--repeats=3`.
if (option("roster-sizes") !== undefined) PLAN.rosterSizes = option("roster-sizes").split(",").map(Number)
if (option("repeats") !== undefined)
  PLAN.repeats =
    PLAN.rosterRepeats =
    PLAN.coldRepeats =
    PLAN.moderationRepeats =
    PLAN.serverlessRepeats =
      Number(option("repeats"))

// The largest roster is run fewer times: it is the slowest row and its spread is small.
const rosterRepeatsFor = (size) => (size >= 1_000_000 ? Math.min(PLAN.rosterRepeats, 2) : PLAN.rosterRepeats)

// Other work on the machine skews every number: recorded in the results, and warned about.
const LOAD_AT_START = os.loadavg().map((x) => Math.round(x * 100) / 100)
if (LOAD_AT_START[0] > 0.5 * os.availableParallelism())
  process.stderr.write(`warning: load average ${LOAD_AT_START[0]} before the run; results will be noisy\n`)

// Our packages are measured as users install them: built to dist/ (built here first), with our
// client adapter compiled to JavaScript beside them, so no client process loads a TypeScript loader
// (its module hooks slow every import). With `--from-source` they load from their TypeScript sources
// through tsx instead, as in development.
const FROM_SOURCE = process.argv.includes("--from-source")
// The serverless rows run dist/ as an application installs it, whatever the flag.
if (!FROM_SOURCE || ONLY.has("serverless")) {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc")
  const BUILD_PACKAGE = join(ROOT, "scripts", "build-package.mjs")
  for (const [name, inputs, output] of [
    // In dependency order: testing uses conferences and webhooks, and webhooks uses participants.
    ...["core", "participants", "conferences", "webhooks", "testing"].map((pkg) => {
      const dir = join(ROOT, "packages", pkg)
      return [
        pkg,
        [
          ...["src", "package.json", "tsconfig.json", "tsconfig.build.json"].map((f) => join(dir, f)),
          BUILD_PACKAGE
        ],
        join(dir, "dist")
      ]
    }),
    [
      "bench",
      ["clients", "wire.mjs", "tsconfig.build.json"].map((f) => join(HERE, f)),
      join(HERE, "build", "clients")
    ]
  ]) {
    // A project whose inputs have not changed since its last build here is not compiled again
    // (type-checking five packages takes longer than a quick run): its emitted JavaScript depends on
    // its own sources only.
    const stamp = join(HERE, "build", "stamps", `${name}.json`)
    const newest = Math.max(newestChange(join(ROOT, "tsconfig.base.json")), ...inputs.map(newestChange))
    if (existsSync(output) && existsSync(stamp) && JSON.parse(readFileSync(stamp, "utf8")).newest === newest)
      continue
    // A package builds as it ships (its `build` script: bundled by esbuild); the bench adapter with tsc.
    const tsconfig = inputs.find((f) => f.endsWith("tsconfig.build.json"))
    execFileSync(process.execPath, name === "bench" ? [tsc, "-p", tsconfig] : [BUILD_PACKAGE], {
      stdio: "inherit",
      cwd: dirname(tsconfig)
    })
    mkdirSync(dirname(stamp), { recursive: true })
    writeFileSync(stamp, JSON.stringify({ newest }))
  }
}
/** The latest modification time of a file, or of a directory and anything under it (0 when absent). */
function newestChange(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))))
}

const NODE_FLAGS = [
  ...(FROM_SOURCE ? ["--conditions=@effect-twilio/source", "--import", "tsx"] : []),
  "--expose-gc"
]
const OURS_ADAPTER = FROM_SOURCE ? "./clients/ours.ts" : "./build/clients/ours.js"

// Which module each client's process loads, and the options its `make` gets. `--against` adds our
// packages and adapter as another commit built them (outside the repository, see against.mjs).
const ADAPTERS = {
  ours: { adapter: OURS_ADAPTER },
  "ours-platform": { adapter: OURS_ADAPTER, adapterOptions: { transport: "platform" } },
  twilio: { adapter: "./clients/twilio.mjs" },
  undici: { adapter: "./clients/undici.mjs" }
}
const AGAINST_BUILD = AGAINST === undefined ? undefined : buildAgainst(ROOT, AGAINST, process.stderr)
if (AGAINST_BUILD !== undefined) {
  const name = `ours@${AGAINST_BUILD.short}`
  ADAPTERS[name] = { adapter: AGAINST_BUILD.adapterUrl, described: AGAINST_BUILD.described }
  // Beside ours, so the two sit next to each other in every rotation and table.
  const at = CLIENTS.indexOf("ours")
  CLIENTS.splice(at === -1 ? CLIENTS.length : at + 1, 0, name)
}
for (const client of CLIENTS) {
  if (ADAPTERS[client] === undefined) throw new Error(`unknown client ${client}`)
}
const RUN_TIMEOUT_MS = QUICK ? 40_000 : 240_000

// ---------------------------------------------------------------------------------------------
// The server

const startServer = () =>
  new Promise((resolve, reject) => {
    const child = fork(join(HERE, "server.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
    const timer = setTimeout(() => reject(new Error("server did not start in 10 s")), 10_000)
    let nextId = 0
    const pending = new Map()
    child.on("message", (message) => {
      if (message.type === "ready") {
        clearTimeout(timer)
        resolve({
          origin: `http://127.0.0.1:${message.port}`,
          takeLog: () =>
            new Promise((res) => {
              const id = nextId++
              pending.set(id, res)
              child.send({ type: "log", id })
            }),
          stop: () =>
            new Promise((res) => {
              const kill = setTimeout(() => child.kill("SIGKILL"), 3_000)
              child.once("exit", () => {
                clearTimeout(kill)
                res()
              })
              child.send({ type: "stop" })
            })
        })
      } else if (message.type === "log") {
        pending.get(message.id)?.(message)
        pending.delete(message.id)
      }
    })
    child.on("error", reject)
  })

// ---------------------------------------------------------------------------------------------
// Client processes

const children = new Set()
const cleanup = () => {
  for (const child of children) child.kill("SIGKILL")
}
process.on("exit", cleanup)
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanup()
    process.exit(130)
  })
}

const runClient = (task, extraFlags = []) =>
  new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [...NODE_FLAGS, ...extraFlags, join(HERE, "runner.mjs")], {
      cwd: ROOT,
      env: {
        ...process.env,
        BENCH_TASK: JSON.stringify({ ...task, ...ADAPTERS[task.client], timeoutMs: RUN_TIMEOUT_MS })
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    children.add(child)
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => {
      stdout += d
    })
    child.stderr.on("data", (d) => {
      stderr += d
    })
    const kill = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS + 5_000)
    child.on("exit", (code, signal) => {
      clearTimeout(kill)
      children.delete(child)
      const line = stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "))
      if (code !== 0 || line === undefined) {
        reject(
          new Error(
            `${task.client} ${task.mode} failed (code ${code}, signal ${signal}):\n${stderr.slice(-3000)}`
          )
        )
        return
      }
      const result = JSON.parse(line.slice("BENCH_RESULT ".length))
      result.spawnToExitMs = performance.now() - t0
      resolve(result)
    })
  })

// ---------------------------------------------------------------------------------------------
// Request-log verification: every client must hit the same paths with the same bodies.

const pages = (size, pageSize = PAGE_SIZE) => Math.max(1, Math.ceil(size / pageSize))

const expectedLog = (task, result) => {
  const fetchItem = `GET ${ITEM_TEMPLATE}`
  if (task.mode === "cold" || result.skipped !== undefined) return { [fetchItem]: { count: 1 } }
  if (task.mode === "moderation") {
    // Every round lists the whole roster and mutes everyone but its first participant, the moderator.
    const rounds = 2 * (task.warmRounds + task.rounds)
    const perRound = pages(task.size, task.pageSize)
    const muted = {}
    for (let n = 1; n < task.size; n++) muted[`${rosterCallSid(n)} ${MUTE_FORM}`] = rounds
    return {
      [fetchItem]: { count: 1 },
      [`GET ${LIST_TEMPLATE}`]: {
        count: rounds * perRound,
        details: {
          [`PageSize PageSize=${task.pageSize}`]: rounds,
          [`Page,PageSize,PageToken PageSize=${task.pageSize}`]: rounds * (perRound - 1)
        }
      },
      [`POST ${ITEM_TEMPLATE}`]: { count: rounds * (task.size - 1), details: muted }
    }
  }
  if (task.mode === "requests") {
    const creates = Math.ceil(task.warmup / 4) + task.create
    const updates = Math.ceil(task.warmup / 4) + task.update
    return {
      [fetchItem]: { count: 1 + 2 * task.warmup + task.seq + task.concurrent + task.allocFetches },
      [`POST ${LIST_TEMPLATE}`]: { count: creates, details: { [CREATE_FORM]: creates } },
      [`POST ${ITEM_TEMPLATE}`]: { count: updates, details: { [UPDATE_FORM]: updates } }
    }
  }
  const listed = pages(task.warmSize) + pages(task.size)
  const firsts = 2
  const details = { [`PageSize PageSize=${PAGE_SIZE}`]: firsts }
  if (listed > firsts) details[`Page,PageSize,PageToken PageSize=${PAGE_SIZE}`] = listed - firsts
  return { [fetchItem]: { count: 1 }, [`GET ${LIST_TEMPLATE}`]: { count: listed, details } }
}

const verify = (task, server, result) => {
  const expected = expectedLog(task, result)
  const problems = [...server.anomalies]
  const keys = new Set([...Object.keys(expected), ...Object.keys(server.log)])
  for (const key of keys) {
    const want = expected[key]
    const got = server.log[key]
    if (want === undefined) {
      problems.push(`unexpected ${key} x${got.count}: ${JSON.stringify(got.details).slice(0, 300)}`)
      continue
    }
    if (got === undefined || got.count !== want.count) {
      problems.push(`${key}: expected ${want.count} requests, server saw ${got?.count ?? 0}`)
      continue
    }
    if (
      want.details !== undefined &&
      JSON.stringify(sortKeys(got.details)) !== JSON.stringify(sortKeys(want.details))
    )
      problems.push(`${key}: bodies/queries differ: got ${JSON.stringify(got.details).slice(0, 600)}`)
  }
  if (problems.length > 0)
    throw new Error(`${task.client} ${task.mode}: request log check failed:\n  ${problems.join("\n  ")}`)
}
const sortKeys = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)))

const checkSummary = (client, summary) => {
  const ok =
    summary.callSid?.startsWith("CA") &&
    summary.status === "connected" &&
    summary.muted === false &&
    summary.dateCreated === Date.UTC(2011, 1, 18, 21, 7, 20)
  if (!ok) throw new Error(`${client}: decoded participant looks wrong: ${JSON.stringify(summary)}`)
}

// ---------------------------------------------------------------------------------------------
// Orchestration

/** Rotates the client order each repeat so no client always runs first (or last). */
const rotated = (list, by) => list.map((_, i) => list[(i + by) % list.length])

const log = (text) => process.stderr.write(`${text}\n`)

const main = async () => {
  const t0 = performance.now()
  const server = await startServer()
  const raw = { requests: {}, moderation: {}, roster: {}, cold: {}, serverless: undefined }
  const serverCpu = []
  const settings = {}
  const run = async (task, extraFlags) => {
    const result = await runClient({ ...task, origin: server.origin }, extraFlags)
    const seen = await server.takeLog()
    verify(task, seen, result)
    checkSummary(task.client, result.summary)
    result.connections = seen.connections
    settings[task.client] ??= result.settings ?? ADAPTERS[task.client].described
    const served = Object.values(seen.log).reduce((n, e) => n + e.count, 0)
    serverCpu.push({ client: task.client, mode: task.mode, requests: served, cpuMicros: seen.cpuMicros })
    return result
  }
  try {
    if (ONLY.has("requests")) {
      for (let r = 0; r < PLAN.repeats; r++) {
        for (const client of rotated(CLIENTS, r)) {
          const result = await run(requestsTask(client))
          append(raw.requests, client, result)
          log(
            `requests ${r + 1}/${PLAN.repeats} ${client.padEnd(13)} fetch p50 ${result.seqFetch.p50Micros.toFixed(0)} µs, ` +
              `cpu ${result.seqFetch.cpuMicrosPerOp.toFixed(0)} µs, ${(result.allocation.bytesPerFetch / 1024).toFixed(1)} KB, ` +
              `x${PLAN.inflight} ${result.concurrentFetch.opsPerSec.toFixed(0)} ops/s, create p50 ${result.seqCreate.p50Micros.toFixed(0)} µs`
          )
        }
      }
    }
    if (ONLY.has("moderation")) {
      for (let r = 0; r < PLAN.moderationRepeats; r++) {
        for (const client of rotated(CLIENTS, r)) {
          const result = await run(moderationTask(client))
          if (result.skipped !== undefined) {
            log(
              `moderation ${r + 1}/${PLAN.moderationRepeats} ${client.padEnd(13)} skipped: ${result.skipped}`
            )
            continue
          }
          append(raw.moderation, client, result)
          const [one] = rows({ requests: {}, roster: {}, cold: {}, moderation: { [client]: [result] } })
          log(
            `moderation ${r + 1}/${PLAN.moderationRepeats} ${client.padEnd(13)} round ${one.values[client].toFixed(1)} ms, ` +
              `${result.connections.peak} connections at once, ${result.connections.opened} opened`
          )
        }
      }
    }
    if (ONLY.has("roster")) {
      for (const size of PLAN.rosterSizes) {
        for (let r = 0; r < rosterRepeatsFor(size); r++) {
          for (const client of rotated(CLIENTS, r)) {
            const task = { mode: "roster", client, size, pageSize: PAGE_SIZE, warmSize: PLAN.warmSize }
            const result = await run(task)
            if (raw.roster[size] === undefined) raw.roster[size] = {}
            append(raw.roster[size], client, result)
            log(
              `roster ${size} ${r + 1}/${rosterRepeatsFor(size)} ${client.padEnd(6)} ${result.wallMs.toFixed(0)} ms, ` +
                `cpu ${result.cpuMs.toFixed(0)} ms, rss +${result.rssGrowthMB.toFixed(1)} MB`
            )
          }
        }
      }
    }
    if (ONLY.has("cold")) {
      for (let r = 0; r < PLAN.coldRepeats; r++) {
        for (const client of rotated(CLIENTS, r)) {
          const result = await run({ mode: "cold", client })
          append(raw.cold, client, result)
          log(
            `cold ${r + 1}/${PLAN.coldRepeats} ${client.padEnd(6)} import ${result.importMs.toFixed(0)} ms, first ${result.firstRequestMs.toFixed(1)} ms`
          )
        }
      }
    }
    if (ONLY.has("serverless")) {
      // Whole processes of their own, bundled and not: see bench/serverless.mjs.
      raw.serverless = await measureServerless({
        origin: server.origin,
        takeLog: server.takeLog,
        repeats: PLAN.serverlessRepeats,
        log
      })
    }
    if (ONLY.has("micro")) {
      // In-process building blocks (no network): the rows that the comments on our hand-made
      // pieces name (keyed metrics, the in-flight cap's slots, the fast roster decode).
      const sections = ["breakdown.ts", "decode.ts"].map((script) => {
        log(`micro: ${script}`)
        const output = execFileSync(
          process.execPath,
          [
            "--conditions=@effect-twilio/source",
            "--import",
            "tsx",
            join(HERE, script),
            ...(QUICK && script === "decode.ts" ? ["--rounds", "5"] : [])
          ],
          { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }
        )
        return `## bench/${script}\n\n\`\`\`\n${output.trimEnd()}\n\`\`\`\n`
      })
      const micro = `# Building blocks (in-process, client CPU per use)\n\n${new Date().toISOString()}; ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}; effect ${versionOf("effect")}; load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" / ")}; commit ${gitState().commit}\n\n${sections.join("\n")}`
      mkdirSync(RESULTS, { recursive: true })
      writeFileSync(join(RESULTS, "micro.md"), micro)
      process.stdout.write(`\n${micro}\n`)
    }
    const profile = {}
    if (PROFILE) for (const client of CLIENTS) profile[client] = await profileClient(run, client)

    if (Object.keys(profile).length > 0) {
      const text = Object.entries(profile)
        .flatMap(([client, byTask]) =>
          Object.entries(byTask).map(([name, p]) => `## ${client} ${name}\n\n\`\`\`\n${p.text}\n\`\`\`\n`)
        )
        .join("\n")
      writeFileSync(join(RESULTS, "profiles", "summary.md"), `# CPU profiles (measured part only)\n\n${text}`)
    }
    const ran = ["requests", "moderation", "roster", "cold", "serverless"].some((w) => ONLY.has(w))
    if (!ran) return
    const meta = metadata(performance.now() - t0)
    meta.serverCpuMicrosPerRequest = serverCpuPerRequest(serverCpu)
    if (AGAINST_BUILD !== undefined)
      meta.against = { commit: AGAINST_BUILD.short, subject: AGAINST_BUILD.subject }
    const markdown = renderMarkdown({ meta, raw, clients: CLIENTS, plan: PLAN, settings })
    mkdirSync(RESULTS, { recursive: true })
    writeFileSync(join(RESULTS, "latest.md"), markdown)
    writeFileSync(
      join(RESULTS, "latest.json"),
      `${JSON.stringify({ meta, plan: PLAN, targets: TARGETS, settings, rows: rows(raw), serverCpu, raw, profile }, null, 2)}\n`
    )
    if (raw.serverless !== undefined) {
      // On its own too, so that an `--only=serverless` run can be kept beside a full latest.md.
      writeFileSync(join(RESULTS, "serverless.md"), `${renderServerless(raw.serverless)}`)
    }
    process.stdout.write(`\n${markdown}\n`)
    log(
      `written bench/results/latest.md and latest.json in ${((performance.now() - t0) / 1000).toFixed(1)} s`
    )
  } finally {
    await server.stop()
  }
}

/** Adds `value` to the list under `key`. */
const append = (lists, key, value) => {
  if (lists[key] === undefined) lists[key] = []
  lists[key].push(value)
}

/** The loopback server's own CPU per request it served, per workload kind (shows it was not the limit). */
const serverCpuPerRequest = (entries) => {
  const out = {}
  for (const mode of new Set(entries.map((e) => e.mode))) {
    const mine = entries.filter((e) => e.mode === mode)
    const requests = mine.reduce((n, e) => n + e.requests, 0)
    out[mode] = Math.round((10 * mine.reduce((n, e) => n + e.cpuMicros, 0)) / Math.max(requests, 1)) / 10
  }
  return out
}

const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k]]))

/** The request workloads' task for one client run. */
const requestsTask = (client) => ({
  mode: "requests",
  client,
  ...pick(PLAN, ["warmup", "seq", "concurrent", "inflight", "create", "update", "allocFetches"])
})

/** The moderation's task for one client run. */
const moderationTask = (client) => ({
  mode: "moderation",
  client,
  size: MODERATION_SIZE,
  pageSize: MODERATION_PAGE_SIZE,
  moderator: MODERATOR_LABEL,
  rounds: PLAN.moderationRounds,
  warmRounds: PLAN.moderationWarmRounds
})

const require = createRequire(import.meta.url)
const versionOf = (name) => {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version
  } catch {
    return "?"
  }
}
/** The commit measured, and whether the SDK sources differed from it (others may be editing them). */
const gitState = () => {
  const git = (...a) => {
    try {
      return execFileSync("git", a, { cwd: ROOT, encoding: "utf8" }).trim()
    } catch {
      return "?"
    }
  }
  const dirty = git("status", "--porcelain", "--", "packages/core/src", "packages/participants/src")
  return { commit: git("rev-parse", "--short", "HEAD"), sdkSourcesDirty: dirty !== "" && dirty !== "?" }
}
const GIT_AT_START = gitState()

const metadata = (elapsedMs) => ({
  git: { atStart: GIT_AT_START, atEnd: gitState() },
  date: new Date().toISOString(),
  mode: QUICK ? "quick" : "full",
  node: process.version,
  nproc: os.availableParallelism(),
  cpu: os.cpus()[0]?.model ?? "?",
  platform: `${process.platform} ${process.arch}`,
  totalMemMB: Math.round(os.totalmem() / 2 ** 20),
  elapsedSeconds: Math.round(elapsedMs / 1000),
  loadAverageAtStart: LOAD_AT_START,
  loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
  versions: {
    effect: versionOf("effect"),
    "@effect/platform": versionOf("@effect/platform"),
    "@effect/platform-node": versionOf("@effect/platform-node"),
    twilio: versionOf("twilio"),
    undici: versionOf("undici"),
    "@effect-twilio/participants": JSON.parse(
      readFileSync(join(ROOT, "packages/participants/package.json"), "utf8")
    ).version
  }
})

/**
 * Extra runs of one client with the V8 CPU profiler on around the measured part only (the runner
 * drives it through `node:inspector`), summarized by self time. Profiles land in bench/results/profiles.
 */
const profileClient = async (run, client) => {
  const dir = join(RESULTS, "profiles")
  mkdirSync(dir, { recursive: true })
  const out = {}
  const tasks = {
    requests: requestsTask(client),
    moderation: moderationTask(client),
    roster: { mode: "roster", client, size: 100_000, pageSize: PAGE_SIZE, warmSize: PLAN.warmSize }
  }
  // Only the workloads this run measures.
  for (const [name, task] of Object.entries(tasks).filter(([name]) => ONLY.has(name))) {
    const profileFile = join(dir, `${client}-${name}.cpuprofile`)
    rmSync(profileFile, { force: true })
    await run({ ...task, profileFile })
    out[name] = summarizeProfile(profileFile, 30)
    log(`\nprofile of ${client} (${name}, measured part only), top self time:\n${out[name].text}`)
  }
  return out
}

main().catch((error) => {
  console.error(error?.stack ?? String(error))
  process.exitCode = 1
})
