// Placeholder until the benchmark issue lands.
console.log("effect-twilio bench: not built yet.")
