// `cachelab proxy`: one RESP endpoint in front of the whole cluster, as twemproxy and mcrouter put one
// in front of memcached/Redis pools, so a client that knows nothing of clusters (redis-cli without
// -c, redis-benchmark, any Redis library) uses every node.
//
// Requests are parsed with the node's RESP codec (src/cluster/node/resp.ts) and routed by the
// cluster's placement scheme through the placement-aware client (src/cluster/client.ts): a keyed
// command goes to the key's owners (writes copied to the replicas, reads failing over to them),
// MGET/MSET/DEL/EXISTS/UNLINK/TOUCH are split per node and merged in the caller's order, DBSIZE and
// FLUSHALL go to every node; PING, ECHO, SELECT 0, AUTH, HELLO, CLIENT, COMMAND, INFO and QUIT are
// answered by the proxy. Replies go back in request order even when nodes answer out of order
// (pipelining is kept: a read chunk of N commands becomes N routed calls in flight at once).
//
// Reconfiguration: the proxy re-reads the state file when it changes (polled every 250 ms), on
// SIGHUP, and on `CACHELAB.RELOAD` (which replies with the generation now served, so `cluster
// deploy` knows the switch happened). A switch is atomic: each request is routed with either the
// old node set or the new one, never a mix; the old connections close after their replies (drain).
//
// It also counts the keys it routes (Space-Saving, src/cluster/hot-keys.ts): `CACHELAB.HOTKEYS n`
// returns the n hottest as [key, count, …]; that is what `cluster deploy --warm copy-hot:N` copies.
import { unwatchFile, watchFile } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { ClusterClient } from "./client.js";
import { COMMANDS, repliesStatus } from "./command-table.js";
import { HotKeys } from "./hot-keys.js";
import { RespError, RespParser, RespWriter } from "./node/resp.js";
import { readState, requireState, routedView } from "./state.js";

export interface ProxyOptions {
  statePath: string;
  host?: string;
  port?: number;
  /** Password clients must AUTH with (default: none). */
  password?: string | null;
  /** Counters for the hot-key table (default 40,000). */
  hotKeys?: number;
  timeoutMs?: number;
}

export interface RunningProxy {
  port: number;
  host: string;
  client: ClusterClient;
  hot: HotKeys;
  /** Generation of the state being served. */
  readonly generation: number;
  reload(): Promise<number>;
  close(): Promise<void>;
}

type Reply = unknown;

