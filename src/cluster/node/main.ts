// The cache node's process entry, as `cachelab cluster` spawns it:
//
//   node dist/src/cluster/node/main.js --port 0 --http-port 0 --memory 64MiB --eviction s3fifo \
//     [--name node-1] [--topology FILE] [--password P] [--bind 127.0.0.1]
//
// prints ONE JSON line on stdout when listening — {"ready":true,"name":…,"pid":…,"port":…,"httpPort":…}
// (port 0 = a free port; the real one is in the line) — and nothing else on stdout. Bad flags: one
// line on stderr, exit 2. SIGTERM: graceful shutdown, exit 0. `--help` prints the flags (options.ts).
import { CliError } from "../../core/errors.js";
import { NODE_USAGE, parseNodeArgs } from "./options.js";
import { runNode } from "./run.js";

async function main(): Promise<void> {
  const flags = parseNodeArgs(process.argv.slice(2));
  if (flags === null) {
    process.stdout.write(`${NODE_USAGE}\n`);
    return;
  }
  await runNode(flags, (line) => process.stdout.write(`${line}\n`));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const code = e instanceof CliError ? e.exitCode : 1;
    process.stderr.write(`cachelab node: ${e instanceof CliError ? e.message : ((e as Error).stack ?? String(e))}\n`);
    process.exit(code);
  },
);
