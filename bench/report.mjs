/**
 * Turns the harness's raw runs into rows (workload × metric; one value per client, the median over
 * its runs, with the spread of those runs), the markdown table (one column per client plus each
 * client's ratio to raw undici), the comparison with another commit, and the team's targets.
 */

import { renderServerless } from "./serverless.mjs"

/** The targets, as stated by the team: the first benchmark issue's, then issue #12's. */
export const TARGETS = [
  "ours better than twilio on every row",
  ">= 1.5x twilio on sequential fetch p50, 64-in-flight throughput and roster wall time",
  "client CPU per sequential fetch within 1.5x of raw undici",
  "sequential fetch p50 within 1.3x of raw undici",
  "roster wall time within 1.6x of raw undici",
  "roster RSS growth flat in roster size (largest <= 1.2x the next smaller)",
  "#12: sequential fetch client CPU <= 2.0x raw undici",
  "#12: sequential fetch p50 <= 1.5x raw undici",
  "#12: >= 1.5x better than twilio on sequential fetch client CPU",
  "#12: >= 1.5x better than twilio on sequential fetch p50",
  "#12: >= 1.5x better than twilio on 64-in-flight fetch throughput",
  "#12: >= 1.5x better than twilio on sequential create p50",
  "#12: >= 1.5x better than twilio on the moderation's wall time",
  "#12: CPU per update in the moderation burst <= 1.3x the same client's sequential update",
  "#12: connections the server saw never more than the in-flight cap (100)",
  "#12: allocation per fetch <= 40 KB"
]

/** The SDK's default `maxConcurrentRequests`, the socket target. */
const IN_FLIGHT_CAP = 100

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length === 0 ? undefined : s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * One row per metric: `perRun` reads one process run's value; `combine` (the median of those by
 * default) gives the value shown. `better` is "lower", "higher" or null (a count, not a score).
 */
const row = (workload, metric, better, perRun, combine) => ({ workload, metric, better, perRun, combine })

const REQUEST_ROWS = [
  row("sequential fetch", "p50 latency (µs)", "lower", (r) => r.seqFetch.p50Micros),
  row("sequential fetch", "p99 latency (µs)", "lower", (r) => r.seqFetch.p99Micros),
  row("sequential fetch", "throughput (ops/s)", "higher", (r) => r.seqFetch.opsPerSec),
  row("sequential fetch", "client CPU (µs/op)", "lower", (r) => r.seqFetch.cpuMicrosPerOp),
  row(
    "sequential fetch",
    "bytes allocated per fetch (KB)",
    "lower",
    (r) => r.allocation?.bytesPerFetch / 1024
  ),
  row("64-in-flight fetch", "throughput (ops/s)", "higher", (r) => r.concurrentFetch.opsPerSec),
  row("64-in-flight fetch", "client CPU (µs/op)", "lower", (r) => r.concurrentFetch.cpuMicrosPerOp),
  row("sequential create (14 params)", "p50 latency (µs)", "lower", (r) => r.seqCreate.p50Micros),
  row("sequential create (14 params)", "p99 latency (µs)", "lower", (r) => r.seqCreate.p99Micros),
  row("sequential create (14 params)", "client CPU (µs/op)", "lower", (r) => r.seqCreate.cpuMicrosPerOp),
  row("sequential update", "p50 latency (µs)", "lower", (r) => r.seqUpdate.p50Micros),
  row("sequential update", "p99 latency (µs)", "lower", (r) => r.seqUpdate.p99Micros),
  row("sequential update", "client CPU (µs/op)", "lower", (r) => r.seqUpdate.cpuMicrosPerOp)
]

const ROSTER_ROWS = [
  row("", "wall time (ms)", "lower", (r) => r.wallMs),
  row("", "client CPU (ms)", "lower", (r) => r.cpuMs),
  row("", "peak RSS (MB)", "lower", (r) => r.rssPeakMB),
  row("", "RSS growth (MB)", "lower", (r) => r.rssGrowthMB)
]

