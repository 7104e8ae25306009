import { Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { stateFile, stateFlags } from "../../src/cluster/cli-flags.js";

export default class ClusterAdd extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary = "Start one more node with the cluster's settings and update the topology on every node.";
  static override description =
    "The new node is node<next>. Keys the placement scheme now maps to it are misses there until written again (a cache: nothing is migrated); a running proxy picks up the new node set at once.";
  static override examples = ["<%= config.bin %> cluster add"];
  static override flags = {
    ...stateFlags,
    port: Flags.integer({
      description: "RESP port of the new node (default 0: chosen by the system)",
      default: 0,
      min: 0,
    }),
    json: Flags.boolean({ description: "print the new node as JSON" }),
  };

  async run() {
    const { flags } = await this.parse(ClusterAdd);
    const { add } = await import("../../src/cluster/manager.js");
    const { nodeTable } = await import("../../src/cluster/render.js");
    const n = await add(stateFile(flags), { basePort: flags.port });
    if (!flags.json) process.stdout.write(`added ${n.name}\n${nodeTable([n])}\n`);
    return n;
  }
}
