#!/usr/bin/env node
// The packages as users get them. Builds and packs every packages/*, checks each tarball (README,
// LICENSE, no `workspace:` range, every export and bin present), then, for the main README and for
// each package's README, installs exactly its install lines with npm into a new project (the
// @effect-twilio/* names replaced by the tarballs), type-checks the README examples there with tsc,
// and runs the whole-file examples against `fake-twilio` started from the installed package.
//
//   node scripts/check-packages.mjs [--keep]     (--keep leaves the scratch directory for a look)
//
// It reaches the npm registry (the install lines) and loopback (the simulator), nothing else.
import { spawn } from "node:child_process"
import { once } from "node:events"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const keep = process.argv.includes("--keep")
const rootManifest = readJson(path.join(root, "package.json"))
const pnpm = ["npx", "--yes", rootManifest.packageManager]
const MARKER = "<!-- install-lines -->"
const MINUTE = 60_000

const problems = []
const problem = (message) => {
  problems.push(message)
  console.log(`  FAILED: ${message}`)
}
const step = (message) => console.log(`::: packages: ${message}`)

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"))
}

/** Runs a command to its end (bounded by `timeout`), its output captured. */
const exec = (command, args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? root,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk) => {
      output += chunk
    })
    child.stderr.on("data", (chunk) => {
      output += chunk
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeout ?? 5 * MINUTE)
    child.on("error", (error) => {
      output += String(error)
    })
    child.on("close", (status, signal) => {
      clearTimeout(timer)
      resolve({ status: status ?? signal ?? "error", output })
    })
  })

/** A command that must succeed; its output is shown only when it does not. */
const run = async (command, args, options = {}) => {
  const result = await exec(command, args, options)
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status}\n${result.output}`)
  }
  return result.output
}

// The programs run here must never reach Twilio: no TWILIO_* from the caller's environment.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith("TWILIO_"))
)
const npmEnv = {
  ...cleanEnv,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  // No install scripts of dependencies (a native module's fallback build would download headers).
  npm_config_ignore_scripts: "true"
}

/** The workspace packages to publish: packages/* with a package.json that is not private. */
const workspacePackages = () =>
  fs
    .readdirSync(path.join(root, "packages"))
    .map((dir) => ({ dir, manifestPath: path.join(root, "packages", dir, "package.json") }))
    .filter(({ manifestPath }) => fs.existsSync(manifestPath))
    .map(({ dir, manifestPath }) => ({ dir, manifest: readJson(manifestPath) }))
    .filter(({ manifest }) => manifest.private !== true)

/** `packages` with each after the workspace packages it depends on: a build reads their dist/. */
const inDependencyOrder = (packages) => {
  const byName = new Map(packages.map((pkg) => [pkg.manifest.name, pkg]))
  const ordered = []
  const visit = (pkg) => {
    if (ordered.includes(pkg)) return
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) {
      const inWorkspace = byName.get(dep)
      if (inWorkspace !== undefined) visit(inWorkspace)
    }
    ordered.push(pkg)
  }
  for (const pkg of packages) visit(pkg)
  return ordered
}

/** Every string target of an `exports` value, conditions included. */
const exportTargets = (value) =>
  typeof value === "string"
    ? [value]
    : value === null || typeof value !== "object"
      ? []
      : Object.values(value).flatMap(exportTargets)

const checkTarball = (pkg, unpacked) => {
  const where = `${pkg.manifest.name} tarball`
  const file = (name) => path.join(unpacked, name)
  const manifestText = fs.readFileSync(file("package.json"), "utf8")
  const manifest = JSON.parse(manifestText)
  if (manifestText.includes("workspace:")) problem(`${where}: package.json still has a workspace: range`)
  const readme = fs.existsSync(file("README.md")) ? fs.readFileSync(file("README.md"), "utf8") : ""
  if (readme === "") problem(`${where}: no README.md`)
  else if (!readme.includes(MARKER)) problem(`${where}: README.md has no ${MARKER} block`)
  const license = fs.existsSync(file("LICENSE")) ? fs.readFileSync(file("LICENSE"), "utf8") : ""
  if (!license.includes("MIT License") || manifest.license !== "MIT") problem(`${where}: no MIT LICENSE`)
  if (manifest.repository?.directory !== `packages/${pkg.dir}`) problem(`${where}: repository.directory`)
  if (typeof manifest.engines?.node !== "string") problem(`${where}: no engines.node`)
  if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0) problem(`${where}: no keywords`)
  for (const target of exportTargets(manifest.exports)) {
    // A subpath pattern ("./dist/*.js") needs its folder; a plain target needs its file.
    const needed = target.includes("*") ? path.dirname(target) : target
    if (!fs.existsSync(file(needed))) problem(`${where}: exports target ${target} is missing`)
  }
  for (const [name, target] of Object.entries(manifest.bin ?? {})) {
    const bin = fs.existsSync(file(target)) ? fs.readFileSync(file(target), "utf8") : ""
    if (!bin.startsWith("#!/usr/bin/env node"))
      problem(`${where}: bin ${name} (${target}) is missing or has no shebang`)
  }
  return manifest
}

/** The lines of the fenced block after the install-lines marker, comments dropped. */
const installLines = (markdown, where) => {
  const lines = markdown.split("\n")
  const at = lines.findIndex((line) => line.trim() === MARKER)
  if (at < 0 || !(lines[at + 1] ?? "").startsWith("```")) {
    problem(`${where}: no fenced block after ${MARKER}`)
    return []
  }
  const end = lines.findIndex((line, i) => i > at + 1 && line.startsWith("```"))
  return lines
    .slice(at + 2, end)
    .map((line) => line.replace(/\s#.*$/, "").trim())
    .filter((line) => line !== "")
}

const packageName = (specifier) => {
  const parts = specifier.split("/")
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier)
}

