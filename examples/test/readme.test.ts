/**
 * Every TypeScript snippet in the README is a copy of code that CI type-checks (and, for the
 * testing snippet, runs): a `<!-- snippet: path#region -->` marker names the file and region,
 * and the fenced block under it must equal that region.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"

const root = new URL("../../", import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), "utf8")

/** The text between `// #region name` and the next `// #endregion`, without its common indentation. */
const region = (source: string, name: string): string => {
  const lines = source.split("\n")
  const start = lines.findIndex((line) => line.trim() === `// #region ${name}`)
  assert.isAtLeast(start, 0, `no "// #region ${name}"`)
  const end = lines.findIndex((line, i) => i > start && line.trim() === "// #endregion")
  assert.isAbove(end, start, `"// #region ${name}" is not closed`)
  const body = lines.slice(start + 1, end)
  const indent = Math.min(...body.filter((line) => line.trim() !== "").map((line) => line.search(/\S/)))
  return body.map((line) => line.slice(indent)).join("\n")
}

interface Snippet {
  readonly source: string
  readonly region: string | undefined
  readonly code: string
}

const MARKED_BLOCK = /<!-- snippet: ([^#\s]+)(?:#([\w-]+))? -->\n```ts\n([\s\S]*?)\n```/g

/** The marked blocks of one Markdown file. */
const snippetsOf = (markdown: string): ReadonlyArray<Snippet> =>
  [...markdown.matchAll(MARKED_BLOCK)].map((match) => ({
    source: match[1] ?? "",
    region: match[2],
    code: match[3] ?? ""
  }))

const checkSnippets = (markdown: string, snippets: ReadonlyArray<Snippet>) => {
  it("every ts block is marked with the file it comes from", () => {
    const tsBlocks = markdown.match(/^```ts$/gm) ?? []
    assert.strictEqual(snippets.length, tsBlocks.length, "a ```ts block without a <!-- snippet: … --> marker")
  })

  for (const snippet of snippets) {
    const name = snippet.region === undefined ? snippet.source : `${snippet.source}#${snippet.region}`
    it(`${name} matches its source`, () => {
      assert.match(snippet.source, /^examples\//, "snippets come from files that tsc -p examples checks")
      const source = read(snippet.source)
      const expected = snippet.region === undefined ? source : region(source, snippet.region)
      assert.strictEqual(snippet.code.trim(), expected.trim())
    })
  }
}

const readme = read("README.md")

describe("README snippets", () => {
  const snippets = snippetsOf(readme)
  it("the README has its snippets", () => {
    assert.isAbove(snippets.length, 5)
  })
  checkSnippets(readme, snippets)
})

// Each package's own README (what npm shows) has an example from examples/ too.
const packageReadmes = readdirSync(new URL("packages/", root))
  .map((name) => `packages/${name}/README.md`)
  .filter((path) => existsSync(new URL(path, root)))

for (const path of packageReadmes) {
  describe(`${path} snippets`, () => {
    const markdown = read(path)
    const snippets = snippetsOf(markdown)
    it("has an example", () => {
      assert.isAtLeast(snippets.length, 1)
    })
    checkSnippets(markdown, snippets)
  })
}
