// What a running node knows: its settings, its keyspace, its clients, its counters and (in cluster
// mode) the topology. The command handlers (commands.ts, admin.ts, cluster-commands.ts), the TCP
// server and the HTTP port all read and write this one object.
import type { Socket } from "node:net";
import type { Keyspace } from "./keyspace.js";
import type { Replication } from "./replication.js";
import { type ParserLimits, RespParser, RespWriter } from "./resp.js";
import type { Topology } from "./topology.js";

export interface NodeSettings {
  name: string;
  bind: string;
  port: number;
  httpPort: number;
  /** maxmemory in bytes. */
  memory: number;
  /** The eviction policy as given (`s3fifo`, `clock:bits=2`). */
  eviction: string;
  password: string | null;
  /** Topology source (a path or JSON text), or null: standalone. */
  topology: string | null;
  maxClients: number;
  /** Longest key in bytes. */
  maxKey: number;
  limits: ParserLimits;
  /** Active expiry cycles per second (Redis's hz). */
  hz: number;
}

export class Client {
  static nextId = 1;
  readonly id = Client.nextId++;
  readonly parser: RespParser;
  readonly writer = new RespWriter();
  name = "";
  libName = "";
  libVer = "";
  private _authed = true;
  /** READONLY was sent (cluster replicas serve reads). */
  readonly = false;
  /** `REPLCONF cachelab-writes yes`: the replication stream (a replica accepts its primary's writes). */
  replication = false;
  /** Close once the replies written so far are flushed (QUIT, a protocol error). */
  closing = false;
  readonly createdAt = Date.now();
  commands = 0;

  constructor(
    readonly socket: Socket,
    limits: ParserLimits,
    needsAuth: boolean,
  ) {
    this.parser = new RespParser(limits);
    this.authed = !needsAuth;
  }

  /** Authenticated (always, on a node without a password); before it the parser's limits are Redis's unauthenticated ones. */
  get authed(): boolean {
    return this._authed;
  }
  set authed(v: boolean) {
    this._authed = v;
    this.parser.authenticated = v;
  }

  get resp(): 2 | 3 {
    return this.writer.resp3 ? 3 : 2;
  }

  get addr(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }
}

export interface NodeStats {
  commands: number;
  connectionsReceived: number;
  rejectedConnections: number;
  protocolErrors: number;
  netInputBytes: number;
  netOutputBytes: number;
  /** Per command name (lower case): calls. */
  perCommand: Map<string, number>;
}

export interface NodeState {
  settings: NodeSettings;
  keyspace: Keyspace;
  clients: Set<Client>;
  stats: NodeStats;
  startedAt: number;
  /** ms since the epoch, refreshed once per read chunk. */
  now: number;
  topology: Topology | null;
  /** This node's index in topology.nodes (-1 standalone). */
  self: number;
  /** The real ports once listening. */
  port: number;
  httpPort: number;
  /** Reloads the topology (SIGHUP, CLUSTER SETTOPOLOGY); throws InputError on a bad one. */
  setTopology(source: string): void;
  /** A primary's replication stream to its replicas (replication.ts), made when first needed. */
  replication?: Replication;
  /** Sampled command latencies in seconds, for the /metrics histogram. */
  observeLatency: (seconds: number) => void;
}

export function newStats(): NodeStats {
  return {
    commands: 0,
    connectionsReceived: 0,
    rejectedConnections: 0,
    protocolErrors: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    perCommand: new Map(),
  };
}
