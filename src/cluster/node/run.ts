// Running one node in the foreground: start it, print the ready line, and handle the signals a
// cluster manager sends — SIGTERM / SIGINT: graceful shutdown (stop accepting, flush every client's
// replies, close; exit 0); SIGHUP: reload the topology from its file (a bad file is reported on
// stderr and the old topology kept). Shared by main.ts (the process the cluster spawns) and
// `cachelab node`.
import { evictionFactory, type NodeFlags, nodeSettings } from "./options.js";
import { type RunningNode, startNode } from "./server.js";

/** The JSON line printed once the node listens (the cluster manager reads it from stdout). */
export interface ReadyLine {
  ready: true;
  name: string;
  pid: number;
  port: number;
  httpPort: number;
}

/** Starts a node from flags, prints the ready line with `print`, and resolves when it has shut down. */
export async function runNode(flags: NodeFlags, print: (line: string) => void): Promise<void> {
  const settings = nodeSettings(flags);
  const create = await evictionFactory(settings.eviction, settings.memory);
  const node: RunningNode = await startNode(settings, create);
  const ready: ReadyLine = {
    ready: true,
    name: settings.name,
    pid: process.pid,
    port: node.port,
    httpPort: node.httpPort,
  };
  print(JSON.stringify(ready));
  if (flags.check) {
    // --check: the flags, the policy and the ports work; stop at once
    await node.close();
    return;
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      process.off("SIGHUP", reload);
      node.close().then(resolve, resolve);
    };
    const reload = () => {
      if (settings.topology === null || settings.topology.trim().startsWith("{")) {
        process.stderr.write(`cachelab node ${settings.name}: SIGHUP ignored (no topology file to reload)\n`);
        return;
      }
      try {
        node.state.setTopology(settings.topology);
        process.stderr.write(`cachelab node ${settings.name}: topology reloaded from ${settings.topology}\n`);
      } catch (e) {
        process.stderr.write(`cachelab node ${settings.name}: topology not reloaded: ${(e as Error).message}\n`);
      }
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
    process.on("SIGHUP", reload);
  });
}
