// The node process's servers: the RESP port (TCP) and the HTTP port, around one keyspace.
//
// Per connection: a RespParser and a RespWriter. Each read chunk is parsed into as many commands
// as it holds; every reply is appended to the writer and the lot is written once, after the chunk
// (pipelining costs one write per read, not per command). Reads land in one buffer shared by every
// connection (Node's `onread`: no Buffer allocated per read and no stream machinery between the
// read and the parser, which halved the node's scavenges under redis-benchmark -P 1); the parser
// copies out only a frame still arriving when the read is done. A malformed frame gets Redis's
// `-ERR Protocol error: …` and the connection is closed after the replies before it; a client over
// the query-buffer limit is closed without a reply, as Redis does. A client whose unsent replies
// pass 64 MiB stops being read until its socket drains. An exception inside a command (a bug) is
// answered with an error and logged; it never takes the process down.
//
// Safety (Redis's protected mode): binding an address other than loopback without a password is
// refused at start with an explanation. With a password every command but AUTH, HELLO and QUIT
// answers -NOAUTH until the client authenticates (the HTTP port's /v1/keys wants `Authorization:
// Bearer <password>`). Connections beyond --max-clients get `-ERR max number of clients reached`.
//
// Time: `now` is read once per read chunk (Redis caches it per command: the same within a
// pipeline for all practical purposes). Active expiry runs `hz` times a second.

import type { Server as HttpServer } from "node:http";
import { createServer, type Server, Socket } from "node:net";
import { InputError } from "../../core/errors.js";
import type { SlotMap } from "../../engine/slots.js";
import type { EvictionPolicy } from "../../policies/eviction/types.js";
import { dispatch } from "./commands.js";
import { startHttp } from "./http.js";
import { Keyspace, PREFETCH_MAX } from "./keyspace.js";
import { RespError } from "./resp.js";
import { Client, type NodeSettings, type NodeState, newStats } from "./state.js";
import { loadTopology } from "./topology.js";

const OUTPUT_PAUSE = 64 * 1024 * 1024;
/** Size of the shared read buffer (the most one read hands the parser). */
const READ_BUFFER = 64 * 1024;

export interface RunningNode {
  state: NodeState;
  port: number;
  httpPort: number;
  /** Stops accepting, closes every client after flushing its replies, closes the HTTP port. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\./.test(host);
}

/** Refuses a non-loopback bind without a password (Redis's protected mode), with the reason. */
export function checkProtectedMode(s: Pick<NodeSettings, "bind" | "password">): void {
  if (!isLoopback(s.bind) && s.password === null) {
    throw new InputError(
      `--bind ${s.bind}: refusing to listen on a non-loopback address without a password (protected mode, as Redis): anyone who can reach the port could read and overwrite every key; set --password (or CACHELAB_NODE_PASSWORD), or bind 127.0.0.1`,
    );
  }
}

export async function startNode(
  settings: NodeSettings,
  createPolicy: (keys: SlotMap) => EvictionPolicy,
): Promise<RunningNode> {
  checkProtectedMode(settings);
  const keyspace = new Keyspace(createPolicy, settings.memory, settings.name);
  const st: NodeState = {
    settings,
    keyspace,
    clients: new Set(),
    stats: newStats(),
    startedAt: Date.now(),
    now: Date.now(),
    topology: null,
    self: -1,
    port: 0,
    httpPort: 0,
    setTopology(source: string) {
      const t = loadTopology(source);
      const self = t.nodes.findIndex((n) => n.name === settings.name);
      if (self < 0) {
        throw new InputError(
          `topology: no node named '${settings.name}' (this node's --name) among ${t.nodes.map((n) => n.name).join(", ")}`,
        );
      }
      st.topology = t;
      st.self = self;
    },
    observeLatency: () => {},
  };
  if (settings.topology !== null) st.setTopology(settings.topology);

  // reads are handled synchronously, one at a time: one buffer serves every connection
  const readBuffer = Buffer.allocUnsafe(READ_BUFFER);
  const server = createServer({ noDelay: true, pauseOnConnect: true }, (socket) => accept(st, socket, readBuffer));
  server.maxConnections = Number.MAX_SAFE_INTEGER;
  await listen(server, settings.port, settings.bind);
  st.port = (server.address() as { port: number }).port;

  let http: HttpServer | null = null;
  if (settings.httpPort >= 0) {
    try {
      http = await startHttp(st);
    } catch (e) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw e;
    }
    st.httpPort = (http.address() as { port: number }).port;
  }

  // re-armed each cycle, so CONFIG SET hz takes effect at the next one
  const period = () => Math.max(2, Math.round(1000 / settings.hz));
  let expiry: NodeJS.Timeout;
  const cycle = () => {
    st.keyspace.activeExpire(Date.now());
    expiry = setTimeout(cycle, period());
  };
  expiry = setTimeout(cycle, period());

