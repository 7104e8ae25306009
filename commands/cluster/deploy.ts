import { Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { stateFile, stateFlags } from "../../src/cluster/cli-flags.js";

export default class ClusterDeploy extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary =
    "Blue-green change of the nodes' eviction policy or memory: start green, warm it, switch the proxy, stop blue.";
  static override description = [
    "Green nodes (same names, so the same key → node map) start with the new settings; with --warm copy-hot:K the K hottest keys the proxy has routed are copied from blue (values and TTLs); the state and the running proxy switch to green atomically (each request goes wholly to blue or to green); after --drain ms blue is stopped.",
    "Without a running proxy there is no record of hot keys: green starts cold, and library clients pick up green with reload(). If green fails to start or warm, it is stopped and blue keeps serving unchanged.",
  ].join("\n\n");
  static override examples = ["<%= config.bin %> cluster deploy --eviction sieve --warm copy-hot:10000"];
  static override flags = {
    ...stateFlags,
    eviction: Flags.string({ char: "e", description: "the green nodes' eviction policy (default: unchanged)" }),
    memory: Flags.string({ char: "m", description: "the green nodes' memory limit (default: unchanged)" }),
    warm: Flags.string({ description: "copy-hot:K (the proxy's K hottest keys) or none", default: "copy-hot:10000" }),
    drain: Flags.integer({ description: "ms between the switch and stopping blue", default: 1000, min: 0 }),
    json: Flags.boolean({ description: "print what was done as JSON" }),
  };

  async run() {
    const { flags } = await this.parse(ClusterDeploy);
    const { deploy, parseWarm } = await import("../../src/cluster/deploy.js");
    const { formatBytes } = await import("../../src/core/format-bytes.js");
    const warmHot = parseWarm(flags.warm);
    const r = await deploy(stateFile(flags), {
      eviction: flags.eviction,
      memory: flags.memory,
      warmHot,
      drainMs: flags.drain,
    });
    if (!flags.json) {
      const w = r.warm;
      const lines = [
        `green: ${r.green.map((n) => `${n.name} (pid ${n.pid}, port ${n.port})`).join(", ")} · ${r.eviction}, ${formatBytes(r.memory)} each`,
        w.source === "proxy"
          ? `warmed: ${w.copied.toLocaleString("en-US")} of the ${w.hot.toLocaleString("en-US")} hottest keys the proxy has seen (asked ${w.asked.toLocaleString("en-US")})`
          : w.asked > 0
            ? "warmed: nothing (no proxy runs, so no record of hot keys): green starts cold"
            : "warmed: nothing (--warm none)",
        r.proxySwitched
          ? `proxy switched to generation ${r.generation}`
          : `state switched to generation ${r.generation} (no proxy runs)`,
        `blue stopped: ${r.blue.map((b) => `${b.name} (pid ${b.pid})`).join(", ")}`,
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    return r;
  }
}
