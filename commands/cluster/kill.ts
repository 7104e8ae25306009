import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { stateFile, stateFlags } from "../../src/cluster/cli-flags.js";

export default class ClusterKill extends BaseCommand {
  static override summary = "Kill one node (SIGKILL: a crash) to watch the cluster fail over.";
  static override description =
    "The node stays in the state and `cluster status` shows it dead. With replicas, the client and the proxy serve its keys from the next owner. --term sends SIGTERM instead (a graceful stop).";
  static override examples = ["<%= config.bin %> cluster kill node2"];
  static override args = { node: Args.string({ description: "node name (node0 …)", required: true }) };
  static override flags = { ...stateFlags, term: Flags.boolean({ description: "SIGTERM instead of SIGKILL" }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterKill);
    const { kill } = await import("../../src/cluster/manager.js");
    const n = await kill(stateFile(flags), args.node, flags.term ? "SIGTERM" : "SIGKILL");
    const promoted = n.promoted ? `; ${n.promoted} promoted to primary of its slots` : "";
    process.stdout.write(`${n.name} (pid ${n.pid}) ${flags.term ? "stopped" : "killed"}${promoted}\n`);
  }
}