/** A new npm project with what `markdown`'s install lines install, the tarballs standing in for ours. */
const installProject = async (project, markdown, tarballs, manifests) => {
  const { where, dir, log } = project
  fs.mkdirSync(dir, { recursive: true })
  const name = `check-${path.basename(dir)}`
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name, private: true, type: "module" })}\n`
  )
  const installed = new Set()
  // Our packages' own @effect-twilio dependencies are not on the registry yet: their tarballs go along.
  const withDependencies = (names) => {
    const all = new Set()
    const visit = (n) => {
      if (all.has(n) || installed.has(n)) return
      all.add(n)
      for (const dep of Object.keys(manifests.get(n)?.dependencies ?? {})) if (tarballs.has(dep)) visit(dep)
    }
    for (const n of names) visit(n)
    return [...all]
  }
  for (const line of installLines(markdown, where)) {
    const words = line.split(/\s+/)
    if (
      /["'`$;&|<>()\\]/.test(line) ||
      words[0] !== "npm" ||
      !["install", "i", "add"].includes(words[1] ?? "")
    ) {
      problem(`${where}: "${line}" is not a plain npm install line`)
      continue
    }
    const ours = []
    const args = words.slice(1).map((word) => {
      if (word.startsWith("-")) return word
      const name = word.startsWith("@") ? `@${word.slice(1).split("@")[0]}` : (word.split("@")[0] ?? word)
      if (name.startsWith("@effect-twilio/")) {
        const tarball = tarballs.get(name)
        if (tarball === undefined) problem(`${where}: "${line}" names ${name}, which no packages/* packs`)
        ours.push(name)
        return tarball ?? word
      }
      // Effect's own packages are pinned: npm's latest `effect` is 4.x, which these packages do not support.
      if ((name === "effect" || name.startsWith("@effect/")) && word === name) {
        problem(`${where}: "${line}" installs ${name} unpinned (write ${name}@^x.y)`)
      }
      return word
    })
    const extra = withDependencies(ours)
      .filter((n) => !ours.includes(n))
      .map((n) => tarballs.get(n))
    log(
      `$ ${line}${extra.length > 0 ? `   (+ the tarballs it depends on: ${extra.map((t) => path.basename(t)).join(" ")})` : ""}`
    )
    await run("npm", [...args, ...extra], { cwd: dir, env: npmEnv })
    for (const n of withDependencies(ours)) installed.add(n)
  }
  return installed
}

/** Checks what an install left: a consistent tree (peers met) and Effect 3. */
const checkProject = async ({ where, dir, log }) => {
  const ls = await exec("npm", ["ls", "--all"], { cwd: dir, env: npmEnv })
  if (ls.status !== 0) problem(`${where}: npm ls reports problems\n${ls.output}`)
  const effect = path.join(dir, "node_modules", "effect", "package.json")
  const version = fs.existsSync(effect) ? readJson(effect).version : "none"
  if (!version.startsWith("3.")) problem(`${where}: effect ${version} installed, not 3.x`)
  else log(`npm ls: consistent, effect ${version}`)
}