/** The moderation's rows: medians over every round of every run (the spread is over runs' medians). */
const rounds = (key, field) => (runs) => median(runs.flatMap((r) => r[key].map((x) => x[field])))
const ofRounds = (key, field) => (r) => median(r[key].map((x) => x[field]))
const burstRatio = (r) =>
  ofRounds("burst", "cpuMicrosPerUpdate")(r) / ofRounds("sequential", "cpuMicrosPerUpdate")(r)
export const MODERATION_WORKLOAD = "moderation (250 listed at PageSize=50, 249 mutes at once)"
const MODERATION_ROWS = [
  row("", "wall time per round (ms)", "lower", ofRounds("burst", "wallMs"), rounds("burst", "wallMs")),
  row("", "of which listing (ms)", "lower", ofRounds("burst", "listMs"), rounds("burst", "listMs")),
  row(
    "",
    "client CPU per update in the burst (µs)",
    "lower",
    ofRounds("burst", "cpuMicrosPerUpdate"),
    rounds("burst", "cpuMicrosPerUpdate")
  ),
  row(
    "",
    "client CPU per sequential update (µs)",
    "lower",
    ofRounds("sequential", "cpuMicrosPerUpdate"),
    rounds("sequential", "cpuMicrosPerUpdate")
  ),
  row(
    "",
    "burst ÷ sequential CPU per update",
    "lower",
    burstRatio,
    (runs) => rounds("burst", "cpuMicrosPerUpdate")(runs) / rounds("sequential", "cpuMicrosPerUpdate")(runs)
  ),
  // Counts, not scores: the most over runs.
  row(
    "",
    "connections open at once (server, peak)",
    null,
    (r) => r.connections.peak,
    (runs) => Math.max(...runs.map((r) => r.connections.peak))
  ),
  row(
    "",
    "connections opened per run (server)",
    null,
    (r) => r.connections.opened,
    (runs) => Math.max(...runs.map((r) => r.connections.opened))
  )
]

const COLD_ROWS = [
  row("cold start", "import (ms)", "lower", (r) => r.importMs),
  row("cold start", "first request after import (ms)", "lower", (r) => r.firstRequestMs),
  row("cold start", "process start to first response (ms)", "lower", (r) => r.processMs)
]

/** Evaluates `defs` over `byClient` (client → runs) into shown rows. */
const evaluate = (defs, byClient, workload) =>
  defs.map((def) => {
    const values = {}
    const spread = {}
    const runs = {}
    for (const [client, list] of Object.entries(byClient)) {
      if (list.length === 0) continue
      const each = list.map(def.perRun).filter((x) => x !== undefined && !Number.isNaN(x))
      if (each.length === 0) continue
      values[client] = def.combine === undefined ? median(each) : def.combine(list)
      spread[client] = [Math.min(...each), Math.max(...each)]
      runs[client] = each.length
    }
    return {
      workload: workload ?? def.workload,
      metric: def.metric,
      better: def.better,
      values,
      spread,
      runs
    }
  })

/** Every row of the table, from the harness's raw runs (`{ requests, roster, moderation, cold }`). */
export const rows = (raw) =>
  [
    ...evaluate(REQUEST_ROWS, raw.requests),
    ...Object.entries(raw.roster)
      .sort(([a], [b]) => Number(a) - Number(b))
      .flatMap(([size, byClient]) =>
        evaluate(ROSTER_ROWS, byClient, `roster ${Number(size).toLocaleString("en-US")} (PageSize=1000)`)
      ),
    ...evaluate(MODERATION_ROWS, raw.moderation, MODERATION_WORKLOAD),
    ...evaluate(COLD_ROWS, raw.cold)
  ].filter((r) => Object.keys(r.values).length > 0)

const fmtNumber = (x) => {
  if (x === undefined || Number.isNaN(x)) return "–"
  const a = Math.abs(x)
  if (a >= 100) return Math.round(x).toLocaleString("en-US")
  if (a >= 10) return x.toFixed(1)
  return x.toFixed(2)
}
const fmtRatio = (x, base) =>
  x === undefined || base === undefined || base === 0 ? "–" : `${(x / base).toFixed(2)}x`

const better = (row, a, b) => (row.better === "lower" ? a < b : a > b)
/** How many times better `a` is than `b` (> 1 when `a` wins). */
const factor = (row, a, b) => (row.better === "lower" ? b / a : a / b)

