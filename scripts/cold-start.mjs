#!/usr/bin/env node
// The serverless recipe, checked: bundles the README's quick start and its Lambda-style webhook
// handler (examples/readme/serverless.ts) with exactly the esbuild commands the README shows (the
// handler as CommonJS, the quick start as an ES module), then runs each bundle as its own process
// against the simulator (`fake-twilio` on loopback). Run by
// examples/test/cold-start.test.ts; by hand: `node scripts/cold-start.mjs`.
//
// In this repository the bundles read our packages' TypeScript sources (the `@effect-twilio/source`
// condition, so no build is needed first); an application bundles their published dist/ instead.
// It reaches loopback only.
import { spawn } from "node:child_process"
import { createHmac } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const SECOND = 1000

// An ESM bundle of CommonJS code (undici, the twilio package …) calls `require`, which ES modules
// lack: without this banner it fails at run time with "Dynamic require of "fs" is not supported".
const BANNER =
  "import { createRequire as topLevelCreateRequire } from 'node:module'; const require = topLevelCreateRequire(import.meta.url);"

/**
 * esbuild's arguments for `entry`, written to `outfile`: the recipe the README shows. The output's
 * extension picks the format: `.cjs` (what a function should ship: it starts faster and needs no
 * banner) or `.mjs` (an ES module, for code with top-level await; it needs the `require` banner).
 */
export const recipe = (entry, outfile) => {
  const esm = outfile.endsWith(".mjs")
  return [
    entry,
    "--bundle",
    "--platform=node",
    `--format=${esm ? "esm" : "cjs"}`,
    "--target=node20",
    "--minify",
    `--outfile=${outfile}`,
    ...(esm ? [`--banner:js=${BANNER}`] : [])
  ]
}

/** The recipe as the README writes it: one shell command. */
export const command = (entry, outfile) =>
  `npx esbuild ${recipe(entry, outfile)
    .map((arg) => (arg.startsWith("--banner:js=") ? `--banner:js="${arg.slice(12)}"` : arg))
    .join(" ")}`

/** The README's two commands, each in its marked block: the CommonJS recipe, then the ES module one. */
const README_COMMANDS = [
  ["esbuild-command", command("handler.ts", "dist/handler.cjs")],
  ["esbuild-command-esm", command("script.ts", "dist/script.mjs")]
]

/** Each command in the README's `<!-- esbuild-command… -->` blocks must be the recipe run here. */
export const checkReadme = () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
  for (const [marker, expected] of README_COMMANDS) {
    const block = new RegExp(`<!-- ${marker} -->\n\`\`\`sh\n([^\n]*)\n\`\`\``).exec(readme)?.[1]
    if (block !== expected)
      throw new Error(`README.md's <!-- ${marker} --> block is not the recipe checked here:\n${expected}`)
  }
}

/** Runs a process to its end (bounded by `timeout`), its output captured. */
export const exec = (command, args, options = {}) =>
  new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(command, args, {
      cwd: options.cwd ?? root,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => {
      stdout += chunk
    })
    child.stderr.on("data", (chunk) => {
      stderr += chunk
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeout ?? 60 * SECOND)
    child.on("error", (error) => {
      stderr += String(error)
    })
    child.on("close", (status, signal) => {
      clearTimeout(timer)
      resolve({ status: status ?? signal ?? "error", stdout, stderr, ms: performance.now() - started })
    })
  })

// The workspace's pinned esbuild, through its package-manager shim (native binary or JS fallback).
const esbuildBin = path.join(root, "node_modules", ".bin", "esbuild")

/**
 * Bundles `entry` into `outfile` with the recipe (plus `extra` arguments, such as a resolve
 * condition); resolves to the bundle's size in bytes, rejects with esbuild's message.
 */
export const bundle = async (entry, outfile, extra = []) => {
  const result = await exec(esbuildBin, [...recipe(entry, outfile), ...extra], {
    timeout: 2 * 60 * SECOND
  })
  if (result.status !== 0) throw new Error(`esbuild ${entry} exited with ${result.status}:\n${result.stderr}`)
  return fs.statSync(outfile).size
}

// The programs run here must never reach Twilio: no TWILIO_* from the caller's environment.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith("TWILIO_"))
)

/** `fake-twilio` from the sources on an ephemeral loopback port, until `stop`. */
const startSimulator = async () => {
  const child = spawn(
    process.execPath,
    ["--conditions=@effect-twilio/source", "--import", "tsx", "packages/testing/src/bin.ts", "--port", "0"],
    { cwd: root, env: cleanEnv, stdio: ["ignore", "pipe", "inherit"] }
  )
  const timer = setTimeout(() => child.kill("SIGKILL"), 60 * SECOND)
  const printed = {}
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^(TWILIO_[A-Z_]+)=(.*)$/.exec(line)
    if (match) printed[match[1]] = match[2]
    if (printed.TWILIO_AUTH_TOKEN !== undefined) break
  }
  clearTimeout(timer)
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once("exit", () => resolve())
      child.kill("SIGTERM")
    })
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(printed.TWILIO_BASE_URL ?? "")) {
    await stop()
    throw new Error(`fake-twilio printed no loopback TWILIO_BASE_URL (${JSON.stringify(printed)})`)
  }
  return { env: printed, stop }
}

