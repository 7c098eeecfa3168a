/**
 * Turns the harness summary into the markdown table (workload × metric rows; one column per
 * client plus each client's ratio to raw undici) and checks the team's targets.
 */

import { renderServerless } from "./serverless.mjs"

/** The targets, as stated by the team. */
export const TARGETS = [
  "ours better than twilio on every row",
  ">= 1.5x twilio on sequential fetch p50, 64-in-flight throughput and roster wall time",
  "client CPU per sequential fetch within 1.5x of raw undici",
  "sequential fetch p50 within 1.3x of raw undici",
  "roster wall time within 1.6x of raw undici",
  "roster RSS growth flat in roster size (largest <= 1.2x the next smaller)"
]

const fmtNumber = (x) => {
  if (x === undefined || Number.isNaN(x)) return "–"
  const a = Math.abs(x)
  if (a >= 100) return Math.round(x).toLocaleString("en-US")
  if (a >= 10) return x.toFixed(1)
  return x.toFixed(2)
}
const fmtRatio = (x, base) =>
  x === undefined || base === undefined || base === 0 ? "–" : `${(x / base).toFixed(2)}x`

/** Rows: `{ workload, metric, better: "lower" | "higher", values: { client: number } }`. */
export const rows = (summary) => {
  const out = []
  const req = summary.requests
  const add = (workload, metric, better, get, source) => {
    const values = {}
    for (const [client, s] of Object.entries(source)) values[client] = get(s)
    out.push({ workload, metric, better, values })
  }
  if (Object.keys(req).length > 0) {
    add("sequential fetch", "p50 latency (µs)", "lower", (s) => s.seqFetchP50, req)
    add("sequential fetch", "p99 latency (µs)", "lower", (s) => s.seqFetchP99, req)
    add("sequential fetch", "throughput (ops/s)", "higher", (s) => s.seqFetchOps, req)
    add("sequential fetch", "client CPU (µs/op)", "lower", (s) => s.seqFetchCpu, req)
    add("64-in-flight fetch", "throughput (ops/s)", "higher", (s) => s.concurrentOps, req)
    add("64-in-flight fetch", "client CPU (µs/op)", "lower", (s) => s.concurrentCpu, req)
    add("sequential create (14 params)", "p50 latency (µs)", "lower", (s) => s.createP50, req)
    add("sequential create (14 params)", "p99 latency (µs)", "lower", (s) => s.createP99, req)
    add("sequential create (14 params)", "client CPU (µs/op)", "lower", (s) => s.createCpu, req)
    add("sequential update", "p50 latency (µs)", "lower", (s) => s.updateP50, req)
    add("sequential update", "p99 latency (µs)", "lower", (s) => s.updateP99, req)
    add("sequential update", "client CPU (µs/op)", "lower", (s) => s.updateCpu, req)
  }
  for (const [size, byClient] of Object.entries(summary.roster).sort(([a], [b]) => Number(a) - Number(b))) {
    const w = `roster ${Number(size).toLocaleString("en-US")} (PageSize=1000)`
    add(w, "wall time (ms)", "lower", (s) => s.wallMs, byClient)
    add(w, "client CPU (ms)", "lower", (s) => s.cpuMs, byClient)
    add(w, "peak RSS (MB)", "lower", (s) => s.rssPeakMB, byClient)
    add(w, "RSS growth (MB)", "lower", (s) => s.rssGrowthMB, byClient)
  }
  if (Object.keys(summary.cold).length > 0) {
    add("cold start", "import (ms)", "lower", (s) => s.importMs, summary.cold)
    add("cold start", "first request after import (ms)", "lower", (s) => s.firstRequestMs, summary.cold)
    add("cold start", "process start to first response (ms)", "lower", (s) => s.processMs, summary.cold)
  }
  return out
}

const better = (row, a, b) => (row.better === "lower" ? a < b : a > b)
/** How many times better `a` is than `b` (> 1 when `a` wins). */
const factor = (row, a, b) => (row.better === "lower" ? b / a : a / b)