/** Each target with its verdict and the numbers behind it. */
export const checkTargets = (all) => {
  const scored = all.filter((r) => r.better !== null)
  const has = (r) => r.values.ours !== undefined && r.values.twilio !== undefined
  const results = []
  // A target whose rows this run did not measure gets no verdict.
  const verdict = (name, pass, detail) => {
    if (detail !== "") results.push({ target: name, pass, detail })
  }
  const find = (workload, metric) =>
    all.filter((r) => r.workload.startsWith(workload) && r.metric.startsWith(metric))

  const versusTwilio = scored.filter(has)
  const losing = versusTwilio.filter((r) => !better(r, r.values.ours, r.values.twilio))
  verdict(
    TARGETS[0],
    losing.length === 0,
    versusTwilio.length === 0
      ? ""
      : losing.length === 0
        ? `${versusTwilio.length} rows`
        : `behind on: ${losing.map((r) => `${r.workload} ${r.metric}`).join("; ")}`
  )
  const overTwilio = (name, rowsOf, limit) => {
    const key = rowsOf.filter(has).map((r) => ({ r, f: factor(r, r.values.ours, r.values.twilio) }))
    verdict(
      name,
      key.length > 0 && key.every(({ f }) => f >= limit),
      key.map(({ r, f }) => `${r.workload} ${r.metric}: ${f.toFixed(2)}x`).join("; ")
    )
  }
  overTwilio(
    TARGETS[1],
    [...find("sequential fetch", "p50"), ...find("64-in-flight", "throughput"), ...find("roster", "wall")],
    1.5
  )
  const vsRaw = (rowsOf, limit, name) => {
    const ratios = rowsOf
      .filter((r) => r.values.ours !== undefined && r.values.undici !== undefined)
      .map((r) => ({ r, x: r.values.ours / r.values.undici }))
    verdict(
      name,
      ratios.length > 0 && ratios.every(({ x }) => x <= limit),
      ratios.map(({ r, x }) => `${r.workload}: ${x.toFixed(2)}x`).join("; ")
    )
  }
  vsRaw(find("sequential fetch", "client CPU"), 1.5, TARGETS[2])
  vsRaw(find("sequential fetch", "p50"), 1.3, TARGETS[3])
  vsRaw(find("roster", "wall"), 1.6, TARGETS[4])
  const growth = find("roster", "RSS growth").filter((r) => r.values.ours !== undefined)
  if (growth.length >= 2) {
    const [mid, big] = growth.slice(-2)
    const x = big.values.ours / Math.max(mid.values.ours, 1)
    verdict(
      TARGETS[5],
      x <= 1.2,
      `${big.workload}: +${fmtNumber(big.values.ours)} MB vs ${mid.workload}: +${fmtNumber(mid.values.ours)} MB (${x.toFixed(2)}x)`
    )
  }
  // Issue #12's targets: one line each, also when this run did not measure them.
  const twelve = (name, r, pass, detail) =>
    results.push(
      r === undefined || pass === undefined
        ? { target: name, pass: null, detail: "not measured in this run" }
        : { target: name, pass, detail }
    )
  const first = (rowsOf, ...clients) => rowsOf.find((r) => clients.every((c) => r.values[c] !== undefined))
  const rawRatio = (name, r, limit) => {
    const x = r === undefined ? undefined : r.values.ours / r.values.undici
    twelve(
      name,
      r,
      x === undefined ? undefined : x <= limit,
      x === undefined
        ? ""
        : `${fmtNumber(r.values.ours)} vs raw ${fmtNumber(r.values.undici)}: ${x.toFixed(2)}x`
    )
  }
  rawRatio(TARGETS[6], first(find("sequential fetch", "client CPU"), "ours", "undici"), 2.0)
  rawRatio(TARGETS[7], first(find("sequential fetch", "p50"), "ours", "undici"), 1.5)
  const twilioRows = [
    find("sequential fetch", "client CPU"),
    find("sequential fetch", "p50"),
    find("64-in-flight", "throughput"),
    find("sequential create", "p50"),
    find("moderation", "wall")
  ]
  twilioRows.forEach((rowsOf, i) => {
    const r = first(rowsOf, "ours", "twilio")
    const f = r === undefined ? undefined : factor(r, r.values.ours, r.values.twilio)
    twelve(
      TARGETS[8 + i],
      r,
      f === undefined ? undefined : f >= 1.5,
      f === undefined
        ? ""
        : `${fmtNumber(r.values.ours)} vs twilio ${fmtNumber(r.values.twilio)} ${r.metric}: ${f.toFixed(2)}x better`
    )
  })
  const ours = (rowsOf, name, pass, unit) => {
    const r = first(rowsOf, "ours")
    twelve(
      name,
      r,
      r === undefined ? undefined : pass(r.values.ours),
      r === undefined ? "" : `${fmtNumber(r.values.ours)}${unit}`
    )
  }
  ours(find("moderation", "burst ÷"), TARGETS[13], (x) => x <= 1.3, "x")
  ours(find("moderation", "connections open"), TARGETS[14], (x) => x <= IN_FLIGHT_CAP, " at once")
  ours(find("sequential fetch", "bytes allocated"), TARGETS[15], (x) => x <= 40, " KB")
  return results
}

