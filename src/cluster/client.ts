// A placement-aware client for a cachelab cluster (also the library export `cachelab/client`).
//
// Each key goes to its owners under the cluster's placement scheme (src/cluster/router.ts: the same
// src/placement code and node names as the simulator, so the same key → node map): reads to the
// first live owner (the primary, else a replica), writes to the first live owner and then, without
// waiting, to the other owners — asynchronous replication as Redis does it: the caller's reply comes
// from one node; the copies follow in the same order on each node's connection.
//
// A write an owner missed (it was down, paused or unreachable) is kept by this client as a hint and
// replayed to that owner, in order, before it serves again (hinted handoff, as in Dynamo); until
// then reads skip it. What can still be lost: a write acknowledged by its primary whose copy had not
// reached a replica when the primary died; hints held by a client or proxy that exits, or past
// MAX_HINTS per node; writes sent straight to a node (redis-cli without the proxy), which are not
// replicated at all.
//
// Transport: one ioredis connection per node (ioredis is a fine RESP client). Commands are pipelined:
// a call never waits for another caller's reply, so concurrent calls are all in flight on the one
// connection and their replies come back in order (ioredis matches them to their callers). No
// offline queue (a command to a node that is down fails at once instead of waiting for a
// reconnect), a per-command timeout (a SIGSTOPped node times out), and failover: an owner that
// fails or times out is skipped for `downMs` and the next owner is asked; when every owner fails the
// round is retried after a backoff (backoffMs, doubling) up to `retries` times. Redis error replies
// (WRONGTYPE, syntax) are answers, not failures: they are returned to the caller as thrown
// ReplyErrors and never retried. A -MOVED reply (the node's slot map differs from ours) is followed
// once to the node it names.
import { Command, Redis } from "ioredis";
import { CliError } from "../core/errors.js";
import { COMMANDS, COUNT_WRITES } from "./command-table.js";
import { type Router, routerFor } from "./router.js";
import { readState, requireState, routedView, statePath } from "./state.js";

export interface ClientNode {
  name: string;
  host: string;
  port: number;
}

export interface ClusterClientOptions {
  nodes: readonly ClientNode[];
  /** The placement scheme, as `cluster up --placement` takes it. */
  placement: string;
  /** Extra copies per key (the cluster's --replicas). */
  replicas?: number;
  password?: string | null;
  /** Per-command timeout, ms (default 500). */
  timeoutMs?: number;
  /** Rounds over the owners after the first, each after a backoff (default 3). */
  retries?: number;
  /** The first backoff, ms; doubles every round (default 25). */
  backoffMs?: number;
  /** How long a node that failed is skipped before it is tried again, ms (default 1000). */
  downMs?: number;
}

export interface ClientStats {
  requests: number;
  /** Requests served by another owner than the first one tried. */
  failovers: number;
  /** Rounds retried after every owner failed. */
  retries: number;
  /** Requests that failed after every retry. */
  failed: number;
  /** Copies to replicas that failed after being sent (kept as hints). */
  replicationErrors: number;
  /** Writes kept for an owner that was down (hinted handoff), replayed when it is back. */
  hinted: number;
  /** Hints dropped past MAX_HINTS per node: that node's copies may be stale. */
  hintsDropped: number;
}

/** Hinted writes kept per node that is down. */
export const MAX_HINTS = 100_000;

type Arg = string | Buffer | number;

export class ClusterClient {
  readonly stats: ClientStats = {
    requests: 0,
    failovers: 0,
    retries: 0,
    failed: 0,
    replicationErrors: 0,
    hinted: 0,
    hintsDropped: 0,
  };
  private conns: Redis[] = [];
  private down: Float64Array;
  /** Per node (state order): writes it missed, to replay before it serves again. */
  private hints: (readonly Arg[])[][] = [];
  /** Router index → index into conns. */
  private toConn: Int32Array;
  /** Per node: the replay of its hints in progress, if any. */
  private replaying: (Promise<void> | null)[] = [];
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly downMs: number;

  private constructor(
    private router: Router,
    private nodes: readonly ClientNode[],
    private readonly o: ClusterClientOptions,
  ) {
    this.timeoutMs = o.timeoutMs ?? 500;
    this.retries = o.retries ?? 3;
    this.backoffMs = o.backoffMs ?? 25;
    this.downMs = o.downMs ?? 1000;
    this.down = new Float64Array(nodes.length);
    this.toConn = ClusterClient.mapping(router, nodes);
    this.hints = nodes.map(() => []);
    this.replaying = nodes.map(() => null);
  }

