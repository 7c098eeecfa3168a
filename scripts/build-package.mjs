#!/usr/bin/env node
// Builds the package in the current directory (each package's `build` script): declarations with tsc
// (dist/**/*.d.ts and their maps, one per source file, so `types` in `exports` resolves as before),
// JavaScript with esbuild: each public module (src/*.ts) an entry point, bundled with the internal
// code it reaches, code shared between entries in chunks under dist/internal/ (which `exports`
// closes). Node then loads a few files instead of one per source file, which is most of our own
// import time; one chunk per shared module keeps module identity (a Context.Tag or error class
// exists once, whether reached through the barrel or a deep import). Every bare import (effect,
// @effect/*, other @effect-twilio packages, node builtins) stays external; not minified, with
// sourcemaps, so stack traces stay readable.
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import * as esbuild from "esbuild"

const require = createRequire(import.meta.url)
const dir = process.cwd()
const src = path.join(dir, "src")
const dist = path.join(dir, "dist")

// A fresh dist/: chunk names carry content hashes, so an old build's chunks would otherwise pile up.
fs.rmSync(dist, { recursive: true, force: true })

const tsc = spawnSync(
  process.execPath,
  [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--emitDeclarationOnly"],
  { cwd: dir, stdio: "inherit" }
)
if (tsc.status !== 0) process.exit(tsc.status ?? 1)

const entryPoints = fs
  .readdirSync(src)
  .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
  .map((name) => path.join(src, name))

await esbuild.build({
  absWorkingDir: dir,
  entryPoints,
  outbase: src,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  chunkNames: "internal/[name]-[hash]",
  sourcemap: true,
  // src/ ships beside dist/, where the maps point; no second copy of every source inside them.
  sourcesContent: false,
  logLevel: "warning"
})
