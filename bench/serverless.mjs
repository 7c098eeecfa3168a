/**
 * The serverless rows of `pnpm bench` (`--only=serverless`): whole processes, start to first
 * response against the loopback server, each variant bundled with the README's esbuild recipe
 * (scripts/cold-start.mjs) and unbundled as installed, ours against the official `twilio` package,
 * interleaved runs, medians, CPU time and peak RSS as the process reports them at its first
 * response. Also our packages' own import cost: whole processes importing the third-party modules
 * our packages load, with and without ours after them. Where valgrind is installed, each bundle
 * once more under callgrind: instructions to the first response, which the machine's load does not
 * change (on a shared machine the steadier ratio).
 */
import { spawn, spawnSync } from "node:child_process"
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { bundle } from "../scripts/cold-start.mjs"
import { ACCOUNT_SID, AUTH_TOKEN, CALL_SID, CONFERENCE_SID } from "./wire.mjs"

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, "..")
const OUT = join(HERE, "build", "serverless")

// Each entry prints one line at its first response, then exits (a frozen instance would keep its
// sockets; a process has to leave).
const REPORT = `const cpu = process.cpuUsage()
console.log("FIRST " + JSON.stringify({ callSid, maxRssKB: process.resourceUsage().maxRSS, cpuMs: (cpu.user + cpu.system) / 1000 }))
process.exit(0)`

/** An entry for a CommonJS bundle: its top-level await moved into an async function. */
const asCommonJs = (source) => {
  const lines = source.split("\n")
  const imports = lines.filter((l) => l.startsWith("import "))
  const body = lines.filter((l) => !l.startsWith("import "))
  return `${imports.join("\n")}\nvoid (async () => {\n${body.join("\n")}\n})()\n`
}

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

/** The variants measured: [name, client, entry source, bundle format or undefined when unbundled]. */
const VARIANTS = [
  ["ours, bundled cjs, node:http (recommended)", "ours", oursEntry(TRANSPORTS["node:http"]), "cjs"],
  ["ours, bundled esm, node:http", "ours", oursEntry(TRANSPORTS["node:http"]), "esm"],
  ["ours, bundled cjs, fetch", "ours", oursEntry(TRANSPORTS.fetch), "cjs"],
  ["ours, bundled cjs, lean undici", "ours", oursEntry(TRANSPORTS["lean undici"]), "cjs"],
  ["ours, bundled cjs, platform undici", "ours", oursEntry(TRANSPORTS["platform undici"]), "cjs"],
  ["twilio, bundled cjs", "twilio", twilioEntry, "cjs"],
  ["twilio, bundled esm", "twilio", twilioEntry, "esm"],
  ["ours, unbundled, node:http, deep imports", "ours", oursEntry(TRANSPORTS["node:http"]), undefined],
  [
    "ours, unbundled, node:http, barrel imports",
    "ours",
    oursEntry(TRANSPORTS["node:http, barrel imports"]),
    undefined
  ],
  ["twilio, unbundled", "twilio", twilioEntry, undefined]
]
const RECOMMENDED = VARIANTS[0][0]
const TWILIO_BUNDLED = ["twilio, bundled cjs", "twilio, bundled esm"]

// Our own import: each process imports the effect, @effect/platform and other third-party modules
// our packages load (listed by a resolve hook in a first process), then imports ours in the same
// process and times it: what our packages themselves cost, their files read, compiled, linked and
// run. Each row is one `import()` of an entry that imports the row's modules statically, as a
// program does (an `import()` per module would walk the loaded graph once per call). The entry also
// imports a marker before and after them: modules are loaded and linked first, then run in order,
// so the time between the markers is our code running, the rest loading it.
const OWN = [
  ["core", ["@effect-twilio/core"]],
  ["participants (and core)", ["@effect-twilio/participants"]],
  ["conferences (and core)", ["@effect-twilio/conferences"]],
  ["webhooks (and core)", ["@effect-twilio/webhooks"]],
  [
    "core + participants + conferences",
    ["@effect-twilio/core", "@effect-twilio/participants", "@effect-twilio/conferences"]
  ],
  // What a function that imports deeply loads: the config, and the two services.
  [
    "the same, deep imports",
    [
      "@effect-twilio/core/TwilioConfig",
      "@effect-twilio/participants/Participants",
      "@effect-twilio/conferences/Conferences"
    ]
  ]
]
const OWN_TARGET = OWN[OWN.length - 1][0]
const OWN_BARRELS = OWN[OWN.length - 2][0]
// The target row once more, against copies of our packages whose bundles keep their imports and
// exports but none of their code: what Node's loader costs for our files before any code of ours.
const OWN_SHELLS = "the same, deep imports, our code taken out"
const SHELL_PACKAGES = ["core", "participants", "conferences"]

