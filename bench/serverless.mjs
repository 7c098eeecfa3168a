/**
 * The serverless rows of `pnpm bench` (`--only=serverless`): whole processes, start to first
 * response against the loopback server, each variant bundled with the README's esbuild recipe
 * (scripts/cold-start.mjs) and unbundled as installed, ours against the official `twilio` package,
 * interleaved runs, medians, peak RSS as the process reports it at its first response. Also our
 * packages' own import cost: each package imported after effect and @effect/platform are loaded.
 */
import { spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { bundle } from "../scripts/cold-start.mjs"
import { ACCOUNT_SID, AUTH_TOKEN, CALL_SID, CONFERENCE_SID } from "./wire.mjs"

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, "..")
const OUT = join(HERE, "build", "serverless")

// Each entry prints one line at its first response, then exits (a frozen instance would keep its
// sockets; a process has to leave).
const REPORT = `console.log("FIRST " + JSON.stringify({ callSid, maxRssKB: process.resourceUsage().maxRSS }))
process.exit(0)`

const TRANSPORTS = {
  "node:http": [
    'import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"',
    "NodeHttpClient.layer"
  ],
  fetch: ['import * as FetchHttpClient from "@effect/platform/FetchHttpClient"', "FetchHttpClient.layer"],
  "platform undici": [
    'import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"',
    "NodeHttpClient.layerUndici"
  ],
  "lean undici": [
    'import * as UndiciHttpClient from "@effect-twilio/core/UndiciHttpClient"',
    "UndiciHttpClient.layer"
  ],
  // What the quick start writes: the platform-node barrel, which loads every module it re-exports.
  "node:http, barrel imports": [
    'import { NodeHttpClient } from "@effect/platform-node"',
    "NodeHttpClient.layer"
  ]
}

const oursEntry = ([transportImport, layer]) => `import { TwilioConfig } from "@effect-twilio/core"
import { Participants } from "@effect-twilio/participants"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
${transportImport}
const live = Participants.layer.pipe(Layer.provide(TwilioConfig.layerConfig()), Layer.provide(${layer}))
const { callSid } = await Effect.runPromise(
  Effect.flatMap(Participants, (participants) => participants.fetch(process.env.CONFERENCE_SID, process.env.CALL_SID)).pipe(Effect.provide(live))
)
${REPORT}
`

// twilio talks to https://api.twilio.com only: its own RequestClient, subclassed, rewrites the origin.
const twilioEntry = `import http from "node:http"
import twilio from "twilio"
const ORIGIN = "https://api.twilio.com"
class Loopback extends twilio.RequestClient {
  constructor() {
    super({ keepAlive: true })
    this.axios.defaults.httpAgent = new http.Agent({ keepAlive: true })
  }
  request(opts) {
    return super.request({ ...opts, uri: process.env.TWILIO_BASE_URL + opts.uri.slice(ORIGIN.length) })
  }
}
const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN, {
  httpClient: new Loopback(),
  autoRetry: false
})
const { callSid } = await client.conferences(process.env.CONFERENCE_SID).participants(process.env.CALL_SID).fetch()
${REPORT}
`

/** The variants measured: [name, client, entry source, bundled]. */
const VARIANTS = [
  ["ours, bundled, node:http (recommended)", "ours", oursEntry(TRANSPORTS["node:http"]), true],
  ["ours, bundled, fetch", "ours", oursEntry(TRANSPORTS.fetch), true],
  ["ours, bundled, lean undici", "ours", oursEntry(TRANSPORTS["lean undici"]), true],
  ["ours, bundled, platform undici", "ours", oursEntry(TRANSPORTS["platform undici"]), true],
  ["twilio, bundled", "twilio", twilioEntry, true],
  ["ours, unbundled, node:http, deep imports", "ours", oursEntry(TRANSPORTS["node:http"]), false],
  [
    "ours, unbundled, node:http, barrel imports",
    "ours",
    oursEntry(TRANSPORTS["node:http, barrel imports"]),
    false
  ],
  ["twilio, unbundled", "twilio", twilioEntry, false]
]
const RECOMMENDED = VARIANTS[0][0]
const TWILIO_BUNDLED = "twilio, bundled"