  /** Connects to every node (a node that cannot be reached is marked down, not an error). */
  static async open(o: ClusterClientOptions): Promise<ClusterClient> {
    const router = await routerFor(
      o.placement,
      o.nodes.map((n) => n.name),
      o.replicas ?? 0,
    );
    const c = new ClusterClient(router, o.nodes, o);
    c.conns = await c.connectAll(o.nodes, c.down);
    return c;
  }

  /** A client for the cluster in a state file (default: `$CACHELAB_STATE` or .cachelab/cluster.json). */
  static async fromState(path = statePath(), o: Partial<ClusterClientOptions> = {}): Promise<ClusterClient> {
    const s = requireState(path);
    return ClusterClient.open({
      // a slots cluster with replicas: its primaries (they replicate themselves)
      ...routedView(s),
      placement: s.placement,
      password: s.password,
      ...o,
    });
  }

  /**
   * Switches to another node set (after `cluster add/remove/deploy`), atomically for callers: each
   * request sees either the old set or the new one. Old connections close after their replies.
   */
  async reconfigure(nodes: readonly ClientNode[], placement = this.o.placement, replicas = this.o.replicas ?? 0) {
    const router = await routerFor(
      placement,
      nodes.map((n) => n.name),
      replicas,
    );
    const down = new Float64Array(nodes.length);
    const conns = await this.connectAll(nodes, down);
    const old = this.conns;
    this.router = router;
    this.toConn = ClusterClient.mapping(router, nodes);
    this.nodes = nodes;
    this.conns = conns;
    this.down = down;
    this.hints = nodes.map(() => []);
    this.replaying = nodes.map(() => null);
    await Promise.all(old.map((c) => c.quit().catch(() => c.disconnect())));
  }

  /** Re-reads a state file and reconfigures when its node set changed. */
  async reload(path = statePath()): Promise<boolean> {
    const s = readState(path);
    if (!s) return false;
    const v = routedView(s);
    const same =
      v.nodes.length === this.nodes.length &&
      v.nodes.every((n, i) => n.name === this.nodes[i].name && n.port === this.nodes[i].port);
    if (same) return false;
    await this.reconfigure(v.nodes, s.placement, v.replicas);
    return true;
  }

  get nodeNames(): readonly string[] {
    return this.router.nodes;
  }

  /** Owner names of a key, primary first. */
  ownersOf(key: string): string[] {
    return this.router.owners(key).map((i) => this.router.nodes[i]);
  }

  async get(key: string): Promise<string | null> {
    const r = await this.call(["get", key]);
    return r === null ? null : String(r);
  }

  async set(key: string, value: Arg, ...options: Arg[]): Promise<string | null> {
    const r = await this.call(["set", key, value, ...options]);
    return r === null ? null : String(r);
  }

  async del(...keys: string[]): Promise<number> {
    return (await this.call(["del", ...keys])) as number;
  }

  async mget(...keys: string[]): Promise<(string | null)[]> {
    const r = (await this.call(["mget", ...keys])) as (Buffer | null)[];
    return r.map((v) => (v === null ? null : String(v)));
  }

  async mset(pairs: Record<string, Arg>): Promise<string> {
    return String(await this.call(["mset", ...Object.entries(pairs).flat()]));
  }

  /**
   * Any routed command, replies as the node gives them (bulk strings as Buffers). Multi-key
   * commands are split per node and merged.
   */
  async call(argv: readonly Arg[]): Promise<unknown> {
    const name = String(argv[0]).toLowerCase();
    const route = COMMANDS[name];
    this.stats.requests++;
    switch (route) {
      case "read":
        return this.keyed(argv, false);
      case "write":
        return this.keyed(argv, true);
      case "mget":
        return this.mgetSplit(argv.slice(1).map(String));
      case "mset":
        return this.msetSplit(argv.slice(1));
      case "count": {
        const parts = await Promise.all(argv.slice(1).map((k) => this.keyed([name, k], COUNT_WRITES.has(name))));
        return parts.reduce((a: number, b) => a + Number(b), 0);
      }
      case "all":
        return this.fanOut(argv);
      default:
        throw new CliError(`ERR unknown or unroutable command '${argv[0]}'`, 2);
    }
  }

  /** The raw connection of a node (by name), for node-level commands (INFO, CLUSTER …). */
  connection(name: string): Redis {
    const i = this.router.nodes.indexOf(name);
    if (i < 0) throw new CliError(`no node '${name}'`, 2);
    return this.conns[this.connIndex(i)];
  }

