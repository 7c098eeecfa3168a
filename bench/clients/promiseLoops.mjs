/**
 * Workload loops for clients whose calls return Promises (twilio, raw undici): each takes the
 * single operations and returns the loops the runner drives.
 */

/** Builds the loops from `{ fetch, create, update, roster, summary }` Promise-returning operations. */
export const promiseLoops = (ops) => {
  const sequential = (op) => async (n, times) => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      await op()
      if (times !== null) times[i] = performance.now() - t0
    }
  }
  return {
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
    summary: ops.summary,
    close: ops.close ?? (async () => {})
  }
}
