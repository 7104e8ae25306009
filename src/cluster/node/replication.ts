// The replication stream of a Redis Cluster primary: a node that the topology names as the primary
// of one or more replicas (`replicaOf`, topology.ts) sends every write it applies to each of them,
// asynchronously, over one TCP connection per replica — Redis's master → replica stream
// (redis.io, "Redis replication"), simplified:
//
// - Handshake: the primary connects to the replica's port and sends `AUTH <password>` (when the
//   node has one), then `REPLCONF cachelab-writes yes`, which marks the connection as the
//   replication stream (the replica then accepts writes for its primary's slots on it,
//   cluster-commands.ts). Redis's replica connects to its master instead; here the primary, which
//   knows the topology, connects out, so a replica needs no configuration of its own.
// - Full sync on every (re)connection, as Redis did before PSYNC: `FLUSHALL`, then one `SET key
//   value [PXAT t]` per live key, written at the moment of the connection (a snapshot taken
//   synchronously), then the live stream. No backlog: while a replica is unreachable nothing is
//   queued for it; the next connection's full sync carries the keyspace as it is then.
// - The stream carries each write as its effect on the keys it named, so that replay is
//   deterministic whatever the command was (SET NX/XX/GET/KEEPTTL, EXPIRE, PERSIST, INCR, APPEND,
//   MSET, DEL…): a key that exists afterwards is sent as `SET key value` (+ `PXAT` with its absolute
//   expiry time), a key that does not as `DEL key`; FLUSHALL/FLUSHDB as `FLUSHALL`. Keys the
//   primary's policy evicts go as `DEL key` before the write that evicted them (Redis propagates
//   evictions the same way), so a replica with the same memory holds what its primary holds.
// - Asynchronous: the primary answers its client before the replica has the write (the stream is
//   flushed once per turn of the event loop). What can be lost is in docs/cluster-ops.md.
// - A replica that does not read its stream (more than 64 MiB unsent, Redis's
//   client-output-buffer-limit for replicas is 256 MB) is disconnected and fully resynced when it
//   reconnects. Reconnection: 50 ms, doubling, at most 1 s; timers and sockets do not hold the
//   process open.
//
// Replies from the replica (`+OK`, `:n`, `-ERR …`, all one line) are counted, not parsed further:
// INFO replication shows per replica its state, the commands sent and acknowledged, and errors.
import { connect, type Socket } from "node:net";
import type { CommandDef } from "./command-def.js";
import { type RespParser, RespWriter } from "./resp.js";
import type { NodeState } from "./state.js";
import type { Topology } from "./topology.js";

/** Unsent bytes past which a replica's link is dropped (and fully resynced on reconnection). */
export const REPLICA_OUTPUT_LIMIT = 64 * 1024 * 1024;

export type LinkState = "connecting" | "online" | "down";

/** The stream to one replica. */
export class ReplicaLink {
  state: LinkState = "down";
  /** Commands written to the stream since the last full sync began (the sync included). */
  sent = 0;
  /** One-line replies received on this connection. */
  acked = 0;
  errors = 0;
  syncs = 0;
  private socket: Socket | null = null;
  private readonly w = new RespWriter();
  private retryMs = 50;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private flushQueued = false;

  constructor(
    private readonly st: NodeState,
    readonly name: string,
    readonly host: string,
    readonly port: number,
  ) {
    this.open();
  }

  private open(): void {
    if (this.closed) return;
    this.state = "connecting";
    const s = connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = s;
    s.unref();
    s.on("connect", () => {
      if (this.socket !== s) return;
      this.retryMs = 50;
      this.sync();
    });
    s.on("data", (d: Buffer) => {
      for (let i = 0; i < d.length; i++) {
        if (d[i] === 10) this.acked++;
        // a reply line starts after LF: count the errors
        if ((i === 0 ? this.lastByte : d[i - 1]) === 10 && d[i] === 45) this.errors++;
      }
      this.lastByte = d[d.length - 1];
    });
    s.on("error", () => {});
    s.on("close", () => {
      if (this.socket !== s) return;
      this.socket = null;
      this.state = "down";
      this.retry();
    });
  }

  private lastByte = 10;

