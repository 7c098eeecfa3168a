#!/usr/bin/env node
// Imports each module named on the command line and prints, one per line, every file of our
// packages that loading them resolved: what a program importing just those pays for at start.
// Run under the source condition with tsx (no build needed):
//   node --conditions=@effect-twilio/source --import tsx scripts/list-imports.mjs @effect-twilio/participants/Participants
// With --third-party first, it prints instead one line `MODULES [...]`: the file URLs of every
// other module they loaded (effect, @effect/platform …), which `pnpm bench` imports before timing ours.
import { register } from "node:module"
import { MessageChannel } from "node:worker_threads"

const HOOKS = `export async function initialize({ port }) { globalThis.port = port }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  globalThis.port.postMessage(resolved.url)
  return resolved
}`

const { port1, port2 } = new MessageChannel()
const urls = new Set()
port1.on("message", (url) => urls.add(url))
register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, {
  data: { port: port2 },
  transferList: [port2]
})
const thirdParty = process.argv[2] === "--third-party"
for (const specifier of process.argv.slice(thirdParty ? 3 : 2)) await import(specifier)
// The hooks run on their own thread: give their last messages time to arrive.
await new Promise((resolve) => setTimeout(resolve, 100))
port1.close()
const ours = /\/packages\/([a-z]+)\/(?:src|dist)\/(.+)$/
if (thirdParty) {
  const files = [...urls].filter((url) => url.startsWith("file:") && !ours.test(url))
  console.log(`MODULES ${JSON.stringify(files)}`)
} else {
  for (const url of [...urls].sort()) {
    const match = ours.exec(url)
    if (match !== null) console.log(`${match[1]}/${match[2]}`)
  }
}
