/**
 * A loopback Twilio stand-in for the benchmark: speaks the Conference Participants wire format
 * from prebuilt buffers so it never dominates a measurement, checks Basic auth, and keeps a
 * request log (counts per method and path template, form bodies, list queries) that the harness
 * reads over IPC after each client run.
 *
 * Run with `child_process.fork`; it answers `{ type: "ready", port }`, then serves until it gets
 * `{ type: "stop" }` or its parent goes away.
 */
import { createServer } from "node:http"
import {
  ACCOUNT_PATH,
  ACCOUNT_SID,
  AUTHORIZATION,
  CALL_SID,
  CONFERENCE_SID,
  formSignature,
  hex32,
  ITEM_TEMPLATE,
  LIST_TEMPLATE,
  MODERATOR_LABEL,
  rosterCallSid,
  rosterSizeOf
} from "./wire.mjs"

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
const pad = (n) => (n < 10 ? `0${n}` : `${n}`)
/** RFC 2822 as Twilio writes it: `Fri, 18 Feb 2011 21:07:19 +0000`. */
const rfc2822 = (millis) => {
  const d = new Date(millis)
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(
    d.getUTCHours()
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
}

const STATUSES = ["connected", "connected", "connected", "ringing", "queued", "connecting"]
const BASE_TIME = Date.UTC(2011, 1, 18, 21, 7, 19)

/** One participant object, in the key order Twilio uses. */
const participant = (conferenceSid, callSid, i, extra = {}) => ({
  account_sid: ACCOUNT_SID,
  call_sid: callSid,
  label: i % 3 === 0 ? null : `agent-${i}`,
  call_sid_to_coach: i % 7 === 0 ? `CA${hex32(i + 1)}` : null,
  coaching: i % 7 === 0,
  conference_sid: conferenceSid,
  date_created: rfc2822(BASE_TIME + i * 1000),
  date_updated: rfc2822(BASE_TIME + i * 1000 + 5000),
  end_conference_on_exit: i % 5 === 0,
  muted: i % 2 === 0,
  hold: i % 11 === 0,
  status: STATUSES[i % STATUSES.length],
  start_conference_on_enter: true,
  queue_time: null,
  uri: `${ACCOUNT_PATH}/Conferences/${conferenceSid}/Participants/${callSid}.json`,
  ...extra
})

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" }

const FETCHED = Buffer.from(JSON.stringify(participant(CONFERENCE_SID, CALL_SID, 1, { label: "customer" })))
const CREATED = Buffer.from(
  JSON.stringify(
    participant(CONFERENCE_SID, CALL_SID, 1, { label: "customer", status: "queued", queue_time: "0" })
  )
)
const UPDATED = Buffer.from(
  JSON.stringify(participant(CONFERENCE_SID, CALL_SID, 1, { label: "customer", muted: true, hold: false }))
)
const notFound = (path) =>
  Buffer.from(
    JSON.stringify({
      code: 20404,
      message: `The requested resource ${path} was not found`,
      more_info: "https://www.twilio.com/docs/errors/20404",
      status: 404
    })
  )
const UNAUTHORIZED = Buffer.from(
  JSON.stringify({
    code: 20003,
    message: "Authenticate",
    more_info: "https://www.twilio.com/docs/errors/20003",
    status: 401
  })
)

/** The n-th participant of a roster conference; the first is its moderator. */
const rosterParticipant = (conferenceSid, n, extra = {}) =>
  participant(conferenceSid, rosterCallSid(n), n, {
    ...(n === 0 ? { label: MODERATOR_LABEL, end_conference_on_exit: true } : {}),
    ...extra
  })

// Item arrays are prebuilt per (conference, page size, item count, variant); a roster page reuses
// one of a few variants so a million-participant roster costs a few megabytes, not gigabytes.
// Conferences within Twilio's real sizes get every participant distinct (a moderation mutes each).
const VARIANTS = 4
const DISTINCT_UP_TO = 1000
const itemsCache = new Map()
const itemsBuffer = (conferenceSid, size, pageSize, count, page) => {
  const variant = size <= DISTINCT_UP_TO ? page : page % VARIANTS
  const key = `${conferenceSid}|${pageSize}|${count}|${variant}`
  let buf = itemsCache.get(key)
  if (buf === undefined) {
    const parts = []
    for (let i = 0; i < count; i++) {
      parts.push(JSON.stringify(rosterParticipant(conferenceSid, variant * pageSize + i)))
    }
    buf = Buffer.from(parts.join(","))
    if (itemsCache.size > 64) itemsCache.clear()
    itemsCache.set(key, buf)
  }
  return buf
}

const OPEN = Buffer.from('{"participants":[')

const listPage = (conferenceSid, query) => {
  const size = rosterSizeOf(conferenceSid)
  const pageSize = Math.min(Math.max(Number(query.get("PageSize") ?? "50") || 50, 1), 1000)
  const page = Math.max(Number(query.get("Page") ?? "0") || 0, 0)
  const token = query.get("PageToken")
  if (page > 0 && token !== `PA${hex32(page)}`) return undefined
  const start = Math.min(page * pageSize, size)
  const end = Math.min(start + pageSize, size)
  const base = `${ACCOUNT_PATH}/Conferences/${conferenceSid}/Participants.json`
  const uri = (p) =>
    p === 0
      ? `${base}?PageSize=${pageSize}&Page=0`
      : `${base}?PageSize=${pageSize}&Page=${p}&PageToken=PA${hex32(p)}`
  const meta = {
    first_page_uri: uri(0),
    end: end === start ? 0 : end - 1,
    previous_page_uri: page === 0 ? null : uri(page - 1),
    uri: uri(page),
    page_size: pageSize,
    start,
    next_page_uri: end < size ? uri(page + 1) : null,
    page
  }
  const items = end > start ? itemsBuffer(conferenceSid, size, pageSize, end - start, page) : Buffer.alloc(0)
  return [OPEN, items, Buffer.from(`],${JSON.stringify(meta).slice(1)}`)]
}

// The request log: per "METHOD template", a count plus the form bodies and list queries seen.
let log = new Map()
let anomalies = []
const record = (key, detail) => {
  let entry = log.get(key)
  if (entry === undefined) {
    entry = { count: 0, details: new Map() }
    log.set(key, entry)
  }
  entry.count++
  if (detail !== undefined) entry.details.set(detail, (entry.details.get(detail) ?? 0) + 1)
}
const anomaly = (text) => {
  if (anomalies.length < 20) anomalies.push(text)
}

// An updated roster participant's answer, per path (a moderation mutes the same 249 again and again).
const rosterUpdates = new Map()
const rosterUpdated = (path, conferenceSid, n) => {
  let buf = rosterUpdates.get(path)
  if (buf === undefined) {
    buf = Buffer.from(JSON.stringify(rosterParticipant(conferenceSid, n, { muted: true })))
    if (rosterUpdates.size > 2 * DISTINCT_UP_TO) rosterUpdates.clear()
    rosterUpdates.set(path, buf)
  }
  return buf
}

const ROSTER_CALL_SID = /^CA0{23}1[0-9a-f]{8}$/

const ITEM = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Conferences\/([^/]+)\/Participants\/([^/]+)\.json$/
const LIST = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Conferences\/([^/]+)\/Participants\.json$/

const send = (res, status, chunks) => {
  let length = 0
  for (const c of chunks) length += c.length
  res.writeHead(status, { ...JSON_HEADERS, "content-length": length })
  if (chunks.length === 1) res.end(chunks[0])
  else {
    res.cork()
    for (let i = 0; i < chunks.length - 1; i++) res.write(chunks[i])
    res.end(chunks[chunks.length - 1])
  }
}

const handle = (req, res, body) => {
  const q = req.url.indexOf("?")
  const path = q === -1 ? req.url : req.url.slice(0, q)
  const query = new URLSearchParams(q === -1 ? "" : req.url.slice(q + 1))
  if (req.headers.authorization !== AUTHORIZATION) {
    record(`${req.method} UNAUTHORIZED`)
    anomaly(`bad auth on ${req.method} ${path}`)
    return send(res, 401, [UNAUTHORIZED])
  }
  let m = ITEM.exec(path)
  if (
    m !== null &&
    m[1] === ACCOUNT_SID &&
    m[2] !== CONFERENCE_SID &&
    req.method === "POST" &&
    /^CF[0-9a-f]{32}$/.test(m[2]) &&
    ROSTER_CALL_SID.test(m[3])
  ) {
    // An update of a roster participant: logged per participant, so the harness can check that
    // each was muted as often as it should be and the moderator never.
    const n = Number.parseInt(m[3].slice(2), 16) - 0x100000000
    if (n < rosterSizeOf(m[2])) {
      record(`POST ${ITEM_TEMPLATE}`, `${m[3]} ${formSignature(body)}`)
      return send(res, 200, [rosterUpdated(path, m[2], n)])
    }
  }
  if (m !== null && m[1] === ACCOUNT_SID && m[2] === CONFERENCE_SID) {
    const participantRef = decodeURIComponent(m[3])
    if (participantRef !== CALL_SID && participantRef !== "customer") {
      record(`${req.method} ${ITEM_TEMPLATE} (unknown participant)`)
      return send(res, 404, [notFound(path)])
    }
    if (req.method === "GET") {
      record(`GET ${ITEM_TEMPLATE}`)
      return send(res, 200, [FETCHED])
    }
    if (req.method === "POST") {
      record(`POST ${ITEM_TEMPLATE}`, formSignature(body))
      if (!String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded"))
        anomaly(`update content-type ${req.headers["content-type"]}`)
      return send(res, 200, [UPDATED])
    }
    if (req.method === "DELETE") {
      record(`DELETE ${ITEM_TEMPLATE}`)
      res.writeHead(204)
      return res.end()
    }
  }
  m = LIST.exec(path)
  if (m !== null && m[1] === ACCOUNT_SID) {
    const conferenceSid = decodeURIComponent(m[2])
    if (req.method === "POST" && conferenceSid === CONFERENCE_SID) {
      record(`POST ${LIST_TEMPLATE}`, formSignature(body))
      if (!String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded"))
        anomaly(`create content-type ${req.headers["content-type"]}`)
      return send(res, 201, [CREATED])
    }
    if (req.method === "GET" && /^CF[0-9a-f]{32}$/.test(conferenceSid)) {
      const chunks = listPage(conferenceSid, query)
      if (chunks !== undefined) {
        // The query keys (not values) show whether a client asked for the page size it wanted.
        const keys = [...query.keys()].sort().join(",")
        record(`GET ${LIST_TEMPLATE}`, `${keys} PageSize=${query.get("PageSize")}`)
        return send(res, 200, chunks)
      }
    }
  }
  record(`${req.method} (no route)`, path)
  anomaly(`no route: ${req.method} ${req.url}`)
  return send(res, 404, [notFound(path)])
}

// Connections since the last log: how many were opened, and the most open at once.
let connections = { opened: 0, open: 0, peak: 0 }

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  if (req.method === "POST") {
    const chunks = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")))
  } else {
    handle(req, res, "")
    req.resume()
  }
})
server.on("connection", (socket) => {
  const counts = connections
  counts.opened++
  counts.open++
  if (counts.open > counts.peak) counts.peak = counts.open
  socket.once("close", () => {
    counts.open--
  })
})
server.maxRequestsPerSocket = 0
server.headersTimeout = 60_000
server.requestTimeout = 120_000

const snapshot = () => {
  const out = {}
  for (const [key, entry] of log)
    out[key] = { count: entry.count, details: Object.fromEntries(entry.details) }
  return out
}

let cpuMark = process.cpuUsage()
process.on("message", (message) => {
  if (message?.type === "log") {
    const cpu = process.cpuUsage(cpuMark)
    process.send({
      type: "log",
      id: message.id,
      log: snapshot(),
      anomalies,
      connections: { opened: connections.opened, peak: connections.peak },
      cpuMicros: cpu.user + cpu.system
    })
    log = new Map()
    anomalies = []
    // Sockets of the last client (gone by now, or closing) no longer count.
    connections = { opened: 0, open: 0, peak: 0 }
    cpuMark = process.cpuUsage()
  } else if (message?.type === "stop") {
    server.closeAllConnections()
    server.close(() => process.exit(0))
  }
})
// The harness is the only reason to live: leave when it does.
process.on("disconnect", () => process.exit(0))

server.listen(0, "127.0.0.1", () => {
  process.send({ type: "ready", port: server.address().port })
})
