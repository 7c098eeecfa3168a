#!/usr/bin/env node
// The `fake-twilio` command. It lives outside dist/ so that the bin exists before a build (a
// workspace install links it); the command itself is the compiled src/bin.ts.
import "../dist/bin.js"
