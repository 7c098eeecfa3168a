import { assert, describe, it } from "@effect/vitest"
import { Resource } from "@effect-twilio/core"

const { showValue } = Resource

import * as fc from "fast-check"

describe("showValue", () => {
  it("renders what JSON cannot carry without throwing", () => {
    const cycle: { self?: unknown } = {}
    cycle.self = cycle
    const bare = Object.assign(Object.create(null), { n: 1n })
    assert.strictEqual(showValue(12n), "12n")
    assert.strictEqual(showValue(bare), "[object Object]")
    assert.strictEqual(showValue(cycle), "[object Object]")
    assert.strictEqual(showValue(undefined), "undefined")
    assert.strictEqual(showValue("a\nb"), '"a\\nb"')
  })

  it("is one line of at most 81 characters for any value", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.bigInt(), fc.string({ maxLength: 300 })), (value) => {
        const text = showValue(value)
        assert.isAtMost(text.length, 81)
        assert.notInclude(text, "\n")
      })
    )
  })
})
