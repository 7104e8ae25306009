import { Args } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { stateFile, stateFlags } from "../../src/cluster/cli-flags.js";

export default class ClusterPause extends BaseCommand {
  static override summary =
    "Freeze one node with SIGSTOP: it keeps its connections but answers nothing (a hung server); clients time out and fail over.";
  static override examples = ["<%= config.bin %> cluster pause node1"];
  static override args = { node: Args.string({ description: "node name (node0 …)", required: true }) };
  static override flags = { ...stateFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterPause);
    const { pause } = await import("../../src/cluster/manager.js");
    const n = await pause(stateFile(flags), args.node, false);
    process.stdout.write(`${n.name} (pid ${n.pid}) paused (SIGSTOP)\n`);
  }
}
