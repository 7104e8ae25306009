import { Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { stateFile, stateFlags } from "../../src/cluster/cli-flags.js";

export default class ClusterTop extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary =
    "Live dashboard of the cluster: ops/s, hit ratio, p99, memory, evictions per node and in total.";
  static override description =
    "Refreshes every second from each node's /metrics (Prometheus). A node that does not answer is shown down. --once prints one table (two scrapes --interval apart) and exits, for logs and scripts; with --json, the rows as JSON.";
  static override examples = ["<%= config.bin %> cluster top --once"];
  static override flags = {
    ...stateFlags,
    once: Flags.boolean({ description: "print one table and exit (the default when stdout is not a terminal)" }),
    interval: Flags.integer({ description: "ms between scrapes", default: 1000, min: 100 }),
    json: Flags.boolean({ description: "with --once: the rows as JSON" }),
  };

  async run() {
    const { flags } = await this.parse(ClusterTop);
    const { requireState } = await import("../../src/cluster/state.js");
    const { TopSampler } = await import("../../src/cluster/metrics.js");
    const { formatBytes } = await import("../../src/core/format-bytes.js");
    const s = requireState(stateFile(flags));
    const sampler = new TopSampler(s.nodes);
    const title = `${s.nodes.length} nodes · ${s.placement} · ${s.eviction} · ${formatBytes(s.memory)} each`;
    const live = !flags.once && !flags.json && process.stdout.isTTY === true && process.env.CI === undefined;
    const { clusterTopText } = await import("../../src/cluster/render.js");
    if (live) {
      const { mountClusterTop } = await import("../../src/ui/cluster-top.js");
      return void (await mountClusterTop(title, () => sampler.next(), flags.interval));
    }
    await sampler.next();
    await new Promise((r) => setTimeout(r, flags.interval));
    const top = await sampler.next();
    if (!flags.json) process.stdout.write(`${title}\n${clusterTopText(top)}\n`);
    return top;
  }
}
