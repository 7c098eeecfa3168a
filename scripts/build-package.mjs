#!/usr/bin/env node
// Builds the package in the current directory (each package's `build` script). Declarations come
// from tsc, one per source file as before, so `types` in `exports` resolves unchanged. JavaScript
// comes from esbuild, because Node's loader resolving, reading and compiling one file per source
// file was most of our own import time. What the barrel (src/index.ts) loads goes into one bundle,
// dist/internal/package.js, and each of those modules' dist/<Module>.js re-exports its names from
// it: a deep import loads a couple of files, and a class or Context.Tag exists once whichever way
// it is reached. Entry points of their own, code shared with the bundle in chunks beside it:
// modules the barrel does not load (an optional peer's adapter must not load with the barrel), a
// module imported with `import()` (it stays lazy) and any module that reaches one statically, and
// a module that exports nothing (a script, such as a bin). Every bare import (effect, @effect/*,
// other @effect-twilio packages, node builtins) stays external; not minified, with sourcemaps, so
// stack traces stay readable.
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import * as esbuild from "esbuild"

const require = createRequire(import.meta.url)
const dir = process.cwd()
const dist = path.join(dir, "dist")
const BUNDLE = "internal/package"

// A fresh dist/: chunk names carry content hashes, so an old build's chunks would otherwise pile up.
fs.rmSync(dist, { recursive: true, force: true })

const tsc = spawnSync(
  process.execPath,
  [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--emitDeclarationOnly"],
  { cwd: dir, stdio: "inherit" }
)
if (tsc.status !== 0) process.exit(tsc.status ?? 1)

const options = {
  absWorkingDir: dir,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning"
}

// A first pass, in memory, for the module graph and each public module's export names.
const modules = fs
  .readdirSync(path.join(dir, "src"))
  .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
  .map((name) => `src/${name}`)
const { metafile } = await esbuild.build({ ...options, entryPoints: modules, write: false, metafile: true })
const imports = (input, kind) =>
  metafile.inputs[input].imports.filter((i) => !i.external && i.kind === kind).map((i) => i.path)
const lazy = new Set(Object.keys(metafile.inputs).flatMap((input) => imports(input, "dynamic-import")))
/** Every module `module` imports statically, itself included. */
const reach = (module, seen = new Set()) => {
  if (!seen.has(module)) {
    seen.add(module)
    for (const next of imports(module, "import-statement")) reach(next, seen)
  }
  return seen
}
const barrel = reach("src/index.ts")
const exportsOf = new Map(
  Object.values(metafile.outputs)
    .filter((output) => output.entryPoint !== undefined)
    .map((output) => [output.entryPoint, output.exports])
)
const stem = (module) => path.basename(module, ".ts")
const bundled = modules.filter(
  (module) =>
    barrel.has(module) &&
    exportsOf.get(module).length > 0 &&
    ![...reach(module)].some((input) => lazy.has(input))
)
// Each bundled module's names, prefixed with its own (`Participants$Participants`) to stay apart.
const alias = (module, name) => `${stem(module)}$${name}`
const reExports = (names, from) => `export { ${names.join(", ")} } from ${JSON.stringify(from)}\n`
const bundleSource = bundled
  .map((module) =>
    reExports(
      exportsOf.get(module).map((name) => `${name} as ${alias(module, name)}`),
      `./${module}`
    )
  )
  .join("")

// The bundle's entry is that list of re-exports, served by a plugin: no generated file in src/.
const BUNDLE_ENTRY = "effect-twilio:package"
const bundleEntry = {
  name: "package-bundle",
  setup: (build) => {
    build.onResolve({ filter: /^effect-twilio:package$/ }, () => ({
      path: BUNDLE_ENTRY,
      namespace: "bundle"
    }))
    build.onLoad({ filter: /.*/, namespace: "bundle" }, () => ({ contents: bundleSource, resolveDir: dir }))
  }
}
await esbuild.build({
  ...options,
  entryPoints: [
    ...(bundled.length > 0 ? [{ in: BUNDLE_ENTRY, out: BUNDLE }] : []),
    ...modules
      .filter((module) => !bundled.includes(module))
      .map((module) => ({ in: module, out: stem(module) }))
  ],
  chunkNames: "internal/[name]-[hash]",
  sourcemap: true,
  // src/ ships beside dist/, where the maps point; no second copy of every source inside them.
  sourcesContent: false,
  plugins: [bundleEntry]
})

for (const module of bundled) {
  const names = exportsOf.get(module).map((name) => `${alias(module, name)} as ${name}`)
  fs.writeFileSync(path.join(dist, `${stem(module)}.js`), reExports(names, `./${BUNDLE}.js`))
}