/** Each target with its verdict and the numbers behind it. */
export const checkTargets = (summary) => {
  const all = rows(summary)
  const has = (row) => row.values.ours !== undefined && row.values.twilio !== undefined
  const results = []
  const verdict = (name, pass, detail) => results.push({ target: name, pass, detail })

  const versusTwilio = all.filter(has)
  const losing = versusTwilio.filter((r) => !better(r, r.values.ours, r.values.twilio))
  verdict(
    TARGETS[0],
    versusTwilio.length > 0 && losing.length === 0,
    losing.length === 0
      ? `${versusTwilio.length} rows`
      : `behind on: ${losing.map((r) => `${r.workload} ${r.metric}`).join("; ")}`
  )
  const keyRows = all.filter(
    (r) =>
      has(r) &&
      ((r.workload === "sequential fetch" && r.metric.startsWith("p50")) ||
        (r.workload === "64-in-flight fetch" && r.metric.startsWith("throughput")) ||
        (r.workload.startsWith("roster") && r.metric.startsWith("wall")))
  )
  const key = keyRows.map((r) => ({ r, f: factor(r, r.values.ours, r.values.twilio) }))
  verdict(
    TARGETS[1],
    key.length > 0 && key.every(({ f }) => f >= 1.5),
    key.map(({ r, f }) => `${r.workload}: ${f.toFixed(2)}x`).join("; ")
  )
  const vsRaw = (workload, metric, limit, name) => {
    const matching = all.filter(
      (r) =>
        r.workload.startsWith(workload) && r.metric.startsWith(metric) && r.values.ours && r.values.undici
    )
    const ratios = matching.map((r) => ({ r, x: r.values.ours / r.values.undici }))
    verdict(
      name,
      ratios.length > 0 && ratios.every(({ x }) => x <= limit),
      ratios.map(({ r, x }) => `${r.workload}: ${x.toFixed(2)}x`).join("; ")
    )
  }
  vsRaw("sequential fetch", "client CPU", 1.5, TARGETS[2])
  vsRaw("sequential fetch", "p50", 1.3, TARGETS[3])
  vsRaw("roster", "wall", 1.6, TARGETS[4])
  const sizes = Object.keys(summary.roster)
    .map(Number)
    .sort((a, b) => a - b)
  if (sizes.length >= 2) {
    const big = summary.roster[sizes[sizes.length - 1]]?.ours
    const mid = summary.roster[sizes[sizes.length - 2]]?.ours
    if (big !== undefined && mid !== undefined) {
      const x = big.rssGrowthMB / Math.max(mid.rssGrowthMB, 1)
      verdict(
        TARGETS[5],
        x <= 1.2,
        `${sizes[sizes.length - 1].toLocaleString("en-US")}: +${big.rssGrowthMB.toFixed(1)} MB vs ${sizes[
          sizes.length - 2
        ].toLocaleString("en-US")}: +${mid.rssGrowthMB.toFixed(1)} MB (${x.toFixed(2)}x)`
      )
    }
  }
  return results
}

const NAMES = { ours: "effect-twilio", twilio: "twilio", undici: "raw undici" }

/** The whole results document. */
export const renderMarkdown = ({ meta, summary, clients, plan }) => {
  const shown = clients.filter((c) => c !== "undici")
  const header = [
    "workload",
    "metric",
    ...clients.map((c) => NAMES[c] ?? c),
    ...(clients.includes("undici") ? shown.map((c) => `${NAMES[c] ?? c} ÷ raw`) : [])
  ]
  const lines = [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i < 2 ? "---" : "---:")).join(" | ")} |`
  ]
  for (const row of rows(summary)) {
    const cells = [row.workload, `${row.metric}${row.better === "higher" ? " ↑" : ""}`]
    for (const c of clients) cells.push(fmtNumber(row.values[c]))
    if (clients.includes("undici"))
      for (const c of shown) cells.push(fmtRatio(row.values[c], row.values.undici))
    lines.push(`| ${cells.join(" | ")} |`)
  }
  const table = rows(summary).length > 0
  const targets = checkTargets(summary).map((t) => `- ${t.pass ? "PASS" : "MISS"}: ${t.target} (${t.detail})`)
  const v = meta.versions
  return [
    `# Benchmark results (${meta.mode} run)`,
    "",
    `${meta.date}; ${meta.nproc} CPUs (${meta.cpu}), ${meta.platform}, Node ${meta.node}; ` +
      `effect ${v.effect}, @effect/platform ${v["@effect/platform"]}, @effect/platform-node ${v["@effect/platform-node"]}, ` +
      `twilio ${v.twilio}, undici ${v.undici}; ${meta.elapsedSeconds} s; SDK at ${meta.git?.atStart.commit ?? "?"}` +
      `${meta.git?.atStart.sdkSourcesDirty ? " (with uncommitted SDK changes)" : ""}` +
      `${meta.git !== undefined && meta.git.atStart.commit !== meta.git.atEnd.commit ? ` to ${meta.git.atEnd.commit}` : ""}.`,
    "",
    `Load average (1/5/15 min) at start ${meta.loadAverageAtStart.join(" / ")}, at end ${meta.loadAverageAtEnd.join(" / ")}` +
      " (other work on the machine inflates wall-clock rows more than CPU rows). Loopback server CPU per request served: " +
      Object.entries(meta.serverCpuMicrosPerRequest ?? {})
        .map(([mode, micros]) => `${mode} ${micros} µs`)
        .join(", ") +
      ".",
    "",
    `Medians over ${plan.repeats} process runs per client for the request workloads (${plan.seq} sequential fetches, ` +
      `${plan.concurrent} fetches at ${plan.inflight} in flight, ${plan.create} creates, ${plan.update} updates, after ` +
      `${plan.warmup} warm-up calls), ${plan.rosterRepeats} for rosters (at most 2 for 1,000,000) and ${plan.coldRepeats} for cold start. ` +
      "Ratios are value ÷ raw undici (below 1x is better for lower-is-better rows; ↑ marks higher-is-better rows).",
    "",
    ...(table ? [...lines, "", "## Targets", "", ...targets, ""] : []),
    ...(summary.serverless === undefined ? [] : [renderServerless(summary.serverless)])
  ].join("\n")
}
