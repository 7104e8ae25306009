import { Flags } from "@oclif/core";
import { BaseCommand } from "../src/cli/base-command.js";
import { NODE_DEFAULTS } from "../src/cluster/node/options.js";

export default class Node extends BaseCommand {
  static override summary =
    "Run one cache node in the foreground: a Redis-compatible server with a cachelab eviction policy inside.";
  static override description =
    `Speaks RESP2/RESP3 (redis-cli, ioredis and redis-benchmark work unchanged), holds at most --memory bytes (keys + values + 64 B per entry) and evicts with the same policy modules as the simulator. A second port serves /v1/keys/:key, /metrics and /healthz. With --topology it speaks the Redis Cluster protocol (CLUSTER SLOTS, -MOVED). Prints one JSON line when listening; SIGTERM or Ctrl-C shuts it down gracefully. Run it as: cachelab node --port 6380 --memory 64MiB --eviction s3fifo. See docs/node.md.`;
  // each example runs in the examples test: --check starts the node, prints its ready line and stops
  static override examples = [
    "<%= config.bin %> node --port 0 --memory 64MiB --eviction s3fifo --check",
    "<%= config.bin %> node --port 0 --http-port -1 --eviction sieve --name cache-a --check",
  ];
  static override flags = {
    port: Flags.integer({ description: "RESP port (0 = any free port)", default: NODE_DEFAULTS.port }),
    "http-port": Flags.integer({
      description: "HTTP port (0 = any free port, -1 = none)",
      default: NODE_DEFAULTS.httpPort,
    }),
    bind: Flags.string({
      description: "address to listen on (not loopback: needs --password)",
      default: NODE_DEFAULTS.bind,
    }),
    memory: Flags.string({ description: "maxmemory: keys + values + 64 B per entry", default: NODE_DEFAULTS.memory }),
    eviction: Flags.string({
      description: "eviction policy (cachelab policies), with parameters",
      default: NODE_DEFAULTS.eviction,
    }),
    name: Flags.string({ description: "node name (INFO, metrics, topology)", default: NODE_DEFAULTS.name }),
    topology: Flags.string({ description: "Redis Cluster mode: topology JSON file or text (SIGHUP reloads the file)" }),
    password: Flags.string({ description: "require AUTH (or set CACHELAB_NODE_PASSWORD)" }),
    "max-clients": Flags.integer({ description: "connections at once", default: NODE_DEFAULTS.maxClients }),
    "max-key": Flags.string({ description: "longest key", default: NODE_DEFAULTS.maxKey }),
    "max-value": Flags.string({ description: "longest value (proto-max-bulk-len)", default: NODE_DEFAULTS.maxValue }),
    "max-multibulk": Flags.integer({
      description: "most arguments in one command",
      default: NODE_DEFAULTS.maxMultibulk,
    }),
    "max-query-buffer": Flags.string({
      description: "unparsed bytes a client may hold",
      default: NODE_DEFAULTS.maxQueryBuffer,
    }),
    hz: Flags.integer({ description: "active expiry cycles per second", default: NODE_DEFAULTS.hz }),
    check: Flags.boolean({ description: "start, print the ready line, and stop (checks flags, policy and ports)" }),
  };

  async run(): Promise<void> {
    const { flags: f } = await this.parse(Node);
    const { runNode } = await import("../src/cluster/node/run.js");
    await runNode(
      {
        port: f.port,
        httpPort: f["http-port"],
        bind: f.bind,
        memory: f.memory,
        eviction: f.eviction,
        name: f.name,
        topology: f.topology,
        password: f.password,
        maxClients: f["max-clients"],
        maxKey: f["max-key"],
        maxValue: f["max-value"],
        maxMultibulk: f["max-multibulk"],
        maxQueryBuffer: f["max-query-buffer"],
        hz: f.hz,
        check: f.check,
      },
      (line) => process.stdout.write(`${line}\n`),
    );
  }
}