const CPU_AT_EXIT = `const cpu = process.cpuUsage()
console.log("CPU " + JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 }))
`
const importAll = (specifiers) =>
  `${specifiers.map((s) => `import ${JSON.stringify(s)}`).join("\n")}\n${CPU_AT_EXIT}`
const MARK = "globalThis.__ownMarks = [...(globalThis.__ownMarks ?? []), performance.now()]\n"
/** The entry a row imports: a marker, the row's modules, a marker. */
const ownEntry = (specifiers) =>
  ["./own-mark.mjs", ...specifiers, "./own-mark.mjs?end"].map((s) => `import ${JSON.stringify(s)}`).join("\n")
// The third-party modules first (static imports, evaluated before this body runs), then ours timed
// inside the same process: no process-to-process noise in the difference.
const importOurs = (thirdParty, entry) => `${thirdParty.map((s) => `import ${JSON.stringify(s)}`).join("\n")}
const own0 = process.cpuUsage()
const ownT0 = performance.now()
await import(${JSON.stringify(entry)})
const ownMs = performance.now() - ownT0
const ownCpu = process.cpuUsage(own0)
const [runStart, runEnd] = globalThis.__ownMarks
const cpu = process.cpuUsage()
console.log("CPU " + JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, ownMs, ownCpuMs: (ownCpu.user + ownCpu.system) / 1000, runMs: runEnd - runStart }))
`

/** `a as b` as `["a", "b"]`, `a` as `["a"]`. */
const renamed = (part) => part.trim().split(/\s+as\s+/)

/** The names an import statement binds. */
const boundNames = (statement) => {
  const clause = /^import\s+([\s\S]*?)\s+from\s/.exec(statement)?.[1] ?? ""
  const star = /\*\s+as\s+([\w$]+)/.exec(clause)
  const named = /\{([^}]*)\}/.exec(clause)?.[1] ?? ""
  const fallback = /^([\w$]+)/.exec(clause)?.[1]
  return [
    ...(star === null ? [] : [star[1]]),
    ...(fallback === undefined ? [] : [fallback]),
    ...named
      .split(",")
      .map((part) => renamed(part).pop())
      .filter((name) => name !== undefined && name !== "")
  ]
}

/** An esbuild bundle with its code taken out: its import statements, and its exports bound to nothing. */
const shellOf = (code) => {
  const imports = code.match(/^import\s[^;]*;$/gm) ?? []
  const exported = /^export \{([^}]*)\};$/m.exec(code)
  if (exported === null) throw new Error("no export list at the end of a bundle")
  const bound = new Set(imports.flatMap(boundNames))
  const locals = new Set(
    exported[1]
      .split(",")
      .map((part) => renamed(part)[0])
      .filter((name) => name !== "" && !bound.has(name))
  )
  return `${imports.join("\n")}\nvar ${[...locals].join(", ")};\n${exported[0]}\n`
}

/** Copies of our packages' manifests and dist/ JavaScript, each bundle a shell; returns their folder. */
const writeShells = () => {
  const dir = join(OUT, "shells")
  rmSync(dir, { recursive: true, force: true })
  for (const name of SHELL_PACKAGES) {
    const from = join(ROOT, "packages", name)
    const to = join(dir, "node_modules", "@effect-twilio", name)
    cpSync(join(from, "package.json"), join(to, "package.json"))
    cpSync(join(from, "dist"), join(to, "dist"), {
      recursive: true,
      filter: (file) => statSync(file).isDirectory() || file.endsWith(".js")
    })
    const bundleFile = join(to, "dist", "internal", "package.js")
    writeFileSync(bundleFile, shellOf(readFileSync(bundleFile, "utf8")))
  }
  return dir
}

const slug = (name) => name.replace(/[^a-z0-9]+/gi, "-").replace(/-$/, "")

/** Runs `file` as a whole process; resolves to the wall time to its first `prefix` line and that line's JSON. */
const runProcess = (file, env, prefix, args = []) =>
  new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [file, ...args], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"]
    })
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

/** Whether valgrind is on this machine (Debian's `valgrind` package). */
const hasValgrind = () => spawnSync("valgrind", ["--version"], { stdio: "ignore" }).status === 0

/**
 * Instructions `file` executes from spawn to exit, counted by callgrind; Node single-threaded so the
 * count does not depend on how its helper threads were scheduled (seen to repeat within 0.5%).
 */