/** Display names; another commit's build shows as `ours@<commit>`. */
const NAMES = {
  ours: "effect-twilio",
  "ours-platform": "effect-twilio (platform undici)",
  twilio: "twilio",
  undici: "raw undici"
}
const nameOf = (c) => NAMES[c] ?? c.replace(/^ours@/, "effect-twilio@")

/**
 * Head against another commit, row by row: worse "beyond noise" when every run of head is worse
 * than every run of the other (the ranges of the runs do not overlap); one run each says nothing.
 */
const renderAgainst = (all, head, other) => {
  const lines = [
    `## ${nameOf(head)} against ${nameOf(other)}`,
    "",
    "Same interleaved run. Runs' range is the lowest and highest of the process runs behind each median; " +
      "a row is flagged when every run of the head is worse than every run of the other commit.",
    "",
    "| workload | metric | head | other | head ÷ other | head runs' range | other runs' range | verdict |",
    "| --- | --- | ---: | ---: | ---: | --- | --- | --- |"
  ]
  const flagged = []
  for (const r of all) {
    const a = r.values[head]
    const b = r.values[other]
    if (a === undefined || b === undefined || r.better === null) continue
    const [aLo, aHi] = r.spread[head]
    const [bLo, bHi] = r.spread[other]
    const single = r.runs[head] < 2 || r.runs[other] < 2
    const worse = r.better === "lower" ? aLo > bHi : aHi < bLo
    const verdict = single
      ? "one run: no noise estimate"
      : worse
        ? "**worse beyond noise**"
        : better(r, a, b)
          ? "better or within noise"
          : "within noise"
    if (!single && worse) flagged.push(`${r.workload} ${r.metric}`)
    lines.push(
      `| ${r.workload} | ${r.metric} | ${fmtNumber(a)} | ${fmtNumber(b)} | ${fmtRatio(a, b)} | ` +
        `${fmtNumber(aLo)}–${fmtNumber(aHi)} | ${fmtNumber(bLo)}–${fmtNumber(bHi)} | ${verdict} |`
    )
  }
  lines.push(
    "",
    flagged.length === 0 ? "No row worse beyond noise." : `Worse beyond noise: ${flagged.join("; ")}.`,
    ""
  )
  return lines
}

/** Where each of our clients allocates per fetch: the top sites of its first run's heap profile. */
const renderAllocation = (raw, clients) => {
  const ours = clients.filter(
    (c) => c.startsWith("ours") && raw.requests[c]?.[0]?.allocation?.topSitesPerFetch
  )
  if (ours.length === 0) return []
  return [
    "## Where a fetch allocates",
    "",
    "Functions with the most bytes allocated in their own frames, per fetch (first run's heap profile; " +
      "the rest is spread thinly over many functions).",
    "",
    ...ours.flatMap((c) => [
      `**${nameOf(c)}** (${fmtNumber(raw.requests[c][0].allocation.bytesPerFetch / 1024)} KB per fetch):`,
      "",
      ...raw.requests[c][0].allocation.topSitesPerFetch.map(
        ([site, bytes]) => `- ${fmtNumber(bytes / 1024)} KB \`${site}\``
      ),
      ""
    ])
  ]
}

