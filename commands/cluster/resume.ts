import { Args } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { stateFile, stateFlags } from "../../src/cluster/cli-flags.js";

export default class ClusterResume extends BaseCommand {
  static override summary =
    "Resume a paused node with SIGCONT. The client and the proxy replay the writes it missed (hints) before reading from it again.";
  static override examples = ["<%= config.bin %> cluster resume node1"];
  static override args = { node: Args.string({ description: "node name (node0 …)", required: true }) };
  static override flags = { ...stateFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterResume);
    const { pause } = await import("../../src/cluster/manager.js");
    const n = await pause(stateFile(flags), args.node, true);
    process.stdout.write(`${n.name} (pid ${n.pid}) resumed (SIGCONT)\n`);
  }
}
