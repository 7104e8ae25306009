import { Args } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { stateFile, stateFlags } from "../../src/cluster/cli-flags.js";

export default class ClusterRemove extends BaseCommand {
  static override summary = "Take one node out of the placement (topology updated on every node), then stop it.";
  static override description =
    "Its keys move to the owners the scheme now gives them (as misses: nothing is migrated). A running proxy switches to the smaller node set before the node stops.";
  static override examples = ["<%= config.bin %> cluster remove node3"];
  static override args = { node: Args.string({ description: "node name (node0 …)", required: true }) };
  static override flags = { ...stateFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterRemove);
    const { remove } = await import("../../src/cluster/manager.js");
    const n = await remove(stateFile(flags), args.node);
    process.stdout.write(`removed ${n.name} (pid ${n.pid} stopped)\n`);
  }
}