/** The whole results document. */
export const renderMarkdown = ({ meta, raw, clients, plan, settings }) => {
  const all = rows(raw)
  const shown = clients.filter((c) => c !== "undici")
  const other = clients.find((c) => c.startsWith("ours@"))
  const header = [
    "workload",
    "metric",
    ...clients.map(nameOf),
    ...(clients.includes("undici") ? shown.map((c) => `${nameOf(c)} ÷ raw`) : [])
  ]
  const lines = [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i < 2 ? "---" : "---:")).join(" | ")} |`
  ]
  for (const row of all) {
    const cells = [row.workload, `${row.metric}${row.better === "higher" ? " ↑" : ""}`]
    for (const c of clients) cells.push(fmtNumber(row.values[c]))
    if (clients.includes("undici"))
      // A ratio of ratios, or of counts, says nothing: no column for those.
      for (const c of shown)
        cells.push(
          row.better === null || row.metric.includes("÷") ? "–" : fmtRatio(row.values[c], row.values.undici)
        )
    lines.push(`| ${cells.join(" | ")} |`)
  }
  const targets = checkTargets(all).map(
    (t) => `- ${t.pass === null ? "n/a" : t.pass ? "PASS" : "MISS"}: ${t.target} (${t.detail})`
  )
  const v = meta.versions
  const described = clients.map(
    (c) => `- **${nameOf(c)}**: ${settings[c] ?? "(its adapter does not describe itself)"}`
  )
  return [
    `# Benchmark results (${meta.mode} run)`,
    "",
    `${meta.date}; ${meta.nproc} CPUs (${meta.cpu}), ${meta.platform}, Node ${meta.node}; ` +
      `effect ${v.effect}, @effect/platform ${v["@effect/platform"]}, @effect/platform-node ${v["@effect/platform-node"]}, ` +
      `twilio ${v.twilio}, undici ${v.undici}; ${meta.elapsedSeconds} s; SDK at ${meta.git?.atStart.commit ?? "?"}` +
      `${meta.git?.atStart.sdkSourcesDirty ? " (with uncommitted SDK changes)" : ""}` +
      `${meta.git !== undefined && meta.git.atStart.commit !== meta.git.atEnd.commit ? ` to ${meta.git.atEnd.commit}` : ""}` +
      `${meta.against === undefined ? "" : `; against ${meta.against.commit} (${meta.against.subject})`}.`,
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
      `${plan.warmup} warm-up calls; allocation over ${plan.allocFetches} more fetches), ${plan.rosterRepeats} for rosters ` +
      `(at most 2 for 1,000,000), ${plan.coldRepeats} for cold start; the moderation's over ` +
      `${plan.moderationRepeats * plan.moderationRounds} rounds (${plan.moderationRepeats} runs of ${plan.moderationRounds}, ` +
      `after ${plan.moderationWarmRounds} warm-up rounds each). ` +
      "Ratios are value ÷ raw undici (below 1x is better for lower-is-better rows; ↑ marks higher-is-better rows). " +
      "Bytes allocated per fetch: V8's sampling heap profiler (`node:inspector`, `HeapProfiler.startSampling` " +
      "every 1 KiB, objects already collected by minor and major GCs kept), the sampled bytes summed and divided " +
      "by the fetches; JavaScript heap only (Buffer contents outside it are not counted).",
    "",
    "## Clients",
    "",
    ...described,
    "",
    ...(all.length > 0 ? [...lines, "", "## Targets", "", ...targets, ""] : []),
    // Each of our clients in this tree against the other commit's: the lean transport (what a
    // user should pick) and the platform's (the same transport as an older adapter may use).
    ...(other === undefined || all.length === 0
      ? []
      : ["ours", "ours-platform"]
          .filter((c) => clients.includes(c))
          .flatMap((c) => renderAgainst(all, c, other))),
    ...renderAllocation(raw, clients),
    ...(raw.serverless === undefined ? [] : [renderServerless(raw.serverless)])
  ].join("\n")
}