  let closing: Promise<void> | null = null;
  return {
    state: st,
    port: st.port,
    httpPort: st.httpPort,
    close() {
      if (closing !== null) return closing;
      closing = (async () => {
        clearTimeout(expiry);
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const c of st.clients) {
          c.writer.flush(c.socket);
          c.socket.end();
          // a client that does not read its replies must not hold the shutdown
          setTimeout(() => c.socket.destroy(), 1000).unref();
        }
        if (http !== null) {
          const h = http;
          await new Promise<void>((resolve) => {
            h.close(() => resolve());
            h.closeAllConnections();
          });
        }
        await done;
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      reject(
        new InputError(
          `cannot listen on ${host}:${port}: ${e.code === "EADDRINUSE" ? "the port is in use" : e.message}`,
        ),
      );
    });
    server.listen({ port, host }, () => resolve());
  });
}

function accept(st: NodeState, accepted: Socket, readBuffer: Buffer): void {
  st.stats.connectionsReceived++;
  if (st.clients.size >= st.settings.maxClients) {
    st.stats.rejectedConnections++;
    accepted.resume(); // read (and drop) until the client closes, so the socket is freed
    accepted.end("-ERR max number of clients reached\r\n");
    return;
  }
  let c: Client | null = null;
  const socket = adopt(accepted, readBuffer, (n) => {
    if (c === null) return;
    onData(st, c, readBuffer, n);
    c.parser.release();
  });
  socket.setNoDelay(true);
  const client = new Client(socket, st.settings.limits, st.settings.password !== null);
  c = client;
  st.clients.add(client);
  if (socket === accepted) {
    // no handle to adopt: read through the stream
    socket.on("data", (chunk: Buffer) => onData(st, client, chunk, chunk.length));
    socket.resume();
  }
  socket.on("drain", () => {
    if (socket.isPaused()) socket.resume();
  });
  socket.on("error", () => socket.destroy());
  socket.on("close", () => st.clients.delete(client));
}

/**
 * A Socket over the accepted connection's handle that reads into `buffer` and calls `onRead(n)`
 * (Node's `onread` socket option). Node accepts `onread` only for sockets it is asked to construct,
 * so the accepted socket's handle (`_handle`, there since Node 0.x) is taken over; the accepted
 * socket, created paused and never read, is destroyed when the new one closes (that gives the
 * server its connection back, for `server.close`). Without a handle: the accepted socket itself.
 */
function adopt(accepted: Socket, buffer: Buffer, onRead: (n: number) => void): Socket {
  const handle = (accepted as unknown as { _handle?: object })._handle;
  if (handle === undefined || handle === null) return accepted;
  const socket = new Socket({
    handle,
    readable: true,
    writable: true,
    onread: { buffer, callback: onRead },
  } as ConstructorParameters<typeof Socket>[0]);
  socket.once("close", () => accepted.destroy());
  return socket;
}

/** Key positions of a read's commands, for the prefetch pass (reads are handled one at a time, synchronously). */
const PEEK_START = new Int32Array(PREFETCH_MAX);
const PEEK_END = new Int32Array(PREFETCH_MAX);

/** Runs the commands of the first `length` bytes of `chunk` and writes their replies at once. */
function onData(st: NodeState, c: Client, chunk: Buffer, length: number): void {
  if (c.closing) return;
  st.now = Date.now();
  st.stats.netInputBytes += length;
  const p = c.parser;
  const w = c.writer;
  try {
    p.feed(chunk, length);
    // a pipeline: touch the keys' memory for all its commands first (their cache misses overlap)
    const keys = p.peekKeys(PEEK_START, PEEK_END, PREFETCH_MAX);
    if (keys > 1) st.keyspace.prefetch(p.peekBuffer, PEEK_START, PEEK_END, keys);
    while (p.next()) {
      if ((st.stats.commands & 15) === 0) {
        const t0 = performance.now();
        run(st, c);
        st.observeLatency((performance.now() - t0) / 1000);
      } else run(st, c);
      if (c.closing) break;
    }
  } catch (e) {
    if (!(e instanceof RespError)) {
      // not the client's fault (out of memory for its buffer, a bug): drop this client, keep the node
      process.stderr.write(`cachelab node ${st.settings.name}: closing ${c.addr}: ${(e as Error).message}\n`);
      c.closing = true;
      c.socket.destroy();
      return;
    }
    st.stats.protocolErrors++;
    if (e.overflow) {
      c.closing = true;
      c.socket.destroy();
      return;
    }
    w.error(`ERR ${e.message}`);
    c.closing = true;
  }
  st.stats.netOutputBytes += w.length;
  w.flush(c.socket);
  if (c.closing) c.socket.end();
  else if (c.socket.writableLength > OUTPUT_PAUSE) c.socket.pause();
}

function run(st: NodeState, c: Client): void {
  try {
    dispatch(st, c, c.parser);
  } catch (e) {
    // a bug in a command must not take the node down: answer, log, carry on
    process.stderr.write(`cachelab node ${st.settings.name}: internal error: ${(e as Error).stack ?? e}\n`);
    c.writer.error(`ERR internal error: ${String((e as Error).message ?? e).replace(/[\r\n]/g, " ")}`);
  }
}
