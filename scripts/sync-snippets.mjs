// Rewrites every README code block marked `<!-- snippet: path -->` (whole-file snippets only) from
// the file it names, so an example change needs one edit. The snippet test checks the result.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"

const readmes = [
  "README.md",
  ...readdirSync("packages")
    .map((name) => `packages/${name}/README.md`)
    .filter((path) => existsSync(path))
]
for (const readme of readmes) {
  const text = readFileSync(readme, "utf8")
  const synced = text.replace(
    /(<!-- snippet: ([^#\s]+) -->\n```(\w*)\n)([\s\S]*?)(```)/g,
    (_all, head, path, _lang, _body, tail) =>
      `${head}${readFileSync(path, "utf8").replace(/\n?$/, "\n")}${tail}`
  )
  if (synced !== text) {
    writeFileSync(readme, synced)
    console.log(`synced ${readme}`)
  }
}
