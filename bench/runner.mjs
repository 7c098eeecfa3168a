/**
 * One client process: loads one client adapter, runs one task, prints one result line.
 * The task comes in the BENCH_TASK environment variable (JSON) and the result goes to stdout as
 * `BENCH_RESULT {json}`. Started by the harness with the same Node flags for every client.
 */
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { rosterConferenceSid } from "./wire.mjs"

const task = JSON.parse(process.env.BENCH_TASK ?? "{}")
// Every run is bounded in time as well as in count.
setTimeout(() => {
  console.error(`runner: ${task.client} ${task.mode} exceeded ${task.timeoutMs} ms`)
  process.exit(3)
}, task.timeoutMs ?? 120_000).unref()

// Ours is compiled JavaScript in a normal run, its TypeScript source with `--from-source` (the harness says which).
const ADAPTERS = {
  ours: task.oursAdapter ?? "./clients/ours.ts",
  twilio: "./clients/twilio.mjs",
  undici: "./clients/undici.mjs"
}

const cpuMicros = (since) => {
  const d = process.cpuUsage(since)
  return d.user + d.system
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

/** Runs one measured loop: wall, client CPU and (when `latencies`) per-operation times. */
const measure = async (n, latencies, run) => {
  const times = latencies ? new Float64Array(n) : null
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await run(times)
  const wallMs = performance.now() - t0
  const cpu = cpuMicros(cpu0)
  const out = { n, wallMs, opsPerSec: (n / wallMs) * 1000, cpuMicrosPerOp: cpu / n }
  if (times !== null) {
    const sorted = Array.from(times).sort((a, b) => a - b)
    out.p50Micros = percentile(sorted, 50) * 1000
    out.p99Micros = percentile(sorted, 99) * 1000
  }
  return out
}

/**
 * With `task.profileFile`, the V8 CPU profiler runs around the measured part only (not module
 * loading or warm-up) and writes a `.cpuprofile` there; otherwise both calls do nothing.
 */
const profiler = async () => {
  if (task.profileFile === undefined) return { start: async () => {}, stop: async () => {} }
  const session = new Session()
  session.connect()
  await session.post("Profiler.enable")
  await session.post("Profiler.setSamplingInterval", { interval: 200 })
  return {
    start: () => session.post("Profiler.start"),
    stop: async () => {
      const { profile } = await session.post("Profiler.stop")
      writeFileSync(task.profileFile, JSON.stringify(profile))
      session.disconnect()
    }
  }
}

const gc = () => {
  if (typeof globalThis.gc === "function") {
    globalThis.gc()
    globalThis.gc()
  }
}

const main = async () => {
  const started = performance.now()
  const mod = await import(ADAPTERS[task.client])
  const imported = performance.now()
  const client = await mod.make({ origin: task.origin })
  const summary = await client.summary()
  const firstDone = performance.now()

  if (task.mode === "cold") {
    return {
      summary,
      // performance.now() counts from process start, so `processMs` includes Node's own boot.
      processMs: firstDone,
      importMs: imported - started,
      firstRequestMs: firstDone - imported
    }
  }

  const profile = await profiler()

  if (task.mode === "requests") {
    const { warmup, seq, concurrent, inflight, create, update } = task
    await client.seqFetch(warmup, null)
    await client.concurrentFetch(warmup, inflight)
    await client.seqCreate(Math.ceil(warmup / 4), null)
    await client.seqUpdate(Math.ceil(warmup / 4), null)
    gc()
    const result = { summary }
    await profile.start()
    result.seqFetch = await measure(seq, true, (t) => client.seqFetch(seq, t))
    result.concurrentFetch = await measure(concurrent, false, () =>
      client.concurrentFetch(concurrent, inflight)
    )
    result.seqCreate = await measure(create, true, (t) => client.seqCreate(create, t))
    result.seqUpdate = await measure(update, true, (t) => client.seqUpdate(update, t))
    await profile.stop()
    await client.close()
    return result
  }

  if (task.mode === "roster") {
    const warmCount = await client.roster(rosterConferenceSid(task.warmSize), task.pageSize)
    if (warmCount !== task.warmSize) throw new Error(`warm-up roster: ${warmCount} of ${task.warmSize}`)
    gc()
    const rssBefore = process.memoryUsage.rss()
    let rssPeak = rssBefore
    const sampler = setInterval(() => {
      const rss = process.memoryUsage.rss()
      if (rss > rssPeak) rssPeak = rss
    }, task.sampleMs ?? 10)
    await profile.start()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const count = await client.roster(rosterConferenceSid(task.size), task.pageSize)
    const wallMs = performance.now() - t0
    const cpu = cpuMicros(cpu0)
    await profile.stop()
    clearInterval(sampler)
    const rssAfter = process.memoryUsage.rss()
    rssPeak = Math.max(rssPeak, rssAfter)
    if (count !== task.size) throw new Error(`roster: got ${count} participants, expected ${task.size}`)
    await client.close()
    return {
      summary,
      count,
      wallMs,
      cpuMs: cpu / 1000,
      cpuMicrosPerItem: cpu / count,
      rssBeforeMB: rssBefore / 2 ** 20,
      rssPeakMB: rssPeak / 2 ** 20,
      rssGrowthMB: (rssPeak - rssBefore) / 2 ** 20
    }
  }
  throw new Error(`unknown mode ${task.mode}`)
}

main().then(
  (result) => {
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`)
    process.exit(0)
  },
  (error) => {
    console.error(error?.stack ?? String(error))
    process.exit(1)
  }
)