const countInstructions = (file, env) =>
  new Promise((resolve, reject) => {
    const child = spawn(
      "valgrind",
      ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, "--single-threaded", file],
      { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] }
    )
    let stderr = ""
    child.stderr.on("data", (chunk) => {
      stderr += chunk
    })
    child.on("close", (code) => {
      const collected = /Collected : (\d+)/.exec(stderr)
      if (code !== 0 || collected === null)
        reject(new Error(`callgrind ${file} exited with ${code}:\n${stderr.slice(-2000)}`))
      else resolve(Number(collected[1]))
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
  for (const [name, client, source, format] of VARIANTS) {
    // Under bench/build/, node resolves our packages and twilio from the workspace.
    const entry = join(OUT, `entry-${slug(name)}.mjs`)
    writeFileSync(entry, format === "cjs" ? asCommonJs(source) : source)
    let file = entry
    let bytes
    if (format !== undefined) {
      // The recipe picks the format from the extension.
      file = join(OUT, `bundle-${slug(name)}.${format === "cjs" ? "cjs" : "mjs"}`)
      bytes = await bundle(entry, file)
    }
    files.push({ name, client, file, bundled: format !== undefined, bytes })
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
      runs[f.name].push({ ms, rssMB: data.maxRssKB / 1024, cpuMs: data.cpuMs })
      log(
        `serverless ${r + 1}/${repeats} ${f.name}: ${ms.toFixed(0)} ms, peak RSS ${(data.maxRssKB / 1024).toFixed(0)} MB`
      )
    }
  }
  // One counted run of each bundle (they are what the targets compare).
  const instructions = {}
  if (hasValgrind()) {
    for (const f of files.filter((file) => file.bundled)) {
      instructions[f.name] = await countInstructions(f.file, env)
      await takeLog()
      log(`serverless callgrind ${f.name}: ${(instructions[f.name] / 1e6).toFixed(0)} M instructions`)
    }
  }
  return {
    variants: files.map((f) => ({
      instructions: instructions[f.name],
      name: f.name,
      client: f.client,
      bundled: f.bundled,
      bundleKB: f.bytes === undefined ? undefined : f.bytes / 1024,
      firstResponseMs: median(runs[f.name].map((x) => x.ms)),
      peakRssMB: median(runs[f.name].map((x) => x.rssMB)),
      cpuMs: median(runs[f.name].map((x) => x.cpuMs)),
      runs: runs[f.name].length
    })),
    ownImport: await measureOwnImport(repeats),
    repeats
  }
}

/**
 * Our packages' own import (dist/), whole processes: the third-party modules alone (A) against the
 * same and ours (B), interleaved, `repeats` rounds; medians and B minus A per row of OWN.
 */
export const measureOwnImport = async (repeats) => {
  mkdirSync(OUT, { recursive: true })
  const { data: thirdParty } = await runProcess(
    join(ROOT, "scripts", "list-imports.mjs"),
    process.env,
    "MODULES",
    ["--third-party", ...new Set(OWN.flatMap(([, s]) => s))]
  )
  // An entry resolves our packages from its folder: the workspace's for OUT, the copies for shells.
  const shells = writeShells()
  const write = (name, specifiers, dir = OUT) => {
    writeFileSync(join(dir, "own-mark.mjs"), MARK)
    const entry = join(dir, `own-entry-${slug(name)}.mjs`)
    writeFileSync(entry, ownEntry(specifiers))
    const file = join(OUT, `import-${slug(name)}.mjs`)
    writeFileSync(file, importOurs(thirdParty, pathToFileURL(entry).href))
    return file
  }
  const baseFile = join(OUT, "import-third-party.mjs")
  writeFileSync(baseFile, importAll(thirdParty))
  const target = OWN.find(([name]) => name === OWN_TARGET)[1]
  const files = [
    ["third-party only", baseFile],
    ...OWN.map(([n, s]) => [n, write(n, s)]),
    [OWN_SHELLS, write(OWN_SHELLS, target, shells)]
  ]
  const runs = Object.fromEntries(files.map(([n]) => [n, []]))
  for (let r = 0; r < repeats; r++) {
    for (let i = 0; i < files.length; i++) {
      const [name, file] = files[(i + r) % files.length]
      const t0 = performance.now()
      const { data } = await runProcess(file, process.env, "CPU")
      runs[name].push({ ...data, ms: performance.now() - t0 })
    }
  }
  const stat = (name, key) => median(runs[name].map((x) => x[key]))
  return {
    modules: thirdParty.length,
    base: { ms: stat("third-party only", "ms"), cpuMs: stat("third-party only", "cpuMs") },
    rows: files.slice(1).map(([name]) => ({
      name,
      ms: stat(name, "ms"),
      cpuMs: stat(name, "cpuMs"),
      ownMs: stat(name, "ownMs"),
      ownCpuMs: stat(name, "ownCpuMs"),
      runMs: stat(name, "runMs")
    }))
  }
}

const fmt = (x, digits = 0) => (x === undefined ? "–" : x.toFixed(digits))

