// After `changeset version`: a package that sends its version on the wire keeps it in
// src/internal/version.ts (core's User-Agent); rewrite that file from the package's new version.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"

const packages = new URL("../packages/", import.meta.url)
for (const name of readdirSync(packages)) {
  const file = new URL(`${name}/src/internal/version.ts`, packages)
  const manifest = new URL(`${name}/package.json`, packages)
  if (!existsSync(file) || !existsSync(manifest)) continue
  const { version } = JSON.parse(readFileSync(manifest, "utf8"))
  const before = readFileSync(file, "utf8")
  const after = before.replace(
    /export const version = "[^"]*"/,
    `export const version = ${JSON.stringify(version)}`
  )
  if (after === before) continue
  writeFileSync(file, after)
  console.log(`${name}: src/internal/version.ts now says ${version}`)
}