  private retry(): void {
    if (this.closed || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.open();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(1000, this.retryMs * 2);
  }

  /** Handshake and full sync, written at once: every later write follows it on the stream. */
  private sync(): void {
    const w = this.w;
    const st = this.st;
    this.sent = 0;
    this.acked = 0;
    this.lastByte = 10;
    this.syncs++;
    if (st.settings.password !== null) this.command(["AUTH", st.settings.password]);
    this.command(["REPLCONF", "cachelab-writes", "yes"]);
    this.command(["FLUSHALL"]);
    const ks = st.keyspace;
    const now = Date.now();
    ks.forEach((s) => {
      const at = ks.ttlAt(s);
      if (at !== 0 && at <= now) return;
      writeSet(w, st, s);
      this.sent++;
      // a large keyspace goes out in pieces; the socket buffers them in order
      if (w.length > 1 << 20) w.flush(this.socket!);
    });
    this.state = "online";
    this.flush();
  }

  private command(args: string[]): void {
    this.w.array(args.length);
    for (const a of args) this.w.bulkString(a);
    this.sent++;
  }

  /** The stream's writer, when the link is online (else null: the next full sync carries the write). */
  get writer(): RespWriter | null {
    return this.state === "online" ? this.w : null;
  }

  /** One more command was written to `writer`: flush at the end of this turn of the event loop. */
  wrote(): void {
    this.sent++;
    if (this.flushQueued) return;
    this.flushQueued = true;
    process.nextTick(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    const s = this.socket;
    if (s === null || this.state !== "online" || this.w.length === 0) return;
    this.w.flush(s);
    if (s.writableLength > REPLICA_OUTPUT_LIMIT) {
      // too far behind: drop the link; the reconnection resyncs
      s.destroy();
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.socket?.destroy();
    this.socket = null;
    this.state = "down";
  }
}

/** `SET key value [PXAT at]` of live slot s. */
function writeSet(w: RespWriter, st: NodeState, s: number): void {
  const ks = st.keyspace;
  const at = ks.ttlAt(s);
  w.array(at === 0 ? 3 : 5);
  w.bulkString("SET");
  const page = ks.page(s);
  const k = ks.keyStart(s);
  w.bulk(page, k, k + ks.keyLength(s));
  const v = ks.valueStart(s);
  w.bulk(page, v, v + ks.valueLength(s));
  if (at !== 0) {
    w.bulkString("PXAT");
    w.bulkString(String(at));
  }
}

/** A primary's links to its replicas, following the topology. */
export class Replication {
  links: ReplicaLink[] = [];
  private topology: Topology | null = null;

  constructor(private readonly st: NodeState) {
    // the primary's own evictions reach the replicas as DEL, before the write that caused them
    st.keyspace.onEvicted = (s) => this.evicted(s);
  }

  /** Follows a new topology: links to this node's replicas now, closing the others. */
  update(): void {
    const st = this.st;
    const t = st.topology;
    if (t === this.topology) return;
    this.topology = t;
    const want =
      t === null || st.self < 0 || t.nodes[st.self].replicaOf !== null
        ? []
        : t.nodes.filter((n) => n.replicaOf === t.nodes[st.self].name);
    const keep: ReplicaLink[] = [];
    for (const l of this.links) {
      if (want.some((n) => n.name === l.name && n.host === l.host && n.port === l.port)) keep.push(l);
      else l.close();
    }
    for (const n of want)
      if (!keep.some((l) => l.name === n.name)) keep.push(new ReplicaLink(st, n.name, n.host, n.port));
    this.links = keep;
  }

  /** After a write command ran: sends the effect on the keys it named (or FLUSHALL) to every replica. */
  propagate(p: RespParser, def: CommandDef): void {
    if (this.links.length === 0) return;
    const st = this.st;
    const ks = st.keyspace;
    const [first, last, step] = def.keys;
    if (first === 0) {
      if (def.name === "flushall" || def.name === "flushdb") {
        for (const l of this.links) {
          const w = l.writer;
          if (w === null) continue;
          w.array(1);
          w.bulkString("FLUSHALL");
          l.wrote();
        }
      }
      return;
    }
    const end = last < 0 ? p.argc + last : last;
    for (let i = first; i <= end; i += step) {
      const s = ks.find(p.buf, p.argStart[i], p.argEnd[i], st.now);
      for (const l of this.links) {
        const w = l.writer;
        if (w === null) continue;
        if (s >= 0) writeSet(w, st, s);
        else {
          w.array(2);
          w.bulkString("DEL");
          w.bulk(p.buf, p.argStart[i], p.argEnd[i]);
        }
        l.wrote();
      }
    }
  }

  private evicted(s: number): void {
    const ks = this.st.keyspace;
    const page = ks.page(s);
    const k = ks.keyStart(s);
    for (const l of this.links) {
      const w = l.writer;
      if (w === null) continue;
      w.array(2);
      w.bulkString("DEL");
      w.bulk(page, k, k + ks.keyLength(s));
      l.wrote();
    }
  }

  close(): void {
    for (const l of this.links) l.close();
    this.links = [];
    this.st.keyspace.onEvicted = null;
  }
}

/** The node's replication, created at the first write after a topology gives it replicas. */
export function replicationOf(st: NodeState): Replication | null {
  if (st.topology === null && st.replication === undefined) return null;
  if (st.replication === undefined) st.replication = new Replication(st);
  st.replication.update();
  return st.replication;
}

/** INFO replication's lines for a primary's replicas (Redis's `slaveN:` format, plus cachelab's counters). */
export function replicaInfo(st: NodeState): [string, string | number][] {
  const r = st.replication;
  if (r === undefined) return [["connected_slaves", 0]];
  r.update();
  const rows: [string, string | number][] = [["connected_slaves", r.links.filter((l) => l.state === "online").length]];
  r.links.forEach((l, i) => {
    rows.push([
      `slave${i}`,
      `ip=${l.host},port=${l.port},state=${l.state},offset=${l.acked},lag=0,name=${l.name},sent=${l.sent},acked=${l.acked},errors=${l.errors},syncs=${l.syncs}`,
    ]);
  });
  return rows;
}
