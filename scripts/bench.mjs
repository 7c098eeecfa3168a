// `pnpm bench [--quick] [--profile] [--clients=ours,twilio,undici] [--only=requests,roster,cold]`:
// the benchmark lives in bench/ (see bench/harness.mjs); this keeps the root script stable.
import "../bench/harness.mjs"
