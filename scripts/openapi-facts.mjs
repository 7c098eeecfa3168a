#!/usr/bin/env node
// Extracts the machine-checkable facts of the Participant and Conference operations from Twilio's
// OpenAPI slice (names, locations, types, enums, patterns, ranges, required flags) into
// packages/participants/openapi-facts.json and packages/conferences/openapi-facts.json, which the
// schema coverage tests read.
// Descriptions are not copied; only value lists and ranges written inside them are kept, as data.
//
// Usage: node scripts/openapi-facts.mjs [path/to/twilio_api_v2010.conference-participants.json]
// (default: ../shared/openapi/twilio_api_v2010.conference-participants.json, relative to the repo root)
import { readFileSync, writeFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const sliceArg = process.argv[2] ?? "../shared/openapi/twilio_api_v2010.conference-participants.json"
const slicePath = resolve(root, sliceArg)

const spec = JSON.parse(readFileSync(slicePath, "utf8"))

const deref = (schema) => {
  if (schema && typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "")
    return spec.components.schemas[name]
  }
  return schema
}

// Value lists ("Can be: `a`, `b` or `c`") and numeric ranges written in a description, as data.
const documented = (description) => {
  if (typeof description !== "string") return undefined
  const out = {}
  const range =
    /between `?(\d+)`? and `?(\d+)\b`?(?!\s*characters)/.exec(description) ??
    /from `(\d+)` to `(\d+)`/.exec(description) ??
    /Possible Values: (\d+)-(\d+)/.exec(description)
  if (range) {
    out.minimum = Number(range[1])
    out.maximum = Number(range[2])
  }
  const length = /between (\d+) and (\d+) characters/.exec(description)
  if (length) {
    out.minLength = Number(length[1])
    out.maxLength = Number(length[2])
  }
  const canBe = /Can be:?\s*(.*?)(?:\.\s|\.$|$)/.exec(description)
  if (canBe && !range) {
    const clause = canBe[1].split(/\s(?:and\s)?(?:the\s)?defaults?\b/)[0]
    const values = [...clause.matchAll(/`([^`]+)`/g)].map((m) => m[1])
    if (values.length > 0) out.values = [...new Set(values)]
  }
  return Object.keys(out).length === 0 ? undefined : out
}

const pick = (schema, keys) => {
  const out = {}
  for (const key of keys) if (schema[key] !== undefined) out[key] = schema[key]
  return out
}

const SCHEMA_KEYS = ["type", "format", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum"]

const describeSchema = (raw) => {
  const schema = deref(raw) ?? {}
  const out = pick(schema, SCHEMA_KEYS)
  if (schema.type === "array" && schema.items) out.items = pick(deref(schema.items), SCHEMA_KEYS)
  return out
}

const parameterFacts = (operation) => {
  const params = []
  for (const p of operation.parameters ?? []) {
    const facts = { name: p.name, in: p.in, ...describeSchema(p.schema), required: p.required === true }
    const doc = documented(p.description)
    if (doc) facts.documented = doc
    params.push(facts)
  }
  const form = operation.requestBody?.content?.["application/x-www-form-urlencoded"]?.schema
  if (form) {
    const required = new Set(form.required ?? [])
    for (const [name, schema] of Object.entries(form.properties ?? {})) {
      const facts = { name, in: "form", ...describeSchema(schema), required: required.has(name) }
      const doc = documented(schema.description)
      if (doc) facts.documented = doc
      params.push(facts)
    }
  }
  return params
}

const propertyFacts = (schema) =>
  Object.entries(deref(schema).properties ?? {}).map(([name, raw]) => {
    const target = deref(raw)
    return { name, ...describeSchema(raw), nullable: raw.nullable === true || target.nullable === true }
  })

/** The facts of `operationIds`, and the list response schema of `listId`. */
const operationFacts = (operationIds, listId) => {
  const operations = {}
  let listResponse
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ["get", "post", "delete"]) {
      const operation = item[method]
      if (!operation || !operationIds.includes(operation.operationId)) continue
      operations[operation.operationId] = {
        method: method.toUpperCase(),
        path,
        parameters: parameterFacts(operation)
      }
      if (operation.operationId === listId) {
        listResponse = operation.responses["200"].content["application/json"].schema
      }
    }
  }
  return { operations: Object.fromEntries(operationIds.map((id) => [id, operations[id]])), listResponse }
}

/** The list response's properties, with the item array reduced to its name and nullability. */
const pageFacts = (listResponse, itemsName) =>
  propertyFacts(listResponse).map((p) =>
    p.name === itemsName ? { name: p.name, type: "array", nullable: p.nullable } : p
  )

const write = (relative, facts) => {
  writeFileSync(resolve(root, relative), `${JSON.stringify(facts, null, 2)}\n`)
  console.log(`wrote ${relative}`)
}

const participants = operationFacts(
  ["CreateParticipant", "FetchParticipant", "UpdateParticipant", "DeleteParticipant", "ListParticipant"],
  "ListParticipant"
)
write("packages/participants/openapi-facts.json", {
  source: sliceArg.split("/").pop(),
  operations: participants.operations,
  resources: {
    participant: {
      properties: propertyFacts(spec.components.schemas["api.v2010.account.conference.participant"])
    },
    participantPage: { properties: pageFacts(participants.listResponse, "participants") }
  }
})

const conferences = operationFacts(
  ["FetchConference", "UpdateConference", "ListConference"],
  "ListConference"
)
write("packages/conferences/openapi-facts.json", {
  source: sliceArg.split("/").pop(),
  operations: conferences.operations,
  resources: {
    conference: { properties: propertyFacts(spec.components.schemas["api.v2010.account.conference"]) },
    conferencePage: { properties: pageFacts(conferences.listResponse, "conferences") }
  }
})
