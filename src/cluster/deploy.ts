// `cachelab cluster deploy`: a blue-green change of the nodes' settings (eviction policy, memory)
// without a cold cache and without a failed request through the proxy.
//
//   1. green: start a new process for every node name (same names, so the same key → node map) with
//      the new settings; a `slots` cluster's green nodes get their topology. Blue keeps serving.
//   2. warm (`--warm copy-hot:K`): the proxy counts the keys it routes (Space-Saving,
//      src/cluster/hot-keys.ts); the K hottest are read from blue (values and remaining TTLs, MGET
//      and PTTL in batches) and written to green (SET … PX). Without a running proxy there is no
//      record of what is hot, and green starts cold (said in the result).
//   3. switch: the state file now lists green (generation + 1), and the proxy is told at once
//      (`CACHELAB.RELOAD`, which answers with the generation it now routes to). Its switch is
//      atomic: each request is routed entirely to blue or entirely to green.
//   4. drain and stop blue: the proxy closes its blue connections after their last replies; after
//      `drainMs` more (for other clients) blue's processes get SIGTERM, then SIGKILL.
//
// A caller that knows what is hot (the live bench, src/bench/events.ts, counts the keys it sends) gives
// the keys itself (`hotKeys`), and may be told at the switch (`onSwitch`) to move its own routing.
// If starting or warming green fails, green is stopped and blue is left exactly as it was. Writes
// that reach blue between the warm copy and the switch are not on green (a cache: they are misses
// there until written again), as with any copy-then-switch migration.
import { Command, Redis } from "ioredis";
import { CliError, InputError } from "../core/errors.js";
import { ClusterClient } from "./client.js";
import { checkSettings, type NodeStatus, startNodes, status } from "./manager.js";
import { nodeMarker, runs, stopProcess } from "./processes.js";
import { type ClusterState, requireState, routedView, writeState } from "./state.js";
import { publishTopology } from "./topology.js";

export interface DeployOptions {
  eviction?: string;
  memory?: string | number;
  /** Keys to copy from blue to green: the proxy's top K (0: none). */
  warmHot: number;
  /** ms between the switch and stopping blue. */
  drainMs: number;
  timeoutMs?: number;
  /** The K hottest keys from the caller (the live bench counts what it sends); else the proxy's. */
  hotKeys?: (k: number) => string[];
  /** Called once the state lists green, before blue drains (the live bench switches its routing here). */
  onSwitch?: (green: ClusterState) => Promise<void>;
}

export interface DeployResult {
  generation: number;
  eviction: string;
  memory: number;
  blue: { name: string; pid: number; how: string }[];
  green: { name: string; pid: number; port: number }[];
  /** Hot keys asked for, known to the proxy, and found on blue and copied to green. */
  warm: { asked: number; hot: number; copied: number; source: "proxy" | "client" | "none" };
  /** True when a running proxy confirmed the switch. */
  proxySwitched: boolean;
}

/** `copy-hot:N` → N; `none` → 0. */
export function parseWarm(text: string): number {
  if (text === "none") return 0;
  const m = /^copy-hot:(\d+)$/.exec(text.trim());
  if (!m || Number(m[1]) > 10_000_000)
    throw new InputError(`--warm '${text}': expected copy-hot:N (N keys, at most 10,000,000) or none`);
  return Number(m[1]);
}

