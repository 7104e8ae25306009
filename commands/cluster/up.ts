import { Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { stateFile, stateFlags } from "../../src/cluster/cli-flags.js";

export default class ClusterUp extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary = "Start a local cluster of cache nodes that speak Redis (RESP) on 127.0.0.1.";
  static override description = [
    "Starts N node processes (detached, logs in .cachelab/logs/), waits until each is ready, writes the cluster's state (pids, ports, password; mode 0600) and prints the endpoints and a redis-cli line. Nodes are named node0 … node<N−1>, as `cachelab placement lookup --nodes N` names them, so the same key lands on the same node.",
    "With --placement slots the nodes speak the Redis Cluster protocol (CLUSTER SLOTS, -MOVED): `redis-cli -c` and ioredis's Cluster client work unchanged. With any other scheme, route through `cachelab proxy` or the library client (cachelab/client).",
    "--replicas R keeps R extra copies of each key. With --placement slots, -n counts every process (a multiple of R+1): the first n/(R+1) are primaries and the others their replicas, to which each primary streams its writes asynchronously; `cluster kill` of a primary promotes its replica. With the other schemes the copies go to the next owners, written asynchronously by the client or proxy. See docs/cluster-ops.md for what can be lost.",
  ].join("\n\n");
  static override examples = [
    "<%= config.bin %> cluster up -n 3 --eviction s3fifo --memory 64MiB --placement slots",
    "<%= config.bin %> cluster up -n 6 --replicas 1 --placement slots",
  ];
  static override flags = {
    ...stateFlags,
    nodes: Flags.integer({ char: "n", description: "node processes", default: 3, min: 1, max: 64 }),
    eviction: Flags.string({ char: "e", description: "eviction policy of every node", default: "s3fifo" }),
    memory: Flags.string({
      char: "m",
      description: "memory limit per node (keys, values, overhead)",
      default: "64MiB",
    }),
    placement: Flags.string({
      char: "p",
      description: "placement scheme: slots (Redis Cluster), ring, jump, rendezvous, maglev, modulo, multiprobe",
      default: "slots",
    }),
    replicas: Flags.integer({ char: "r", description: "extra copies of each key", default: 0, min: 0 }),
    "base-port": Flags.integer({
      description: "node i listens on BASE+i and serves HTTP on BASE+1000+i (default 0: ports chosen by the system)",
      default: 0,
      min: 0,
      max: 64_000,
    }),
    password: Flags.string({ description: "AUTH password of every node ('random' draws one; default: none)" }),
    json: Flags.boolean({ description: "print the cluster state as JSON" }),
  };

  async run() {
    const { flags } = await this.parse(ClusterUp);
    const { up } = await import("../../src/cluster/manager.js");
    const { upText } = await import("../../src/cluster/render.js");
    const path = stateFile(flags);
    const r = await up({
      statePath: path,
      nodes: flags.nodes,
      eviction: flags.eviction,
      memory: flags.memory,
      placement: flags.placement,
      replicas: flags.replicas,
      basePort: flags["base-port"],
      password: flags.password === "random" ? true : flags.password,
    });
    if (!flags.json) process.stdout.write(upText(r.state, path, r.replacedStale));
    return { statePath: path, ...r.state };
  }
}
