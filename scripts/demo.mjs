// Placeholder until the demo issue lands: says so plainly and exits non-zero-free.
console.log("effect-twilio demo: not built yet. The roster session against the embedded simulator is coming.")