/** The serverless section of the results document, with its targets. */
export const renderServerless = (s) => {
  // The official package at its best: the faster of its two bundles, and the smaller peak RSS.
  const twilio = s.variants.filter((v) => TWILIO_BUNDLED.includes(v.name))
  const base = twilio.reduce((a, b) => (b.firstResponseMs < a.firstResponseMs ? b : a))
  const baseRss = Math.min(...twilio.map((v) => v.peakRssMB))
  const ours = s.variants.find((v) => v.name === RECOMMENDED)
  const own = s.ownImport
  const target = own.rows.find((o) => o.name === OWN_TARGET)
  const barrels = own.rows.find((o) => o.name === OWN_BARRELS)
  const shells = own.rows.find((o) => o.name === OWN_SHELLS)
  const lines = [
    "## Serverless cold start",
    "",
    `Whole processes, spawn to the first response of one participant fetch against the loopback server; medians of ${s.repeats} interleaved runs; CPU time and peak RSS as the process reports them at that response. Bundles: the README's esbuild recipe (minified; CommonJS, or an ES module with the \`require\` banner). The ratio is to the faster of twilio's two bundles (${base.name}).`,
    "",
    "| variant | bundle (KB) | start to first response (ms) | ÷ twilio bundled | CPU (ms) | peak RSS (MB) | instructions (M) | ÷ twilio bundled |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...s.variants.map(
      (v) =>
        `| ${v.name} | ${fmt(v.bundleKB)} | ${fmt(v.firstResponseMs)} | ${(v.firstResponseMs / base.firstResponseMs).toFixed(2)}x | ${fmt(v.cpuMs)} | ${fmt(v.peakRssMB)} | ${v.instructions === undefined ? "–" : fmt(v.instructions / 1e6)} | ${v.instructions === undefined || base.instructions === undefined ? "–" : `${(v.instructions / base.instructions).toFixed(2)}x`} |`
    ),
    "",
    "Instructions: one run of each bundle under valgrind's callgrind (`node --single-threaded`), spawn to exit; counts repeat within about 0.5% whatever the machine's load, where times do not. Blank where valgrind is not installed.",
    "",
    `Our own import (dist/, unbundled): each process first imports the ${own.modules} third-party modules our packages load (effect, @effect/platform …), then imports ours with one \`import()\` of an entry that imports the row's modules, timed in the same process (wall and CPU); medians of ${s.repeats} interleaved runs. Loading is reading, compiling, resolving and linking our files; running is our modules' top-level code (markers imported before and after ours). The wall and CPU columns are the whole process, spawn to exit. The last row imports copies of our packages whose bundles keep their imports and exports but none of their code: the loader's cost for our files alone.`,
    "",
    "| imported after the third-party modules | wall (ms) | ours, wall (ms) | loading ours (ms) | running ours (ms) | CPU (ms) | ours, CPU (ms) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| nothing (the third-party modules alone) | ${fmt(own.base.ms)} | – | – | – | ${fmt(own.base.cpuMs)} | – |`,
    ...own.rows.map(
      (o) =>
        `| ${o.name} | ${fmt(o.ms)} | ${fmt(o.ownMs, 1)} | ${fmt(o.runMs === undefined ? undefined : o.ownMs - o.runMs, 1)} | ${fmt(o.runMs, 1)} | ${fmt(o.cpuMs)} | ${fmt(o.ownCpuMs, 1)} |`
    ),
    "",
    "Targets:",
    "",
    `- ${ours.firstResponseMs <= 0.7 * base.firstResponseMs ? "PASS" : "MISS"}: bundled (recommended) start to first response <= 0.7x twilio's bundle (${(ours.firstResponseMs / base.firstResponseMs).toFixed(2)}x; CPU ${(ours.cpuMs / base.cpuMs).toFixed(2)}x${ours.instructions === undefined || base.instructions === undefined ? "" : `; instructions ${(ours.instructions / base.instructions).toFixed(2)}x`})`,
    `- ${ours.peakRssMB < baseRss ? "PASS" : "MISS"}: bundled (recommended) peak RSS below twilio's bundle (${fmt(ours.peakRssMB)} MB vs ${fmt(baseRss)} MB)`,
    `- ${target.ownMs <= 15 ? "PASS" : "MISS"}: our own import (core + participants + conferences, deep imports) <= 15 ms (${fmt(target.ownMs, 1)} ms wall, ${fmt(target.ownCpuMs, 1)} ms CPU; barrels: ${fmt(barrels.ownMs, 1)} ms wall, ${fmt(barrels.ownCpuMs, 1)} ms CPU)${shells === undefined ? "" : `; of it, running our code ${fmt(target.runMs, 1)} ms, and the same files with no code in them ${fmt(shells.ownMs, 1)} ms`}`,
    ""
  ]
  return lines.join("\n")
}
