// `cachelab proxy` as a process (in the foreground, or detached with --detach): start the proxy (src/cluster/proxy.ts), record it in the cluster
// state (so `cluster down` stops it and `cluster deploy` finds it), print the endpoint, and run until
// SIGINT or SIGTERM; then stop accepting, close the node connections and take it out of the state.
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { HOST } from "./manager.js";
import { startProxy } from "./proxy.js";
import { readState, requireState, stateDir, writeState } from "./state.js";

export async function runProxy(o: { statePath: string; port: number; timeoutMs: number; json?: boolean }) {
  const s = requireState(o.statePath);
  if (s.proxy && s.proxy.pid !== process.pid) {
    const { runs } = await import("./processes.js");
    if (runs(s.proxy.pid, "proxy"))
      throw new InputError(`a proxy already serves this cluster (pid ${s.proxy.pid}, port ${s.proxy.port})`);
  }
  const proxy = await startProxy({
    statePath: o.statePath,
    host: HOST,
    port: o.port,
    timeoutMs: o.timeoutMs,
    password: s.password,
  });
  const record = (on: boolean) => {
    const cur = readState(o.statePath);
    if (!cur) return;
    if (on) cur.proxy = { pid: process.pid, host: proxy.host, port: proxy.port };
    else if (cur.proxy?.pid === process.pid) cur.proxy = null;
    else return;
    writeState(o.statePath, cur);
  };
  record(true);
  if (o.json)
    process.stdout.write(`${JSON.stringify({ ready: true, name: "proxy", pid: process.pid, port: proxy.port })}\n`);
  else
    process.stdout.write(
      `proxy on ${proxy.host}:${proxy.port} → ${proxy.client.nodeNames.length} nodes (${s.placement}); try: redis-cli -p ${proxy.port}${s.password ? ` -a ${s.password} --no-auth-warning` : ""}\nCtrl-C stops it\n`,
    );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await proxy.close();
  record(false);
}

/** `cachelab proxy --detach`: the same proxy as a background process; resolves once it listens. */
export async function detachProxy(o: { statePath: string; port: number; timeoutMs: number }) {
  const s = requireState(o.statePath);
  if (s.proxy) {
    const { runs } = await import("./processes.js");
    if (runs(s.proxy.pid, "proxy"))
      throw new InputError(`a proxy already serves this cluster (pid ${s.proxy.pid}, port ${s.proxy.port})`);
  }
  const { cliEntry, spawnReady } = await import("./processes.js");
  const log = join(stateDir(o.statePath), "logs", "proxy.log");
  const args = ["proxy", "--json", "--port", String(o.port), "--timeout", String(o.timeoutMs), "--state", o.statePath];
  const r = await spawnReady({ entry: cliEntry(), args, log, env: { CI: "1" } });
  return { pid: r.pid, port: r.port, log };
}