// Our own import: effect and @effect/platform first (what every Effect application loads anyway),
// then one of our packages; the second figure is what the package itself costs.
// Wall time and this process's CPU time: on a busy machine the CPU time is the steadier figure.
const ownImport = (
  specifier
) => `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const t0 = performance.now()
await import("effect")
await import("@effect/platform")
const t1 = performance.now()
const c1 = cpu()
await import(${JSON.stringify(specifier)})
const t2 = performance.now()
console.log("IMPORT " + JSON.stringify({ effectMs: t1 - t0, ownMs: t2 - t1, ownCpuMs: cpu() - c1 }))
`
const OWN = [
  "@effect-twilio/core",
  "@effect-twilio/participants",
  "@effect-twilio/conferences",
  "@effect-twilio/webhooks"
]

const slug = (name) => name.replace(/[^a-z0-9]+/gi, "-").replace(/-$/, "")

/** Runs `file` as a whole process; resolves to the wall time to its first `prefix` line and that line's JSON. */
const runProcess = (file, env, prefix) =>
  new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [file], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    let found
    const kill = setTimeout(() => child.kill("SIGKILL"), 30_000)
    child.stdout.on("data", (chunk) => {
      stdout += chunk
      if (found !== undefined) return
      const line = stdout.split("\n").find((l) => l.startsWith(`${prefix} `) && stdout.includes(`${l}\n`))
      if (line !== undefined)
        found = { ms: performance.now() - t0, data: JSON.parse(line.slice(prefix.length + 1)) }
    })
    child.stderr.on("data", (chunk) => {
      stderr += chunk
    })
    child.on("close", (code) => {
      clearTimeout(kill)
      if (code !== 0 || found === undefined)
        reject(new Error(`${file} exited with ${code}:\n${stderr.slice(-2000)}`))
      else resolve(found)
    })
  })

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * Writes and bundles every variant, then runs them round-robin (the order rotated each round)
 * `repeats` times against `origin`; `takeLog` checks each made exactly its one fetch.
 */
export const measureServerless = async ({ origin, takeLog, repeats, log }) => {
  mkdirSync(OUT, { recursive: true })
  const files = []
  for (const [name, client, source, bundled] of VARIANTS) {
    // Under bench/build/, node resolves our packages and twilio from the workspace.
    const entry = join(OUT, `entry-${slug(name)}.mjs`)
    writeFileSync(entry, source)
    let file = entry
    let bytes
    if (bundled) {
      file = join(OUT, `bundle-${slug(name)}.mjs`)
      bytes = await bundle(entry, file)
    }
    files.push({ name, client, file, bundled, bytes })
  }
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_"))),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_BASE_URL: origin,
    CONFERENCE_SID,
    CALL_SID
  }
  const runs = Object.fromEntries(files.map((f) => [f.name, []]))
  for (let r = 0; r < repeats; r++) {
    for (let i = 0; i < files.length; i++) {
      const f = files[(i + r) % files.length]
      const { ms, data } = await runProcess(f.file, env, "FIRST")
      if (data.callSid !== CALL_SID) throw new Error(`${f.name}: fetched ${data.callSid}`)
      const seen = await takeLog()
      const served = Object.values(seen.log).reduce((n, e) => n + e.count, 0)
      if (served !== 1 || seen.anomalies.length > 0)
        throw new Error(`${f.name}: the server saw ${served} requests (${seen.anomalies.join("; ")})`)
      runs[f.name].push({ ms, rssMB: data.maxRssKB / 1024 })
      log(
        `serverless ${r + 1}/${repeats} ${f.name}: ${ms.toFixed(0)} ms, peak RSS ${(data.maxRssKB / 1024).toFixed(0)} MB`
      )
    }
  }
  return {
    variants: files.map((f) => ({
      name: f.name,
      client: f.client,
      bundled: f.bundled,
      bundleKB: f.bytes === undefined ? undefined : f.bytes / 1024,
      firstResponseMs: median(runs[f.name].map((x) => x.ms)),
      peakRssMB: median(runs[f.name].map((x) => x.rssMB)),
      runs: runs[f.name].length
    })),
    ownImport: await measureOwnImport(repeats),
    repeats
  }
}

