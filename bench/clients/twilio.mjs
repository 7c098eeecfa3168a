/**
 * The official `twilio` package, unpatched. It is pointed at the loopback server through its public
 * `httpClient` option: a subclass of its own exported `RequestClient` that rewrites the
 * `https://api.twilio.com` origin to the loopback origin and otherwise sends exactly what twilio
 * sends (axios, qs, its headers). Over plain http the SDK's keep-alive https agent does not apply,
 * so an http agent with the same options it gives that https agent takes its place.
 */
import http from "node:http"
import twilio from "twilio"
import { ACCOUNT_SID, AUTH_TOKEN, CALL_SID, CONFERENCE_SID, CREATE, MUTE, UPDATE } from "../wire.mjs"
import { promiseLoops } from "./promiseLoops.mjs"

const TWILIO_ORIGIN = "https://api.twilio.com"

class LoopbackRequestClient extends twilio.RequestClient {
  constructor(origin) {
    super({ keepAlive: true })
    this.origin = origin
    // The options twilio's RequestClient gives its https.Agent by default.
    this.axios.defaults.httpAgent = new http.Agent({
      keepAlive: true,
      timeout: 30_000,
      maxSockets: 20,
      maxTotalSockets: 100,
      maxFreeSockets: 5
    })
  }
  request(opts) {
    if (!opts.uri.startsWith(TWILIO_ORIGIN)) throw new Error(`unexpected origin: ${opts.uri}`)
    return super.request({ ...opts, uri: this.origin + opts.uri.slice(TWILIO_ORIGIN.length) })
  }
}

export const make = async ({ origin }) => {
  const httpClient = new LoopbackRequestClient(origin)
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient, autoRetry: false })
  const participants = client.conferences(CONFERENCE_SID).participants
  const agent = httpClient.axios.defaults.httpAgent
  return promiseLoops({
    settings: () =>
      "as `twilio(sid, token)` makes it (autoRetry off, its default; 30 s request timeout); over http its " +
      "axios gets an `http.Agent` with the options its `RequestClient` gives its https one: keep-alive, " +
      `maxSockets ${agent.maxSockets} per host, maxTotalSockets ${agent.maxTotalSockets}, ` +
      `maxFreeSockets ${agent.maxFreeSockets}, socket timeout ${agent.options.timeout / 1000} s, no pipelining`,
    fetch: () => participants(CALL_SID).fetch(),
    create: () => participants.create(CREATE),
    update: () => participants(CALL_SID).update(UPDATE),
    // `each` is twilio's streaming form: it holds one page at a time (`list` would buffer the roster).
    roster: async (conferenceSid, pageSize) => {
      let count = 0
      await client.conferences(conferenceSid).participants.each({ pageSize }, (p) => {
        if (p.callSid !== null) count++
      })
      return count
    },
    // `list` pages through the whole roster (every page requested with `pageSize`).
    list: async (conferenceSid, pageSize) =>
      (await client.conferences(conferenceSid).participants.list({ pageSize })).map((p) => ({
        callSid: p.callSid,
        label: p.label
      })),
    mute: (conferenceSid, callSid) => client.conferences(conferenceSid).participants(callSid).update(MUTE),
    summary: async () => {
      const p = await participants(CALL_SID).fetch()
      return { callSid: p.callSid, status: p.status, muted: p.muted, dateCreated: p.dateCreated.getTime() }
    },
    close: async () => agent.destroy()
  })
}
