/**
 * Workload loops for clients whose calls return Promises (twilio, raw undici): each takes the
 * single operations and returns the loops the runner drives.
 */
import { MODERATOR_LABEL } from "../wire.mjs"

/**
 * Builds the loops from `{ settings, fetch, create, update, roster, list, mute, summary }`:
 * Promise-returning operations (`list` answers the whole roster as `{ callSid, label }` items).
 */
export const promiseLoops = (ops) => {
  const sequential = (op) => async (n, times) => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      await op()
      if (times !== null) times[i] = performance.now() - t0
    }
  }
  return {
    settings: ops.settings,
    seqFetch: sequential(ops.fetch),
    seqCreate: sequential(ops.create),
    seqUpdate: sequential(ops.update),
    // `inflight` workers pull from a shared counter until `total` calls have been made.
    concurrentFetch: async (total, inflight) => {
      let next = 0
      const worker = async () => {
        while (next < total) {
          next++
          await ops.fetch()
        }
      }
      await Promise.all(Array.from({ length: inflight }, worker))
    },
    roster: ops.roster,
    // The whole roster, then everyone but the moderator muted: `Promise.all` over every update, or
    // one after another. `listed` marks the end of the listing for the runner's clock.
    moderate: async (conferenceSid, pageSize, concurrent, listed) => {
      const roster = await ops.list(conferenceSid, pageSize)
      listed()
      const others = roster.filter((p) => p.label !== MODERATOR_LABEL)
      if (concurrent) await Promise.all(others.map((p) => ops.mute(conferenceSid, p.callSid)))
      else for (const p of others) await ops.mute(conferenceSid, p.callSid)
      return others.length
    },
    summary: ops.summary,
    close: ops.close ?? (async () => {})
  }
}
