/**
 * `pnpm bench`: runs every workload against the loopback server for each client (this SDK, the
 * official `twilio` package, raw undici), each in its own process, checks the server's request log
 * after every run, and writes `bench/results/latest.md` and `latest.json`.
 *
 * Flags: `--quick` (under a minute), `--from-source` (our packages from TypeScript sources instead of dist/), `--clients=ours,twilio,undici`, `--only=requests,roster,cold,serverless`,
 * `--profile` (also profiles each client's measured part and prints its top functions),
 * `--roster-sizes=10000,100000`, `--repeats=N`.
 */
import { execFileSync, fork, spawn } from "node:child_process"
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { summarizeProfile } from "./profile.mjs"
import { renderMarkdown, TARGETS } from "./report.mjs"
import { measureServerless, renderServerless } from "./serverless.mjs"
import { CREATE_FORM, ITEM_TEMPLATE, LIST_TEMPLATE, PAGE_SIZE, UPDATE_FORM } from "./wire.mjs"

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, "..")
const RESULTS = join(HERE, "results")

const args = process.argv.slice(2)
const flag = (name) => args.includes(`--${name}`)
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const QUICK = flag("quick")
const PROFILE = flag("profile")
const CLIENTS = (option("clients") ?? "ours,twilio,undici").split(",")
const ONLY = new Set((option("only") ?? "requests,roster,cold,serverless").split(","))

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
      rosterSizes: [10_000, 100_000, 1_000_000],
      rosterRepeats: 3,
      coldRepeats: 5,
      serverlessRepeats: 7,
      warmSize: 5_000
    }
// Overrides, for exploring one row: `--roster-sizes=100000,1000000`, `--repeats=3`.
if (option("roster-sizes") !== undefined) PLAN.rosterSizes = option("roster-sizes").split(",").map(Number)
if (option("repeats") !== undefined)
  PLAN.repeats = PLAN.rosterRepeats = PLAN.coldRepeats = Number(option("repeats"))

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
  for (const project of [
    // In dependency order: testing uses conferences and webhooks, and webhooks uses participants.
    ...["core", "participants", "conferences", "webhooks", "testing"].map((pkg) =>
      join(ROOT, "packages", pkg, "tsconfig.build.json")
    ),
    join(HERE, "tsconfig.build.json")
  ]) {
    execFileSync(process.execPath, [tsc, "-p", project], { stdio: "inherit" })
  }
}
const NODE_FLAGS = [
  ...(FROM_SOURCE ? ["--conditions=@effect-twilio/source", "--import", "tsx"] : []),
  "--expose-gc"
]
const OURS_ADAPTER = FROM_SOURCE ? "./clients/ours.ts" : "./build/clients/ours.js"
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
        BENCH_TASK: JSON.stringify({ ...task, oursAdapter: OURS_ADAPTER, timeoutMs: RUN_TIMEOUT_MS })
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

const pages = (size) => Math.max(1, Math.ceil(size / PAGE_SIZE))