export async function startProxy(o: ProxyOptions): Promise<RunningProxy> {
  const state = requireState(o.statePath);
  const client = await ClusterClient.fromState(o.statePath, { timeoutMs: o.timeoutMs });
  const hot = new HotKeys(o.hotKeys ?? 40_000);
  let generation = state.generation;
  // reloads run one after another, each reading the state afresh: a RELOAD that arrives while an
  // earlier reload is in flight (which may have read the file before the change) gets its own
  let chain: Promise<unknown> = Promise.resolve();
  const reload = (): Promise<number> => {
    const next = chain.then(async () => {
      const s = readState(o.statePath);
      if (s && s.generation !== generation) {
        const v = routedView(s);
        await client.reconfigure(v.nodes, s.placement, v.replicas);
        generation = s.generation;
      }
      return generation;
    });
    chain = next.catch(() => {});
    return next;
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serve(socket, { client, hot, password: o.password ?? null, reload, generation: () => generation });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, o.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as { port: number; address: string };
  const onChange = () => void reload().catch(() => {});
  watchFile(o.statePath, { interval: 250 }, onChange);
  const onHup = () => onChange();
  process.on("SIGHUP", onHup);

  return {
    port: addr.port,
    host: addr.address,
    client,
    hot,
    get generation() {
      return generation;
    },
    reload,
    async close() {
      unwatchFile(o.statePath, onChange);
      process.off("SIGHUP", onHup);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      await client.close();
    },
  };
}

interface Ctx {
  client: ClusterClient;
  hot: HotKeys;
  password: string | null;
  reload: () => Promise<number>;
  generation: () => number;
}

/** One client connection: parse, route, reply in order. */
function serve(socket: Socket, ctx: Ctx): void {
  const parser = new RespParser();
  const w = new RespWriter();
  let authed = ctx.password === null;
  let closing = false;
  // replies in request order: a slot per command, written from the head once ready
  const queue: { done: boolean; write: (() => void) | null }[] = [];

  // replies that complete in the same turn of the event loop leave in one socket write
  let flushing = false;
  const flush = () => {
    flushing = false;
    if (!socket.destroyed) w.flush(socket);
    if (closing && queue.length === 0) socket.end();
  };
  const drain = () => {
    while (queue.length > 0 && queue[0].done) queue.shift()!.write?.();
    if (!flushing) {
      flushing = true;
      setImmediate(flush);
    }
  };

  socket.on("error", () => {});
  socket.on("data", (chunk: Buffer) => {
    if (closing) return;
    parser.feed(chunk);
    try {
      while (parser.next()) {
        const argv: Buffer[] = [];
        for (let i = 0; i < parser.argc; i++) argv.push(parser.arg(i));
        const slot: { done: boolean; write: (() => void) | null } = { done: false, write: null };
        queue.push(slot);
        const name = argv[0].toString("latin1").toLowerCase();
        if (name === "quit") {
          slot.done = true;
          slot.write = () => w.ok();
          closing = true;
          break;
        }
        if (!authed && name !== "auth" && name !== "hello") {
          slot.done = true;
          slot.write = () => w.error("NOAUTH Authentication required.");
          continue;
        }
        handle(name, argv, ctx, w, () => {
          authed = true;
        }).then(
          (write) => {
            slot.done = true;
            slot.write = write;
            drain();
          },
          (e: Error) => {
            slot.done = true;
            slot.write = () => w.error(errorText(e));
            drain();
          },
        );
      }
    } catch (e) {
      if (e instanceof RespError) {
        if (!e.overflow) {
          queue.push({ done: true, write: () => w.error(`ERR ${e.message}`) });
        }
        closing = true;
      } else throw e;
    }
    drain();
  });
}

function errorText(e: Error): string {
  if (e.name === "ReplyError") return e.message;
  return `ERR proxy: ${e.message.split("\n")[0]}`;
}

/** Routes one command; resolves to the function that writes its reply. */
async function handle(name: string, argv: Buffer[], ctx: Ctx, w: RespWriter, onAuth: () => void): Promise<() => void> {
  const route = COMMANDS[name];
  if (route === undefined) {
    if (name === "cachelab.reload") {
      const g = await ctx.reload();
      return () => w.int(g);
    }
    if (name === "cachelab.hotkeys") {
      const n = argv.length > 1 ? Number(argv[1].toString()) : 100;
      const top = ctx.hot.top(Number.isInteger(n) && n > 0 ? n : 100);
      return () => {
        w.array(top.length * 2);
        for (const t of top) {
          w.bulkString(t.key);
          w.int(t.count);
        }
      };
    }
    const args = argv
      .slice(1)
      .map((a) => `'${a.toString()}'`)
      .join(" ");
    return () => w.error(`ERR unknown command '${argv[0].toString()}', with args beginning with: ${args}`);
  }
  if (route === "local") return local(name, argv, ctx, w, onAuth);
  if (argv.length < 2 && route !== "all") return () => w.error(`ERR wrong number of arguments for '${name}' command`);
  if (route === "read" || route === "write") ctx.hot.add(argv[1].toString());
  else if (route === "mget" || route === "count") for (let i = 1; i < argv.length; i++) ctx.hot.add(argv[i].toString());
  else if (route === "mset") for (let i = 1; i < argv.length; i += 2) ctx.hot.add(argv[i].toString());
  const reply = await ctx.client.call(argv.map((a, i) => (i === 0 ? name : a)));
  const status = repliesStatus(name, argv);
  return () => writeReply(w, reply, status);
}

function writeReply(w: RespWriter, r: Reply, status: boolean): void {
  if (r === null || r === undefined) w.nil();
  else if (typeof r === "number") w.int(r);
  else if (Buffer.isBuffer(r)) {
    if (status) w.simple(r.toString());
    else w.bulk(r);
  } else if (typeof r === "string") {
    if (status) w.simple(r);
    else w.bulkString(r);
  } else if (Array.isArray(r)) {
    w.array(r.length);
    for (const x of r) writeReply(w, x, false);
  } else w.bulkString(String(r));
}

async function local(name: string, argv: Buffer[], ctx: Ctx, w: RespWriter, onAuth: () => void): Promise<() => void> {
  const arg = (i: number) => argv[i]?.toString() ?? "";
  switch (name) {
    case "ping":
      return argv.length > 1 ? () => w.bulk(argv[1]) : () => w.simple("PONG");
    case "echo":
      return argv.length === 2
        ? () => w.bulk(argv[1])
        : () => w.error("ERR wrong number of arguments for 'echo' command");
    case "select":
      return arg(1) === "0" ? () => w.ok() : () => w.error("ERR DB index is out of range");
    case "auth": {
      if (ctx.password === null)
        return () =>
          w.error(
            "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
          );
      const given = arg(argv.length - 1);
      if (given !== ctx.password) return () => w.error("WRONGPASS invalid username-password pair or user is disabled.");
      onAuth();
      return () => w.ok();
    }
    case "hello": {
      if (argv.length > 1 && arg(1) !== "2" && arg(1) !== "3")
        return () => w.error("NOPROTO unsupported protocol version");
      return () => {
        if (argv.length > 1) w.resp3 = arg(1) === "3";
        w.map(4);
        w.bulkString("server");
        w.bulkString("cachelab-proxy");
        w.bulkString("proto");
        w.int(w.resp3 ? 3 : 2);
        w.bulkString("mode");
        w.bulkString("proxy");
        w.bulkString("role");
        w.bulkString("master");
      };
    }
    case "command":
      return () => w.array(0);
    case "info": {
      const s = ctx.client.stats;
      const text = [
        "# Proxy",
        `generation:${ctx.generation()}`,
        `nodes:${ctx.client.nodeNames.join(",")}`,
        `requests:${s.requests}`,
        `failovers:${s.failovers}`,
        `retries:${s.retries}`,
        `failed:${s.failed}`,
        `replication_errors:${s.replicationErrors}`,
        `hinted:${s.hinted}`,
        `hints_dropped:${s.hintsDropped}`,
        "",
      ].join("\r\n");
      return () => w.bulkString(text);
    }
    default:
      // CLIENT SETNAME/SETINFO/…, READONLY, READWRITE
      return () => w.ok();
  }
}
