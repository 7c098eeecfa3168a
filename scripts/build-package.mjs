#!/usr/bin/env node
// Builds the package in the current directory (each package's `build` script). Declarations come
// from tsc, one per source file as before, so `types` in `exports` resolves unchanged. JavaScript
// comes from esbuild, because Node's loader resolving, reading and compiling one file per source
// file was a large part of our own import time:
// - everything the barrel (src/index.ts) loads is one ES module, dist/internal/package.js, and each
//   public module in it is a dist/<Module>.js that re-exports its names from there;
// - the other public modules are files of their own that import what they share from that bundle
//   and import each other as they are: modules the barrel does not load (an optional peer's adapter
//   must not load with the barrel), modules loaded with `import()` (they stay lazy), a module that
//   imports one of those statically (a barrel re-exporting it), and scripts (a bin).
// So a deep import loads two files, and every module's code exists once in dist/ (a class or
// Context.Tag is one object whichever way it is reached; the build fails if a module would be
// copied). Every bare import (effect, @effect/*, other @effect-twilio packages, node builtins)
// stays external; not minified, with sourcemaps into the shipped src/, for readable stack traces.
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import * as esbuild from "esbuild"

const require = createRequire(import.meta.url)
const dir = process.cwd()
const dist = path.join(dir, "dist")
const BUNDLE = "internal/package.js"

// A fresh dist/: a file from an earlier build that this one no longer writes must not ship.
fs.rmSync(dist, { recursive: true, force: true })