const expectedLog = (task) => {
  const fetchItem = `GET ${ITEM_TEMPLATE}`
  if (task.mode === "cold") return { [fetchItem]: { count: 1 } }
  if (task.mode === "requests") {
    const creates = Math.ceil(task.warmup / 4) + task.create
    const updates = Math.ceil(task.warmup / 4) + task.update
    return {
      [fetchItem]: { count: 1 + 2 * task.warmup + task.seq + task.concurrent },
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

const verify = (task, server) => {
  const expected = expectedLog(task)
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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Rotates the client order each repeat so no client always runs first (or last). */
const rotated = (list, by) => list.map((_, i) => list[(i + by) % list.length])

const log = (text) => process.stderr.write(`${text}\n`)

const main = async () => {
  const t0 = performance.now()
  const server = await startServer()
  const raw = { requests: {}, roster: {}, cold: {}, serverless: undefined }
  const serverCpu = []
  const run = async (task, extraFlags) => {
    const result = await runClient({ ...task, origin: server.origin }, extraFlags)
    const seen = await server.takeLog()
    verify(task, seen)
    checkSummary(task.client, result.summary)
    const served = Object.values(seen.log).reduce((n, e) => n + e.count, 0)
    serverCpu.push({ client: task.client, mode: task.mode, requests: served, cpuMicros: seen.cpuMicros })
    return result
  }
  try {
    if (ONLY.has("requests")) {
      for (let r = 0; r < PLAN.repeats; r++) {
        for (const client of rotated(CLIENTS, r)) {
          const task = {
            mode: "requests",
            client,
            ...pick(PLAN, ["warmup", "seq", "concurrent", "inflight", "create", "update"])
          }
          const result = await run(task)
          append(raw.requests, client, result)
          log(
            `requests ${r + 1}/${PLAN.repeats} ${client.padEnd(6)} fetch p50 ${result.seqFetch.p50Micros.toFixed(0)} µs, ` +
              `x${PLAN.inflight} ${result.concurrentFetch.opsPerSec.toFixed(0)} ops/s, create p50 ${result.seqCreate.p50Micros.toFixed(0)} µs`
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
    const ran = ["requests", "roster", "cold", "serverless"].some((w) => ONLY.has(w))
    if (!ran) return
    const summary = summarize(raw)
    const meta = metadata(performance.now() - t0)
    meta.serverCpuMicrosPerRequest = serverCpuPerRequest(serverCpu)
    const markdown = renderMarkdown({ meta, summary, clients: CLIENTS, plan: PLAN })
    mkdirSync(RESULTS, { recursive: true })
    writeFileSync(join(RESULTS, "latest.md"), markdown)
    writeFileSync(
      join(RESULTS, "latest.json"),
      `${JSON.stringify({ meta, plan: PLAN, targets: TARGETS, summary, serverCpu, raw, profile }, null, 2)}\n`
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

/** Medians over repeats, per client, for every metric the table shows. */
const summarize = (raw) => {
  const out = { requests: {}, roster: {}, cold: {}, serverless: raw.serverless }
  for (const [client, runs] of Object.entries(raw.requests)) {
    const m = (f) => median(runs.map(f))
    out.requests[client] = {
      seqFetchP50: m((r) => r.seqFetch.p50Micros),
      seqFetchP99: m((r) => r.seqFetch.p99Micros),
      seqFetchOps: m((r) => r.seqFetch.opsPerSec),
      seqFetchCpu: m((r) => r.seqFetch.cpuMicrosPerOp),
      concurrentOps: m((r) => r.concurrentFetch.opsPerSec),
      concurrentCpu: m((r) => r.concurrentFetch.cpuMicrosPerOp),
      createP50: m((r) => r.seqCreate.p50Micros),
      createP99: m((r) => r.seqCreate.p99Micros),
      createCpu: m((r) => r.seqCreate.cpuMicrosPerOp),
      updateP50: m((r) => r.seqUpdate.p50Micros),
      updateP99: m((r) => r.seqUpdate.p99Micros),
      updateCpu: m((r) => r.seqUpdate.cpuMicrosPerOp),
      runs: runs.length
    }
  }
  for (const [size, byClient] of Object.entries(raw.roster)) {
    out.roster[size] = {}
    for (const [client, runs] of Object.entries(byClient)) {
      const m = (f) => median(runs.map(f))
      out.roster[size][client] = {
        wallMs: m((r) => r.wallMs),
        cpuMs: m((r) => r.cpuMs),
        cpuMicrosPerItem: m((r) => r.cpuMicrosPerItem),
        rssPeakMB: m((r) => r.rssPeakMB),
        rssGrowthMB: m((r) => r.rssGrowthMB),
        runs: runs.length
      }
    }
  }
  for (const [client, runs] of Object.entries(raw.cold)) {
    const m = (f) => median(runs.map(f))
    out.cold[client] = {
      importMs: m((r) => r.importMs),
      firstRequestMs: m((r) => r.firstRequestMs),
      processMs: m((r) => r.processMs),
      runs: runs.length
    }
  }
  return out
}

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
    requests: {
      mode: "requests",
      client,
      ...pick(PLAN, ["warmup", "seq", "concurrent", "inflight", "create", "update"])
    },
    roster: { mode: "roster", client, size: 100_000, pageSize: PAGE_SIZE, warmSize: PLAN.warmSize }
  }
  for (const [name, task] of Object.entries(tasks)) {
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
