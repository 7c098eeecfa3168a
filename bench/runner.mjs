/**
 * One client process: loads one client adapter, runs one task, prints one result line.
 * The task comes in the BENCH_TASK environment variable (JSON) and the result goes to stdout as
 * `BENCH_RESULT {json}`. Started by the harness with the same Node flags for every client.
 */
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { MODERATION_CONFERENCE_SID, rosterConferenceSid } from "./wire.mjs"

const task = JSON.parse(process.env.BENCH_TASK ?? "{}")
// Every run is bounded in time as well as in count.
setTimeout(() => {
  console.error(`runner: ${task.client} ${task.mode} exceeded ${task.timeoutMs} ms`)
  process.exit(3)
}, task.timeoutMs ?? 120_000).unref()

// The harness names the adapter module (ours compiled to JavaScript, or its TypeScript source with
// `--from-source`, or another commit's build) and the options its `make` takes.
const ADAPTER = task.adapter ?? `./clients/${task.client}.mjs`

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

/**
 * Bytes allocated on the V8 heap while `run` runs, from V8's sampling heap profiler: every sample
 * is kept, also for objects already collected by a minor or major GC, and each sample's size is
 * V8's estimate of the bytes it stands for, so their sum estimates everything allocated.
 */
const allocatedBytes = async (run) => {
  const session = new Session()
  session.connect()
  try {
    await session.post("HeapProfiler.enable")
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true
    })
    await run()
    const { profile } = await session.post("HeapProfiler.stopSampling")
    // Where it was allocated: the functions with the most bytes of their own, for the report.
    const sites = new Map()
    const visit = (node) => {
      const { functionName, url, lineNumber } = node.callFrame
      const file = url.replace(/^.*\/node_modules\//, "").replace(/^.*\/packages\//, "packages/")
      const site = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`
      sites.set(site, (sites.get(site) ?? 0) + node.selfSize)
      for (const child of node.children) visit(child)
    }
    visit(profile.head)
    const top = [...sites].sort((a, b) => b[1] - a[1]).slice(0, 12)
    return { bytes: profile.samples.reduce((total, sample) => total + sample.size, 0), top }
  } finally {
    session.disconnect()
  }
}

const gc = () => {
  if (typeof globalThis.gc === "function") {
    globalThis.gc()
    globalThis.gc()
  }
}

/** The client's transport and pool settings, as its adapter describes them. */
let settings = null

const main = async () => {
  const started = performance.now()
  const mod = await import(ADAPTER)
  const imported = performance.now()
  const client = await mod.make({ origin: task.origin, ...task.adapterOptions })
  const summary = await client.summary()
  // An adapter from an older commit may not describe itself.
  settings = client.settings?.() ?? null
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
    // After the timed loops, so that the heap profiler's cost lands in none of them.
    gc()
    const { bytes, top } = await allocatedBytes(() => client.seqFetch(task.allocFetches, null))
    result.allocation = {
      fetches: task.allocFetches,
      bytesPerFetch: bytes / task.allocFetches,
      topSitesPerFetch: top.map(([site, b]) => [site, b / task.allocFetches])
    }
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
  if (task.mode === "moderation") {
    // An adapter from an older commit may not have this workload: nothing to measure.
    if (typeof client.moderate !== "function") {
      await client.close()
      return { summary, skipped: "its adapter has no moderation workload" }
    }
    const { size, pageSize } = task
    const expected = size - 1
    const round = async (concurrent) => {
      const t0 = performance.now()
      const cpu0 = process.cpuUsage()
      let listedAt = t0
      let cpuListed = cpu0
      const muted = await client.moderate(MODERATION_CONFERENCE_SID, pageSize, concurrent, () => {
        listedAt = performance.now()
        cpuListed = process.cpuUsage()
      })
      const end = performance.now()
      if (muted !== expected) throw new Error(`moderation: muted ${muted}, expected ${expected}`)
      return {
        wallMs: end - t0,
        listMs: listedAt - t0,
        muteMs: end - listedAt,
        cpuMicrosPerUpdate: cpuMicros(cpuListed) / muted
      }
    }
    for (let i = 0; i < task.warmRounds; i++) {
      await round(true)
      await round(false)
    }
    gc()
    await profile.start()
    // Each round is a moderation with all updates at once, and one with the same updates one after
    // another (the sequential cost the burst's is compared with), in alternating order.
    const burst = []
    const sequential = []
    for (let i = 0; i < task.rounds; i++) {
      if (i % 2 === 0) {
        burst.push(await round(true))
        sequential.push(await round(false))
      } else {
        sequential.push(await round(false))
        burst.push(await round(true))
      }
    }
    await profile.stop()
    await client.close()
    return { summary, burst, sequential }
  }
  throw new Error(`unknown mode ${task.mode}`)
}

main().then(
  (result) => {
    process.stdout.write(`BENCH_RESULT ${JSON.stringify({ ...result, settings })}\n`)
    process.exit(0)
  },
  (error) => {
    console.error(error?.stack ?? String(error))
    process.exit(1)
  }
)