/** The bare imports of a TypeScript file, as package names. */
const importsOf = (source) =>
  [...source.matchAll(/^\s*(?:import|export)\s[^"']*?from\s+["']([^"']+)["']/gm)]
    .map((match) => match[1] ?? "")
    .filter((specifier) => !specifier.startsWith(".") && !specifier.startsWith("node:"))
    .map(packageName)

const resolvable = (dir, names) => names.every((name) => fs.existsSync(path.join(dir, "node_modules", name)))

/** The whole-file snippets a README shows (`<!-- snippet: examples/….ts -->` without a region). */
const wholeFileSnippets = (markdown) =>
  [...markdown.matchAll(/<!-- snippet: (examples\/[^#\s]+\.ts) -->/g)].map((match) => match[1] ?? "")

const bin = (dir, name) => path.join(dir, "node_modules", ".bin", name)

/** `fake-twilio` from the installed package on an ephemeral loopback port, until `stop`. */
const startSimulator = async (dir) => {
  const child = spawn(bin(dir, "fake-twilio"), ["--port", "0"], {
    cwd: dir,
    env: cleanEnv,
    stdio: ["ignore", "pipe", "inherit"]
  })
  const printed = {}
  const timer = setTimeout(() => child.kill("SIGKILL"), MINUTE)
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^(TWILIO_[A-Z_]+)=(.*)$/.exec(line)
    if (match) printed[match[1]] = match[2]
    if (printed.TWILIO_AUTH_TOKEN !== undefined) break
  }
  clearTimeout(timer)
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode
    const exited = once(child, "exit")
    child.kill("SIGTERM")
    const [code] = await exited
    return code
  }
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(printed.TWILIO_BASE_URL ?? "")) {
    await stop()
    throw new Error(`fake-twilio did not print a loopback TWILIO_BASE_URL (${JSON.stringify(printed)})`)
  }
  return { env: printed, stop }
}

/** Runs a compiled example with the simulator's TWILIO_* (and no other), bounded by a minute. */
const runExample = async ({ where, dir, log }, compiled, env) => {
  const result = await exec("node", [compiled], { cwd: dir, env: { ...cleanEnv, ...env }, timeout: MINUTE })
  for (const line of result.output
    .trim()
    .split("\n")
    .filter((l) => l !== ""))
    log(`  | ${line}`)
  if (result.status !== 0) problem(`${where}: node ${path.basename(compiled)} exited with ${result.status}`)
  else log(`ran ${path.basename(compiled)}: exit 0`)
}

/** A README's scratch project; its log is printed in one piece, as projects are installed side by side. */
const project = (where, dir) => {
  const lines = []
  const started = Date.now()
  return {
    where,
    dir,
    log: (line) => lines.push(`  ${line}`),
    print: (title) => {
      console.log(`::: packages: ${title} (${((Date.now() - started) / 1000).toFixed(0)} s)`)
      for (const line of lines.splice(0)) console.log(line)
    }
  }
}

const packTarballs = async (scratch) => {
  const tarDir = path.join(scratch, "tarballs")
  fs.mkdirSync(tarDir)
  const tarballs = new Map()
  const manifests = new Map()
  for (const pkg of inDependencyOrder(workspacePackages())) {
    // A fresh dist/: a file left from an earlier build must not ship. The prepack script builds.
    fs.rmSync(path.join(root, "packages", pkg.dir, "dist"), { recursive: true, force: true })
    await run(pnpm[0], [...pnpm.slice(1), "pack", "--pack-destination", tarDir], {
      cwd: path.join(root, "packages", pkg.dir)
    })
    const file = `${pkg.manifest.name.replace(/^@/, "").replace("/", "-")}-${pkg.manifest.version}.tgz`
    const tarball = path.join(tarDir, file)
    if (!fs.existsSync(tarball)) throw new Error(`pnpm pack made no ${file}`)
    const unpacked = path.join(scratch, "unpacked", pkg.dir)
    fs.mkdirSync(unpacked, { recursive: true })
    await run("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"])
    manifests.set(pkg.manifest.name, checkTarball(pkg, unpacked))
    tarballs.set(pkg.manifest.name, tarball)
    console.log(`  ${file}: ${(fs.statSync(tarball).size / 1024).toFixed(0)} KiB`)
  }
  return { tarballs, manifests }
}

// A user's strict settings, not the workspace's: no custom conditions, so the published dist/ types.
// skipLibCheck as usual: @effect/platform's own declarations need DOM and `ws` types.
const userTsconfig = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2022"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    rootDir: "src",
    outDir: "dist"
  },
  include: ["src"]
}

