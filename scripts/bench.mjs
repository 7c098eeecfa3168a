// `pnpm bench [--quick] [--profile] [--clients=ours,ours-platform,twilio,undici]
// [--only=requests,moderation,roster,cold,serverless] [--against=<commit>]`: the benchmark lives in
// bench/ (see bench/harness.mjs); this keeps the root script stable.
import "../bench/harness.mjs"
