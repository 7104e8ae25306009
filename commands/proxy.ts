import { Flags } from "@oclif/core";
import { BaseCommand } from "../src/cli/base-command.js";
import { stateFile, stateFlags } from "../src/cluster/cli-flags.js";

export default class ProxyCommand extends BaseCommand {
  static override summary =
    "One RESP endpoint for the whole cluster: routes each key by the placement scheme (as twemproxy and mcrouter do).";
  static override description = [
    "Any Redis client can then use every node: keyed commands go to the key's owners (writes copied to replicas, reads failing over), MGET/MSET/DEL/EXISTS are split per node and merged, DBSIZE and FLUSHALL go to every node. The proxy follows the state file: `cluster add`, `remove` and `deploy` switch it atomically.",
    "Runs until Ctrl-C or SIGTERM; --detach runs it in the background instead (log in .cachelab/logs/proxy.log) and returns once it listens. It records itself in the cluster state, so `cluster down` stops it too. --json prints one ready line {ready, pid, port} instead of the banner.",
  ].join("\n\n");
  static override examples = ["<%= config.bin %> proxy --port 0 --detach"];
  static override flags = {
    ...stateFlags,
    port: Flags.integer({
      description: "port to listen on (0: chosen by the system)",
      default: 6380,
      min: 0,
      max: 65_535,
    }),
    timeout: Flags.integer({
      description: "ms a node may take per command before the next owner is asked",
      default: 500,
      min: 1,
    }),
    detach: Flags.boolean({ description: "run in the background; print the endpoint and return" }),
    json: Flags.boolean({ description: "print one JSON ready line" }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ProxyCommand);
    const path = stateFile(flags);
    if (flags.detach) {
      const { detachProxy } = await import("../src/cluster/proxy-process.js");
      const r = await detachProxy({ statePath: path, port: flags.port, timeoutMs: flags.timeout });
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ ready: true, name: "proxy", pid: r.pid, port: r.port })}\n`
          : `proxy on 127.0.0.1:${r.port} (pid ${r.pid}, log ${r.log}); try: redis-cli -p ${r.port}; cachelab cluster down stops it\n`,
      );
      return;
    }
    const { runProxy } = await import("../src/cluster/proxy-process.js");
    await runProxy({ statePath: path, port: flags.port, timeoutMs: flags.timeout, json: flags.json });
  }
}