// Run inside the installed project: imports every module each package ships in dist/ (its bin's
// script aside) and its barrel, and checks that a name reached both ways is the same object: the
// bundled build must not give a class or Context.Tag two copies. A module whose optional peer is
// not installed is skipped, named.
const MODULES_CHECK = `import * as fs from "node:fs"
import * as path from "node:path"
const [checked, skipped, different] = [[], [], []]
for (const name of JSON.parse(process.argv[2])) {
  const dir = path.join("node_modules", name)
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))
  const scripts = Object.values(manifest.bin ?? {}).flatMap((bin) =>
    [...fs.readFileSync(path.join(dir, bin), "utf8").matchAll(/dist\\/(\\w+)\\.js/g)].map((m) => m[1]))
  const barrel = await import(name)
  for (const file of fs.readdirSync(path.join(dir, "dist")).filter((f) => f.endsWith(".js"))) {
    const module = file.slice(0, -3)
    if (module === "index" || scripts.includes(module)) continue
    const deep = await import(name + "/" + module).catch((error) => {
      const peer = /^Cannot find package '([^']+)'/.exec(error.message)?.[1]
      if (peer === undefined || peer.startsWith("@effect-twilio/")) throw error
      skipped.push(name + "/" + module)
    })
    if (deep === undefined) continue
    checked.push(module)
    for (const [key, value] of Object.entries(deep)) {
      const namespace = barrel[module] !== deep[module] ? barrel[module] : undefined
      const viaBarrel = namespace !== undefined && key in namespace ? namespace[key] : barrel[key]
      if (viaBarrel !== undefined && viaBarrel !== value) different.push(name + "/" + module + ": " + key)
    }
  }
}
console.log(JSON.stringify({ checked: checked.length, skipped, different }))
`

/** Every shipped module imports, and names reached through the barrel and the module are one object. */
const checkModules = async (app, names) => {
  fs.writeFileSync(path.join(app.dir, "check-modules.mjs"), MODULES_CHECK)
  const result = await exec("node", ["check-modules.mjs", JSON.stringify(names)], { cwd: app.dir })
  const report = result.status === 0 ? JSON.parse(result.output.trim().split("\n").at(-1)) : undefined
  if (report === undefined) problem(`README.md: importing every module failed:\n${result.output}`)
  else if (report.different.length > 0)
    problem(`two copies through the barrel and the module: ${report.different.join(", ")}`)
  else
    app.log(
      `${report.checked} modules import, each the same objects as its barrel's` +
        (report.skipped.length > 0 ? ` (skipped, optional peer absent: ${report.skipped.join(", ")})` : "")
    )
}

/** The main README's project: its install lines, every package, tsc over the README examples. */
const mainProject = async (app, readme, tarballs, manifests) => {
  const installed = await installProject(app, readme, tarballs, manifests)
  const rest = [...tarballs.keys()].filter((name) => !installed.has(name))
  if (rest.length > 0) {
    app.log(`packages the README's lines do not name, installed as well: ${rest.join(", ")}`)
    await run("npm", ["install", ...rest.map((name) => tarballs.get(name))], { cwd: app.dir, env: npmEnv })
  }
  await checkProject(app)
  await checkModules(app, [...tarballs.keys()])
  const tool = (name) => `${name}@${rootManifest.devDependencies[name]}`
  app.log(`$ npm install -D ${tool("typescript")} ${tool("@types/node")}   (for this check)`)
  await run("npm", ["install", "-D", tool("typescript"), tool("@types/node")], { cwd: app.dir, env: npmEnv })
  fs.writeFileSync(path.join(app.dir, "tsconfig.json"), `${JSON.stringify(userTsconfig, null, 2)}\n`)
  fs.mkdirSync(path.join(app.dir, "src"))
  const examplesDir = path.join(root, "examples", "readme")
  const copied = []
  for (const file of fs.readdirSync(examplesDir).filter((f) => f.endsWith(".ts"))) {
    const missing = importsOf(fs.readFileSync(path.join(examplesDir, file), "utf8")).filter(
      (name) => !resolvable(app.dir, [name])
    )
    if (missing.length > 0) {
      app.log(
        `skipped examples/readme/${file}: it imports ${missing.join(", ")}, which no install line installs`
      )
      continue
    }
    fs.copyFileSync(path.join(examplesDir, file), path.join(app.dir, "src", file))
    copied.push(file)
  }
  const tsc = await exec(bin(app.dir, "tsc"), ["-p", "."], { cwd: app.dir })
  if (tsc.status !== 0) problem(`README.md: tsc in the new project:\n${tsc.output}`)
  else app.log(`tsc: 0 errors in ${copied.map((f) => `examples/readme/${f}`).join(", ")}`)
}