const tsc = spawnSync(
  process.execPath,
  [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--emitDeclarationOnly"],
  { cwd: dir, stdio: "inherit" }
)
if (tsc.status !== 0) process.exit(tsc.status ?? 1)

const options = {
  absWorkingDir: dir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning"
}

// A first pass, in memory, every source file an entry: the module graph and each module's exports.
const sources = fs
  .readdirSync(path.join(dir, "src"), { recursive: true })
  .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
  .map((name) => `src/${name.split(path.sep).join("/")}`)
const { metafile } = await esbuild.build({
  ...options,
  entryPoints: sources,
  outdir: dist,
  splitting: true,
  write: false,
  metafile: true
})
const imports = (module, kind) =>
  metafile.inputs[module].imports.filter((i) => !i.external && i.kind === kind).map((i) => i.path)
const exportsOf = new Map(
  Object.values(metafile.outputs)
    .filter((output) => output.entryPoint !== undefined)
    .map((output) => [output.entryPoint, output.exports])
)
const isPublic = (module) => path.posix.dirname(module) === "src"
const stem = (module) => path.posix.basename(module, ".ts")
/** Every module `module` imports statically, itself included. */
const reach = (module, seen = new Set()) => {
  if (!seen.has(module)) {
    seen.add(module)
    for (const next of imports(module, "import-statement")) reach(next, seen)
  }
  return seen
}

const lazy = new Set(sources.flatMap((module) => imports(module, "dynamic-import")))
for (const module of lazy)
  if (!isPublic(module)) throw new Error(`${module} is loaded with import(); only public modules can be`)
const bundled = new Set(
  [...reach("src/index.ts")]
    .filter((module) => isPublic(module) && exportsOf.get(module).length > 0)
    .filter((module) => ![...reach(module)].some((next) => lazy.has(next)))
    .flatMap((module) => [...reach(module)])
)
const separate = sources.filter((module) => isPublic(module) && !bundled.has(module))
// What the bundle exports: its public modules' names, and whatever the separate files import from
// it, each prefixed with its module (`Participants$Participants`, `internal$fields$…`).
const outside = [...new Set(separate.flatMap((module) => [...reach(module)]))].filter((m) => !bundled.has(m))
const exported = [...bundled].filter(
  (module) => isPublic(module) || outside.some((m) => imports(m, "import-statement").includes(module))
)
const alias = (module, name) => `${module.slice(4, -3).replaceAll("/", "$")}$${name}`
const reExports = (names, from) => `export { ${names.join(", ")} } from ${JSON.stringify(from)}\n`

/** The source module a relative import names: "src/internal/fields.ts" for "./internal/fields.js". */
const sourceOf = (args) =>
  path
    .relative(dir, path.resolve(args.resolveDir, args.path))
    .split(path.sep)
    .join("/")
    .replace(/\.js$/, ".ts")

/** Resolves relative imports of a public module to its own dist/ file, relative to `from`. */
const publicModule = (build, from) =>
  build.onResolve({ filter: /^\.\.?\// }, (args) => {
    const target = sourceOf(args)
    if (args.kind === "entry-point" || !isPublic(target)) return undefined
    if (bundled.has(target) && args.kind !== "dynamic-import") return undefined
    return { path: `${from}${stem(target)}.js`, external: true }
  })

const BUNDLE_ENTRY = "effect-twilio:package"
await esbuild.build({
  ...options,
  entryPoints: [BUNDLE_ENTRY],
  outfile: path.join(dist, BUNDLE),
  sourcemap: true,
  // src/ ships beside dist/, where the maps point; no second copy of every source inside them.
  sourcesContent: false,
  plugins: [
    {
      name: "package-bundle",
      setup: (build) => {
        // The bundle's entry: the list of re-exports, served from memory (no generated file in src/).
        build.onResolve({ filter: /^effect-twilio:package$/ }, () => ({
          path: BUNDLE_ENTRY,
          namespace: "bundle"
        }))
        build.onLoad({ filter: /.*/, namespace: "bundle" }, () => ({
          resolveDir: dir,
          contents: exported
            .map((module) =>
              reExports(
                exportsOf.get(module).map((n) => `${n} as ${alias(module, n)}`),
                `./${module}`
              )
            )
            .join("")
        }))
        publicModule(build, "../")
      }
    }
  ]
})

if (separate.length > 0) {
  const { metafile: built } = await esbuild.build({
    ...options,
    entryPoints: separate.map((module) => ({ in: module, out: stem(module) })),
    outdir: dist,
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    plugins: [
      {
        name: "from-the-bundle",
        setup: (build) => {
          publicModule(build, "./")
          // A module the bundle holds is imported from it, under its prefixed names (the stand-in
          // keeps the module's path, so sourcemaps name only real files).
          build.onResolve({ filter: /^\.\.?\// }, (args) =>
            bundled.has(sourceOf(args)) ? { path: path.join(dir, sourceOf(args)) } : undefined
          )
          build.onLoad({ filter: /\.ts$/ }, (args) => {
            const module = path.relative(dir, args.path).split(path.sep).join("/")
            if (!bundled.has(module)) return undefined
            const names = exportsOf.get(module).map((n) => `${alias(module, n)} as ${n}`)
            return { loader: "js", contents: reExports(names, "effect-twilio:bundle") }
          })
          build.onResolve({ filter: /^effect-twilio:bundle$/ }, () => ({
            path: `./${BUNDLE}`,
            external: true
          }))
        }
      }
    ]
  })
  // Two files holding one module's code would make two copies of its classes and tags.
  const holders = new Map()
  for (const [file, output] of Object.entries(built.outputs))
    for (const input of Object.keys(output.inputs).filter((i) => i.startsWith("src/") && !bundled.has(i)))
      holders.set(input, [...(holders.get(input) ?? []), file])
  for (const [input, files] of holders)
    if (files.length > 1)
      throw new Error(
        `${input} would be copied into ${files.join(" and ")}: the build keeps one copy of each module only when the barrel loads it`
      )
}

for (const module of [...bundled].filter(isPublic)) {
  const names = exportsOf.get(module).map((name) => `${alias(module, name)} as ${name}`)
  fs.writeFileSync(path.join(dist, `${stem(module)}.js`), reExports(names, `./${BUNDLE}`))
}