export async function deploy(path: string, o: DeployOptions): Promise<DeployResult> {
  const blue = requireState(path);
  const eviction = o.eviction ?? blue.eviction;
  const memory = await checkSettings({ eviction, memory: o.memory ?? blue.memory, placement: blue.placement });
  const st = await status(path);
  const down = st.nodes.filter((n: NodeStatus) => n.health !== "up");
  if (down.length > 0)
    throw new InputError(
      `deploy needs every blue node up; not up: ${down.map((n) => `${n.name} (${n.health})`).join(", ")} (cachelab cluster status)`,
    );
  const proxy = blue.proxy && runs(blue.proxy.pid, "proxy") ? blue.proxy : null;
  const generation = blue.generation + 1;

  // 1. green
  const greenNodes = await startNodes(
    path,
    blue.nodes.map((n) => n.name),
    { eviction, memory, password: blue.password, basePort: 0, timeoutMs: o.timeoutMs, logSuffix: `-g${generation}` },
  );
  // a slots cluster's replicas stay replicas of the same primaries
  const roles = greenNodes.map((n, i) => (blue.nodes[i].replicaOf ? { ...n, replicaOf: blue.nodes[i].replicaOf } : n));
  const green: ClusterState = { ...blue, generation, eviction, memory, nodes: roles };
  let copied = 0;
  let hot = 0;
  try {
    // the topology goes to green only: blue keeps its own until it stops
    await publishTopology(path, green);
    // 2. warm
    if (o.warmHot > 0 && (proxy || o.hotKeys)) {
      const keys = o.hotKeys ? o.hotKeys(o.warmHot) : await hotKeys(proxy!, blue.password, o.warmHot);
      hot = keys.length;
      copied = await copyKeys(blue, green, keys);
    }
  } catch (e) {
    await Promise.all(greenNodes.map((n) => stopProcess(n.pid, nodeMarker())));
    throw e;
  }

  // 3. switch
  writeState(path, green);
  let proxySwitched = false;
  let switchError: Error | null = null;
  if (proxy) {
    try {
      const r = await adminCall(proxy, blue.password, ["cachelab.reload"]);
      if (Number(r) === generation) proxySwitched = true;
      else
        switchError = new CliError(
          `the proxy (pid ${proxy.pid}) reports generation ${r} after the switch, not ${generation}`,
          1,
        );
    } catch (e) {
      switchError = new CliError(`the proxy (pid ${proxy.pid}) did not confirm the switch: ${(e as Error).message}`, 1);
    }
  }

  if (o.onSwitch) await o.onSwitch(green).catch((e: Error) => (switchError ??= e));

  // 4. drain, stop blue: the state lists green only, so blue is stopped even when the proxy did
  // not confirm (it follows the state file and switches on its own)
  await new Promise((r) => setTimeout(r, o.drainMs));
  const stopped = await Promise.all(
    blue.nodes.map(async (n) => ({ name: n.name, pid: n.pid, how: await stopProcess(n.pid, nodeMarker()) })),
  );
  if (switchError) throw switchError;
  return {
    generation,
    eviction,
    memory,
    blue: stopped,
    green: greenNodes.map((n) => ({ name: n.name, pid: n.pid, port: n.port })),
    warm: { asked: o.warmHot, hot, copied, source: o.hotKeys ? "client" : proxy ? "proxy" : "none" },
    proxySwitched,
  };
}

async function adminCall(p: { host: string; port: number }, password: string | null, argv: string[]) {
  const r = new Redis({
    host: p.host,
    port: p.port,
    password: password ?? undefined,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    commandTimeout: 10_000,
  });
  r.on("error", () => {});
  try {
    await r.connect();
    return await r.sendCommand(new Command(argv[0], argv.slice(1), { replyEncoding: "utf8" }));
  } finally {
    r.disconnect();
  }
}

/** The proxy's K hottest keys, hottest first. */
async function hotKeys(p: { host: string; port: number }, password: string | null, k: number): Promise<string[]> {
  const flat = (await adminCall(p, password, ["cachelab.hotkeys", String(k)])) as string[];
  const keys: string[] = [];
  for (let i = 0; i < flat.length; i += 2) keys.push(flat[i]);
  return keys;
}

/** Copies keys (value and remaining TTL) from blue to green; returns how many were on blue. */
async function copyKeys(blue: ClusterState, green: ClusterState, keys: string[]): Promise<number> {
  const from = await ClusterClient.open({
    nodes: routedView(blue).nodes,
    placement: blue.placement,
    password: blue.password,
  });
  const to = await ClusterClient.open({ ...routedView(green), placement: green.placement, password: green.password });
  let copied = 0;
  try {
    for (let at = 0; at < keys.length; at += 500) {
      const batch = keys.slice(at, at + 500);
      const [values, ttls] = await Promise.all([
        from.call(["mget", ...batch]) as Promise<(Buffer | null)[]>,
        Promise.all(batch.map((k) => from.call(["pttl", k]) as Promise<number>)),
      ]);
      await Promise.all(
        batch.map((k, i) => {
          const v = values[i];
          if (v === null) return null;
          copied++;
          return ttls[i] > 0 ? to.call(["set", k, v, "px", ttls[i]]) : to.call(["set", k, v]);
        }),
      );
    }
  } finally {
    await Promise.all([from.close(), to.close()]);
  }
  return copied;
}
