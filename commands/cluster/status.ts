import { Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { stateFile, stateFlags } from "../../src/cluster/cli-flags.js";

export default class ClusterStatus extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary = "Check every node of the cluster: its pid runs a cachelab node and its port answers PING.";
  static override description =
    "The state file records what was started; status checks it. A node whose pid is gone (or now runs another program) is shown dead, a SIGSTOPped one paused, one whose port does not answer unresponsive. Exit 1 when any node is not up.";
  static override examples = ["<%= config.bin %> cluster status"];
  static override flags = { ...stateFlags, json: Flags.boolean({ description: "print the status as JSON" }) };

  async run() {
    const { flags } = await this.parse(ClusterStatus);
    const { status } = await import("../../src/cluster/manager.js");
    const { statusText } = await import("../../src/cluster/render.js");
    const r = await status(stateFile(flags));
    if (!flags.json) process.stdout.write(statusText(r));
    if (r.up < r.nodes.length) process.exitCode = 1;
    return r;
  }
}