/** Each of our packages' own import (dist/), medians of `repeats` fresh processes, interleaved. */
export const measureOwnImport = async (repeats) => {
  mkdirSync(OUT, { recursive: true })
  const own = Object.fromEntries(OWN.map((s) => [s, []]))
  for (let r = 0; r < repeats; r++) {
    for (const specifier of OWN) {
      const entry = join(OUT, `import-${slug(specifier)}.mjs`)
      writeFileSync(entry, ownImport(specifier))
      own[specifier].push((await runProcess(entry, process.env, "IMPORT")).data)
    }
  }
  return Object.entries(own).map(([name, xs]) => ({
    name,
    effectMs: median(xs.map((x) => x.effectMs)),
    ownMs: median(xs.map((x) => x.ownMs)),
    ownCpuMs: median(xs.map((x) => x.ownCpuMs))
  }))
}

const fmt = (x, digits = 0) => (x === undefined ? "–" : x.toFixed(digits))

/** The serverless section of the results document, with its targets. */
export const renderServerless = (s) => {
  const base = s.variants.find((v) => v.name === TWILIO_BUNDLED)
  const ours = s.variants.find((v) => v.name === RECOMMENDED)
  const lines = [
    "## Serverless cold start",
    "",
    `Whole processes, spawn to the first response of one participant fetch against the loopback server; medians of ${s.repeats} interleaved runs; peak RSS as the process reports it at that response. Bundles: the README's esbuild recipe (minified ESM).`,
    "",
    "| variant | bundle (KB) | start to first response (ms) | ÷ twilio bundled | peak RSS (MB) |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...s.variants.map(
      (v) =>
        `| ${v.name} | ${fmt(v.bundleKB)} | ${fmt(v.firstResponseMs)} | ${(v.firstResponseMs / base.firstResponseMs).toFixed(2)}x | ${fmt(v.peakRssMB)} |`
    ),
    "",
    "Our own import, after effect and @effect/platform are loaded (dist/, unbundled):",
    "",
    "| package | effect + @effect/platform (ms) | the package itself (ms) | its CPU time (ms) |",
    "| --- | ---: | ---: | ---: |",
    ...s.ownImport.map(
      (o) => `| ${o.name} | ${fmt(o.effectMs)} | ${fmt(o.ownMs, 1)} | ${fmt(o.ownCpuMs, 1)} |`
    ),
    "",
    "Targets:",
    "",
    `- ${ours.firstResponseMs <= 0.7 * base.firstResponseMs ? "PASS" : "MISS"}: bundled (node:http) start to first response <= 0.7x twilio's bundle (${(ours.firstResponseMs / base.firstResponseMs).toFixed(2)}x)`,
    `- ${ours.peakRssMB < base.peakRssMB ? "PASS" : "MISS"}: bundled (node:http) peak RSS below twilio's bundle (${fmt(ours.peakRssMB)} MB vs ${fmt(base.peakRssMB)} MB)`,
    `- ${Math.max(...s.ownImport.map((o) => o.ownMs)) <= 15 ? "PASS" : "MISS"}: our own import <= 15 ms (${s.ownImport.map((o) => `${o.name.slice("@effect-twilio/".length)} ${fmt(o.ownMs, 1)} ms`).join(", ")})`,
    ""
  ]
  return lines.join("\n")
}
