/**
 * Reads a V8 `.cpuprofile` and lists where the time went: top functions by self time, and self
 * time grouped by package or module (effect's Schema, its fiber runtime, undici …).
 *
 * Also a command: `node bench/profile.mjs file.cpuprofile [top]`.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

/** Where a frame's code lives, as a short group name. */
const groupOf = (url, name) => {
  if (url === "") return name.startsWith("(") ? name : "(native/builtin)"
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url)
  if (pkg !== null) {
    const [, name, rest] = pkg
    if (name === "effect") {
      const mod = /dist\/(?:esm|cjs)\/(?:internal\/)?(.+?)\.js$/.exec(rest)
      return `effect/${mod?.[1] ?? rest}`
    }
    if (name.startsWith("@effect/")) {
      const mod = /dist\/(?:esm|cjs)\/(?:internal\/)?(.+?)\.js$/.exec(rest)
      return `${name}/${mod?.[1] ?? rest}`
    }
    return name
  }
  if (url.startsWith("node:")) return url
  const ws = /packages\/([^/]+)\/src\/(.+)$/.exec(url)
  if (ws !== null) return `@effect-twilio/${ws[1]}/${ws[2]}`
  const bench = /bench\/(.+)$/.exec(url)
  if (bench !== null) return `bench/${bench[1]}`
  return url
}

/** Summarizes a profile: `{ totalMs, top: [...], groups: [...], text }`. */
export const summarizeProfile = (file, top = 25) => {
  const profile = JSON.parse(readFileSync(file, "utf8"))
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map()
  let total = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0
    total += dt
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt)
  }
  const fns = new Map()
  const groups = new Map()
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame
    const name = functionName === "" ? "(anonymous)" : functionName
    const group = groupOf(url, name)
    const key = `${name}  ${group}:${lineNumber + 1}`
    fns.set(key, (fns.get(key) ?? 0) + micros)
    groups.set(group, (groups.get(group) ?? 0) + micros)
  }
  const rank = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, micros]) => ({ name, ms: micros / 1000, pct: (100 * micros) / total }))
  const topFns = rank(fns, top)
  const topGroups = rank(groups, top)
  const line = (r) => `${r.pct.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}`
  const text = [
    `total ${Math.round(total / 1000)} ms sampled`,
    "by function (self time):",
    ...topFns.map(line),
    "by module (self time):",
    ...topGroups.map(line)
  ].join("\n")
  return { totalMs: total / 1000, top: topFns, groups: topGroups, text }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2]
  if (file === undefined) {
    console.error("usage: node bench/profile.mjs file.cpuprofile [top]")
    process.exit(2)
  }
  console.log(summarizeProfile(file, Number(process.argv[3] ?? 30)).text)
}