/** One request to the simulator with its credentials; the JSON answer. */
const twilio = async (env, method, pathAndQuery, form) => {
  const response = await fetch(`${env.TWILIO_BASE_URL}${pathAndQuery}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${env.TWILIO_ACCOUNT_SID}:${env.TWILIO_AUTH_TOKEN}`).toString("base64")}`,
      ...(form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" })
    },
    ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() })
  })
  const body = await response.json()
  if (!response.ok) throw new Error(`${method} ${pathAndQuery}: ${response.status} ${JSON.stringify(body)}`)
  return body
}

/** Twilio's X-Twilio-Signature: HMAC-SHA1 over the URL and the sorted form, base64. */
const sign = (authToken, url, form) =>
  createHmac("sha1", authToken)
    .update(
      url +
        Object.keys(form)
          .sort()
          .map((key) => key + form[key])
          .join("")
    )
    .digest("base64")

/** A Lambda function URL event for a POSTed, signed conference callback. */
const lambdaEvent = (form, signature) => ({
  rawPath: "/twilio/conference",
  rawQueryString: "",
  headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
  body: Buffer.from(new URLSearchParams(form).toString()).toString("base64"),
  isBase64Encoded: true,
  requestContext: { domainName: "hooks.example.com" }
})

// Loads a bundle and calls its `handler` once per event, as the Lambda runtime would, then prints
// the answers and exits (a frozen instance would keep its sockets; a process has to leave).
const INVOKE = `
const started = performance.now()
const { handler } = await import(process.argv[1])
const answers = []
for (const event of JSON.parse(process.env.LAMBDA_EVENTS)) answers.push(await handler(event))
console.log("ANSWERS " + JSON.stringify(answers))
process.exit(0)
`

/** Bundles and runs both entry points; resolves to what it measured, rejects on the first failure. */
export const check = async ({ log = console.log, outDir } = {}) => {
  fs.mkdirSync(path.join(root, ".scratch"), { recursive: true })
  const dir = outDir ?? fs.mkdtempSync(path.join(root, ".scratch", "cold-start-"))
  fs.mkdirSync(dir, { recursive: true })
  const source = ["--conditions=@effect-twilio/source"]
  const quickstart = path.join(dir, "quickstart.mjs")
  // The quick start as an ES module (its undici needs the banner), the handler as CommonJS.
  const handler = path.join(dir, "serverless.cjs")
  const results = {}
  checkReadme()
  const simulator = await startSimulator()
  try {
    results.quickstartBytes = await bundle("examples/readme/quickstart.ts", quickstart, source)
    results.handlerBytes = await bundle("examples/readme/serverless.ts", handler, source)
    log(`bundled: quickstart.mjs ${kb(results.quickstartBytes)}, serverless.cjs ${kb(results.handlerBytes)}`)
    const env = { ...cleanEnv, ...simulator.env, NO_COLOR: "1" }

    // The quick start, bundled: dials the moderator, mutes them, lists the roster, exits 0.
    const run = await exec(process.execPath, [quickstart], { env })
    if (run.status !== 0 || !/moderator: [a-z-]+/.test(run.stdout))
      throw new Error(`the bundled quick start exited with ${run.status}:\n${run.stdout}\n${run.stderr}`)
    results.quickstartMs = run.ms
    log(`quickstart.mjs ran against the simulator in ${run.ms.toFixed(0)} ms: exit 0, the moderator listed`)

    // The webhook handler, bundled: a guest joins, Twilio calls back, the handler mutes the guest.
    const accountPath = `/2010-04-01/Accounts/${env.TWILIO_ACCOUNT_SID}`
    const guest = await twilio(env, "POST", `${accountPath}/Conferences/coldstart/Participants.json`, {
      From: "+15017122661",
      To: "+15558675310",
      Label: "guest"
    })
    const form = {
      StatusCallbackEvent: "participant-join",
      ConferenceSid: guest.conference_sid,
      FriendlyName: "coldstart",
      AccountSid: env.TWILIO_ACCOUNT_SID,
      SequenceNumber: "1",
      Timestamp: new Date().toUTCString().replace("GMT", "+0000"),
      CallSid: guest.call_sid,
      ParticipantLabel: "guest",
      Muted: "false",
      Hold: "false",
      Coaching: "false",
      EndConferenceOnExit: "false",
      StartConferenceOnEnter: "true"
    }
    const url = "https://hooks.example.com/twilio/conference"
    const events = [
      lambdaEvent(form, sign(env.TWILIO_AUTH_TOKEN, url, form)),
      lambdaEvent(form, sign("not-the-token", url, form)) // forged: answered 403, nothing done
    ]
    const invoked = await exec(process.execPath, ["--input-type=module", "-e", INVOKE, handler], {
      env: { ...env, LAMBDA_EVENTS: JSON.stringify(events) }
    })
    const answers = invoked.stdout.split("\n").find((line) => line.startsWith("ANSWERS "))
    const statuses = answers === undefined ? [] : JSON.parse(answers.slice(8)).map((a) => a.statusCode)
    if (invoked.status !== 0 || statuses.join() !== "204,403")
      throw new Error(
        `the bundled handler answered ${JSON.stringify(statuses)} (exit ${invoked.status}):\n${invoked.stdout}\n${invoked.stderr}`
      )
    const after = await twilio(
      env,
      "GET",
      `${accountPath}/Conferences/${guest.conference_sid}/Participants/${guest.call_sid}.json`
    )
    if (after.muted !== true) throw new Error("the bundled handler answered 204 but the guest is not muted")
    results.handlerMs = invoked.ms
    log(
      `serverless.cjs handled a signed participant-join in ${invoked.ms.toFixed(0)} ms: 204 and the guest muted; a forged one: 403`
    )
    return results
  } finally {
    await simulator.stop()
    if (outDir === undefined) fs.rmSync(dir, { recursive: true, force: true })
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  check().then(
    () => console.log("cold-start: both bundles ran against the simulator"),
    (error) => {
      console.error(`cold-start: ${error instanceof Error ? error.message : error}`)
      process.exitCode = 1
    }
  )
}
