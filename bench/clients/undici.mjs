/**
 * The practical floor: raw undici (one `Pool` to the origin) and `JSON.parse`, no validation,
 * no date parsing, no retries. What any client has to pay at least.
 */
import { Pool } from "undici"
import { ACCOUNT_PATH, AUTHORIZATION, CALL_SID, CONFERENCE_SID, CREATE, MUTE, UPDATE } from "../wire.mjs"
import { promiseLoops } from "./promiseLoops.mjs"

const pascal = (key) => key[0].toUpperCase() + key.slice(1)
/** Form body the way a hand-written client would build it. */
const form = (params) => {
  const out = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const item of value) out.append(pascal(key), String(item))
    else out.append(pascal(key), String(value))
  }
  return out.toString()
}

export const make = async ({ origin }) => {
  // What `new Pool(origin)` gives: no connection limit, undici's keep-alive, pipelining 1.
  const pool = new Pool(origin)
  const headers = { authorization: AUTHORIZATION, accept: "application/json" }
  const formHeaders = { ...headers, "content-type": "application/x-www-form-urlencoded" }
  const itemOf = (conferenceSid, callSid) =>
    `${ACCOUNT_PATH}/Conferences/${conferenceSid}/Participants/${callSid}.json`
  const itemPath = itemOf(CONFERENCE_SID, CALL_SID)
  const listPath = (conferenceSid) => `${ACCOUNT_PATH}/Conferences/${conferenceSid}/Participants.json`

  const call = async (method, path, body) => {
    const res = await pool.request({
      method,
      path,
      headers: body === undefined ? headers : formHeaders,
      ...(body === undefined ? {} : { body })
    })
    const text = await res.body.text()
    if (res.statusCode < 200 || res.statusCode > 299)
      throw new Error(`${method} ${path}: ${res.statusCode} ${text}`)
    return JSON.parse(text)
  }

  /** Every page of a roster, following `next_page_uri`, `visit` called with each page's items. */
  const pages = async (conferenceSid, pageSize, visit) => {
    let path = `${listPath(conferenceSid)}?PageSize=${pageSize}`
    for (let pages = 0; path !== null && pages < 100_000; pages++) {
      const page = await call("GET", path)
      visit(page.participants)
      path = page.next_page_uri
    }
  }

  return promiseLoops({
    settings: () =>
      "one undici `Pool` to the origin with its defaults (`new Pool(origin)`): no connection limit, " +
      "keep-alive (4 s idle), pipelining 1; `JSON.parse`, no validation, no retries, no timeout",
    fetch: () => call("GET", itemPath),
    create: () => call("POST", `${listPath(CONFERENCE_SID)}`, form(CREATE)),
    update: () => call("POST", itemPath, form(UPDATE)),
    roster: async (conferenceSid, pageSize) => {
      let count = 0
      await pages(conferenceSid, pageSize, (items) => {
        for (const p of items) if (p.call_sid !== null) count++
      })
      return count
    },
    list: async (conferenceSid, pageSize) => {
      const roster = []
      await pages(conferenceSid, pageSize, (items) => {
        for (const p of items) roster.push({ callSid: p.call_sid, label: p.label })
      })
      return roster
    },
    mute: (conferenceSid, callSid) => call("POST", itemOf(conferenceSid, callSid), form(MUTE)),
    summary: async () => {
      const p = await call("GET", itemPath)
      return {
        callSid: p.call_sid,
        status: p.status,
        muted: p.muted,
        dateCreated: Date.parse(p.date_created)
      }
    },
    close: () => pool.close()
  })
}
