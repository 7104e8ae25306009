import { Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { stateFile, stateFlags } from "../../src/cluster/cli-flags.js";

export default class ClusterDown extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary = "Stop every node (and the proxy) of the cluster and remove its state.";
  static override description =
    "Each process gets SIGTERM (a graceful shutdown), then SIGKILL if it is still running after --timeout; a paused node is resumed so that it can exit. Processes already gone are listed as such; the state file is removed in every case.";
  static override examples = ["<%= config.bin %> cluster down"];
  static override flags = {
    ...stateFlags,
    timeout: Flags.integer({ description: "ms to wait after SIGTERM before SIGKILL", default: 3000, min: 0 }),
    json: Flags.boolean({ description: "print what was stopped as JSON" }),
  };

  async run() {
    const { flags } = await this.parse(ClusterDown);
    const { down } = await import("../../src/cluster/manager.js");
    const r = await down(stateFile(flags), flags.timeout);
    if (!flags.json) {
      const how = { absent: "was not running", terminated: "stopped", killed: "killed after the timeout" };
      for (const s of r.stopped) process.stdout.write(`${s.name} (pid ${s.pid}): ${how[s.how]}\n`);
      process.stdout.write("cluster down\n");
    }
    return r;
  }
}