const main = async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "effect-twilio-packages-"))
  let simulator
  try {
    step(`build and pack every packages/* (scratch: ${scratch})`)
    const { tarballs, manifests } = await packTarballs(scratch)

    // The main README's project and one per package README, installed side by side.
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
    const app = project("README.md", path.join(scratch, "app"))
    const packages = workspacePackages().map((pkg) => {
      const where = `packages/${pkg.dir}/README.md`
      return { ...project(where, path.join(scratch, `readme-${pkg.dir}`)), pkg }
    })
    // A package without a README gets "no fenced block after <!-- install-lines -->" below.
    const readmeOf = ({ where }) =>
      fs.existsSync(path.join(root, where)) ? fs.readFileSync(path.join(root, where), "utf8") : ""
    // Each settles on its own (a failure is a problem, not a rejection), so none is left running.
    let installsFailed = false
    const settle = (p, work, title) =>
      work
        .catch((error) => {
          installsFailed = true
          problem(`${p.where}: ${error instanceof Error ? error.message : error}`)
        })
        .then(() => p.print(title))
    await Promise.all([
      settle(
        app,
        mainProject(app, readme, tarballs, manifests),
        "the main README's install lines in a new npm project, tsc over the README examples"
      ),
      ...packages.map((p) =>
        settle(
          p,
          installProject(p, readmeOf(p), tarballs, manifests).then(() => checkProject(p)),
          `${p.where}: its install lines in a new npm project`
        )
      )
    ])
    if (installsFailed) throw new Error("an install failed, so the examples cannot run")

    step("fake-twilio from the installed package, and the README examples against it")
    const help = await exec(bin(app.dir, "fake-twilio"), ["--help"], { cwd: app.dir })
    if (help.status !== 0 || !help.output.includes("--port")) problem(`fake-twilio --help: ${help.output}`)
    simulator = await startSimulator(app.dir)
    console.log(`  fake-twilio listening on ${simulator.env.TWILIO_BASE_URL}`)
    const answer = await fetch(`${simulator.env.TWILIO_BASE_URL}/2010-04-01/Accounts.json`)
    const body = await answer.json().catch(() => undefined)
    if (typeof body?.code !== "number")
      problem(`fake-twilio answered ${answer.status} without a Twilio error body`)
    else console.log(`  it answers HTTP: ${answer.status}, Twilio code ${body.code}`)

    const compiledOf = (example) => path.join(app.dir, "dist", `${path.basename(example, ".ts")}.js`)
    for (const example of wholeFileSnippets(readme)) {
      if (fs.existsSync(compiledOf(example))) await runExample(app, compiledOf(example), simulator.env)
      else problem(`README.md: ${example} was not compiled`)
    }
    app.print("README.md: its whole-file examples")
    for (const p of packages) {
      for (const example of wholeFileSnippets(readmeOf(p))) {
        const compiled = compiledOf(example)
        const needs = importsOf(fs.readFileSync(path.join(root, example), "utf8"))
        if (!fs.existsSync(compiled)) problem(`${p.where}: ${example} was not compiled`)
        else if (!resolvable(p.dir, needs)) {
          problem(`${p.where}: ${example} imports ${needs.join(", ")}; its install lines leave some out`)
        } else {
          fs.mkdirSync(path.join(p.dir, "dist"), { recursive: true })
          fs.copyFileSync(compiled, path.join(p.dir, "dist", path.basename(compiled)))
          await runExample(p, path.join(p.dir, "dist", path.basename(compiled)), simulator.env)
        }
      }
      // Without the optional peer, the command explains what to install instead of crashing.
      if (resolvable(p.dir, ["@effect-twilio/testing"]) && !resolvable(p.dir, ["@effect/platform-node"])) {
        const alone = await exec(bin(p.dir, "fake-twilio"), ["--help"], { cwd: p.dir })
        if (alone.status === 0 || !alone.output.includes("npm install -D @effect/platform-node")) {
          problem(`${p.where}: fake-twilio without @effect/platform-node: ${alone.status} ${alone.output}`)
        } else p.log("without @effect/platform-node installed, fake-twilio says what to install (exit 1)")
      }
      p.print(`${p.where}: its whole-file examples`)
    }

    const code = await simulator.stop()
    simulator = undefined
    if (code !== 0) problem(`fake-twilio exited with ${code} on SIGTERM`)
    else console.log("  fake-twilio stopped on SIGTERM with exit 0")
  } catch (error) {
    problem(error instanceof Error ? error.message : String(error))
  } finally {
    await simulator?.stop()
    if (keep) console.log(`::: packages: scratch kept in ${scratch}`)
    else fs.rmSync(scratch, { recursive: true, force: true })
  }
  if (problems.length > 0) {
    console.log(`::: packages: ${problems.length} problem(s)`)
    process.exitCode = 1
  } else console.log("::: packages: every tarball installs with npm, the examples type-check and run")
}

await main()