  async close(): Promise<void> {
    await Promise.all(this.conns.map((c) => c.quit().catch(() => c.disconnect())));
    for (const c of this.conns) c.disconnect();
  }

  // ——— routing ———

  /** conns are in state order; the router's indices are in placement order (the same names). */
  private connIndex(routerIndex: number): number {
    return this.toConn[routerIndex];
  }

  /** Router index → connection index, computed once per node set. */
  private static mapping(router: Router, nodes: readonly ClientNode[]): Int32Array {
    return Int32Array.from(router.nodes, (name) => nodes.findIndex((n) => n.name === name));
  }

  private async keyed(argv: readonly Arg[], write: boolean): Promise<unknown> {
    const owners = this.router.owners(String(argv[1])).map((i) => this.connIndex(i));
    const { value, served } = await this.onOwners(owners, argv);
    if (write) this.replicate(owners, served, argv);
    return value;
  }

  /** Tries the owners in order (skipping those marked down unless all are), with backoff rounds. */
  private async onOwners(owners: number[], argv: readonly Arg[]): Promise<{ value: unknown; served: number }> {
    let last: unknown;
    for (let round = 0; round <= this.retries; round++) {
      if (round > 0) {
        this.stats.retries++;
        await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (round - 1)));
      }
      let order = owners.filter((i) => this.isUp(i));
      if (order.length === 0) {
        // none usable: connected owners marked down are probed, after catching up on the writes
        // they missed (never read from an owner with hints waiting: it would serve stale values)
        const connected = owners.filter((i) => this.conns[i].status === "ready");
        for (const i of connected)
          if (this.hints[i].length > 0 && this.replaying[i] === null) this.replaying[i] = this.replayHints(i);
        await Promise.all(connected.map((i) => this.replaying[i]));
        order = connected.filter((i) => this.hints[i].length === 0 && this.conns[i].status === "ready");
      }
      for (const i of order) {
        try {
          const value = await this.send(i, argv);
          if (i !== owners[0]) this.stats.failovers++;
          return { value, served: i };
        } catch (e) {
          if (isReply(e)) throw e;
          last = e;
          this.down[i] = Date.now() + this.downMs;
        }
      }
    }
    this.stats.failed++;
    const names = owners.map((i) => this.nodes[i]?.name).join(", ");
    throw new CliError(`every owner failed (${names}): ${(last as Error)?.message ?? "no connection"}`, 1);
  }

  private async send(i: number, argv: readonly Arg[]): Promise<unknown> {
    try {
      return await exec(this.conns[i], argv);
    } catch (e) {
      const moved = isReply(e) ? /^MOVED \d+ ([^:\s]+):(\d+)/.exec((e as Error).message) : null;
      if (!moved) throw e;
      const j = this.nodes.findIndex((n) => n.port === Number(moved[2]));
      if (j < 0 || j === i) throw e;
      return exec(this.conns[j], argv);
    }
  }

  /**
   * Usable for routing: not marked down, connected, and with no hinted writes waiting (a node that
   * missed writes serves again only once they are replayed). A node whose down time has passed
   * with hints waiting gets them replayed in the background.
   */
  private isUp(i: number): boolean {
    if (this.down[i] > Date.now() || this.conns[i].status !== "ready") return false;
    if (this.hints[i].length === 0 && this.replaying[i] === null) return true;
    if (this.replaying[i] === null) this.replaying[i] = this.replayHints(i);
    return false;
  }

  /** Sends a write to every owner but the one that served it; never awaited by the caller. */
  private replicate(owners: number[], served: number, argv: readonly Arg[]): void {
    for (const i of owners) {
      if (i === served) continue;
      if (!this.isUp(i)) {
        this.hint(i, argv);
        continue;
      }
      exec(this.conns[i], argv).catch(() => {
        this.stats.replicationErrors++;
        this.down[i] = Date.now() + this.downMs;
        this.hint(i, argv);
      });
    }
  }

  /**
   * Hinted handoff (as Dynamo and Cassandra do): a write an owner missed is kept, in order, and
   * replayed to it before it serves again. At most MAX_HINTS per node; past that the oldest are
   * dropped (counted in stats.hintsDropped: that node's copies may then be stale).
   */
  private hint(i: number, argv: readonly Arg[]): void {
    const h = this.hints[i];
    if (h.length >= MAX_HINTS) {
      h.shift();
      this.stats.hintsDropped++;
    }
    h.push(argv);
    this.stats.hinted++;
  }

  private async replayHints(i: number): Promise<void> {
    const conn = this.conns[i];
    const batch = this.hints[i];
    this.hints[i] = [];
    try {
      // one connection keeps the order; writes arriving meanwhile queue as new hints
      await Promise.all(batch.map((argv) => exec(conn, argv).catch((e) => (isReply(e) ? null : Promise.reject(e)))));
    } catch {
      this.hints[i] = batch.concat(this.hints[i]);
      this.down[i] = Date.now() + this.downMs;
    } finally {
      this.replaying[i] = null;
    }
  }

  private async mgetSplit(keys: string[]): Promise<unknown[]> {
    const groups = this.byPrimary(keys.map((k, i) => ({ key: k, at: i, args: [k] as Arg[] })));
    const out = new Array<unknown>(keys.length).fill(null);
    await Promise.all(
      [...groups].map(async ([node, items]) => {
        try {
          const vals = (await this.send(node, ["mget", ...items.map((x) => x.key)])) as unknown[];
          items.forEach((x, j) => {
            out[x.at] = vals[j];
          });
        } catch (e) {
          if (isReply(e)) throw e;
          this.down[node] = Date.now() + this.downMs;
          // the primary failed: each key on its own, with failover
          await Promise.all(
            items.map(async (x) => {
              out[x.at] = await this.keyed(["get", x.key], false);
            }),
          );
        }
      }),
    );
    return out;
  }

  private async msetSplit(args: readonly Arg[]): Promise<string> {
    if (args.length === 0 || args.length % 2 !== 0)
      throw replyError("ERR wrong number of arguments for 'mset' command");
    const items: { key: string; at: number; args: Arg[] }[] = [];
    for (let i = 0; i < args.length; i += 2) items.push({ key: String(args[i]), at: i, args: [args[i], args[i + 1]] });
    const groups = this.byPrimary(items);
    await Promise.all(
      [...groups].map(async ([node, group]) => {
        const flat = group.flatMap((x) => x.args);
        let served = node;
        try {
          if (!this.isUp(node)) throw new Error("down");
          await this.send(node, ["mset", ...flat]);
        } catch (e) {
          if (isReply(e)) throw e;
          this.down[node] = Date.now() + this.downMs;
          served = -1;
          await Promise.all(group.map((x) => this.keyed(["set", ...x.args], true)));
        }
        if (served >= 0)
          for (const x of group)
            this.replicate(
              this.router.owners(x.key).map((r) => this.connIndex(r)),
              served,
              ["set", ...x.args],
            );
      }),
    );
    return "OK";
  }

  private byPrimary<T extends { key: string }>(items: T[]): Map<number, T[]> {
    const groups = new Map<number, T[]>();
    for (const x of items) {
      const p = this.connIndex(this.router.primary(x.key));
      let g = groups.get(p);
      if (!g) groups.set(p, (g = []));
      g.push(x);
    }
    return groups;
  }

  private async fanOut(argv: readonly Arg[]): Promise<unknown> {
    const replies = await Promise.all(this.conns.map((_c, i) => this.send(i, argv)));
    return String(argv[0]).toLowerCase() === "dbsize" ? replies.reduce((a: number, b) => a + Number(b), 0) : "OK";
  }

  private async connectAll(nodes: readonly ClientNode[], down: Float64Array): Promise<Redis[]> {
    const conns = nodes.map(
      (n) =>
        new Redis({
          host: n.host,
          port: n.port,
          password: this.o.password ?? undefined,
          lazyConnect: true,
          enableOfflineQueue: false,
          autoResendUnfulfilledCommands: false,
          maxRetriesPerRequest: 0,
          commandTimeout: this.timeoutMs,
          connectTimeout: Math.max(this.timeoutMs, 1000),
          retryStrategy: (times) => Math.min(50 * times, 1000),
        }),
    );
    for (const c of conns) c.on("error", () => {}); // reported through failed commands
    await Promise.all(
      conns.map((c, i) =>
        c.connect().catch(() => {
          down[i] = Date.now() + this.downMs;
        }),
      ),
    );
    return conns;
  }
}

/** One command, replies as Buffers (ioredis's generic call() mishandles auto-pipelining). */
function exec(conn: Redis, argv: readonly Arg[]): Promise<unknown> {
  return conn.sendCommand(new Command(String(argv[0]), argv.slice(1), { replyEncoding: null })) as Promise<unknown>;
}

function isReply(e: unknown): boolean {
  return (e as Error)?.name === "ReplyError";
}

function replyError(message: string): Error {
  const e = new Error(message);
  e.name = "ReplyError";
  return e;
}
