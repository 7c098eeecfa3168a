/**
 * `pnpm bench --against=<commit>`: our packages and our client adapter as another commit has them,
 * built outside the repository so the bench can run them beside the working tree's in one
 * interleaved run (client `ours@<short>`).
 *
 * The commit's tree is exported with `git archive` (no worktree is registered, nothing in the
 * repository changes) into `os.tmpdir()/effect-twilio-bench-<sha>`, its dependencies installed from
 * the local pnpm store (`--frozen-lockfile --offline`, or `--prefer-offline` when the store lacks
 * something), the packages its `bench/clients/ours.ts` imports built with their dependencies, and that
 * adapter compiled with the commit's own `bench/tsconfig.build.json`: an adapter from that commit
 * matches that commit's API. A finished build is reused by later runs; delete the directory to redo it.
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"

const DONE = ".bench-built"

/** Builds (or reuses) `commit`'s packages and adapter; answers the adapter's URL and the commit's names. */
export const buildAgainst = (root, commit, out) => {
  const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim()
  let full
  try {
    full = git("rev-parse", "--verify", "--quiet", `${commit}^{commit}`)
  } catch {
    throw new Error(`--against=${commit}: no such commit`)
  }
  const short = git("rev-parse", "--short", full)
  const subject = git("log", "-1", "--format=%s", full)
  const dir = join(os.tmpdir(), `effect-twilio-bench-${full.slice(0, 12)}`)
  const adapter = join(dir, "bench", "build", "clients", "ours.js")
  if (!existsSync(join(dir, DONE)) || !existsSync(adapter)) {
    const t0 = performance.now()
    out.write(`--against: building ${short} (${subject}) in ${dir}\n`)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const tar = `${dir}.tar`
    git("archive", "--format=tar", "-o", tar, full)
    execFileSync("tar", ["-xf", tar, "-C", dir])
    rmSync(tar, { force: true })
    const run = (command, args) =>
      execFileSync(command, args, { cwd: dir, stdio: ["ignore", "ignore", "inherit"] })
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
    // The commit's own pnpm, as its package.json pins it.
    const pnpm = ["--yes", manifest.packageManager ?? "pnpm@10"]
    try {
      run("npx", [...pnpm, "install", "--frozen-lockfile", "--offline"])
    } catch {
      out.write("--against: the pnpm store lacks a package; installing with --prefer-offline\n")
      run("npx", [...pnpm, "install", "--frozen-lockfile", "--prefer-offline"])
    }
    const source = readFileSync(join(dir, "bench", "clients", "ours.ts"), "utf8")
    const packages = [...new Set([...source.matchAll(/from "(@effect-twilio\/[a-z-]+)/g)].map((m) => m[1]))]
    // `name...`: the package and everything it depends on, in dependency order.
    run("npx", [...pnpm, ...packages.flatMap((name) => ["--filter", `${name}...`]), "run", "build"])
    run(process.execPath, [
      join(dir, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      "bench/tsconfig.build.json"
    ])
    writeFileSync(join(dir, DONE), `${full}\n`)
    out.write(`--against: ${short} built in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`)
  }
  // An adapter that cannot describe its settings is described by its own doc comment.
  const comment = /\/\*\*([\s\S]*?)\*\//.exec(readFileSync(join(dir, "bench", "clients", "ours.ts"), "utf8"))
  const described =
    comment === null ? undefined : `its commit's adapter: ${comment[1].replace(/\s*\n\s*\*\s?/g, " ").trim()}`
  return { full, short, subject, dir, described, adapterUrl: pathToFileURL(adapter).href }
}
