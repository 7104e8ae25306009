// One pipelined RESP connection of the load generator: writes GET/SET commands, matches replies to
// them in order (Redis answers a connection's commands in the order they were sent) and reports each
// reply as one of hit (a bulk string), nil, ok (+…, :…), or error (-…).
//
// Why not ioredis: the driver must not be the bottleneck (issue 13 asks for ≥ 0.8× redis-benchmark's
// ops/s against the same redis-server). ioredis builds a Command object, a promise and a parsed value per
// command; here a keyed command is written straight into the output buffer from a constant head and
// the object id's digits (`sendKeyed`: a pre-built Buffer per object cost a CPU-cache miss per
// command, docs/bench.md), the in-flight queue is two ring buffers of integers (request index,
// kind), and a bulk reply's body is skipped, never copied. Commands sent in one turn of the event
// loop leave in one write, as a slice of the output buffer (a reply chunk's worth of new commands is
// one syscall and no copy; the buffer is reused once the socket took it all); replies are read into
// one reusable buffer per connection (net's `onread`).
//
// Reply parsing (RESP2, the subset GET/SET/PING/AUTH answer with): `+line`, `-line`, `:int`, `$len`
// followed by len bytes and CRLF (len −1: nil). A header line split over TCP chunks is kept until its
// newline arrives; a bulk body split over chunks is skipped byte-count-wise. Arrays (`*`) never answer
// these commands and are reported as a protocol error (the connection is closed). The protocol is
// Redis's: https://redis.io/docs/latest/develop/reference/protocol-spec/
import { connect, type Socket } from "node:net";

export const REPLY_VALUE = 1;
export const REPLY_NIL = 2;
export const REPLY_OK = 3;
export const REPLY_ERROR = 4;
/** The connection failed or closed with the command in flight. */
export const REPLY_CLOSED = 5;

/**
 * Called once per command sent, in send order: (request index, kind given at send, reply type, the
 * time the reply's chunk arrived — performance.now(), read once per chunk).
 */
export type OnReply = (request: number, kind: number, reply: number, now: number) => void;

const CR = 13;
/** Bytes of a connection's output buffer (commands are written into it, then sent as slices of it). */
const OUT_SIZE = 16384;
/** Bytes of a connection's read buffer. */
const READ_SIZE = 65536;
const LF = 10;
/** Digits of an object id in a key (`k:` and 10 digits, ./requests.ts keyOf). */
export const KEY_DIGITS = 10;

export class RespConnection {
  private readonly socket: Socket;
  private reqs = new Int32Array(1024);
  private kinds = new Uint8Array(1024);
  private sentAt = new Float64Array(1024);
  private head = 0;
  private tail = 0;
  private partial: Buffer | null = null;
  private skip = 0;
  /** performance.now() when the chunk being parsed arrived. */
  private now = 0;
  private out = Buffer.allocUnsafeSlow(OUT_SIZE);
  private outLen = 0;
  private flushQueued = false;
  private readonly flushNow = () => this.flush();
  private closedWith: string | null = null;
  /** Commands in flight. */
  inFlight = 0;

  private constructor(
    socket: Socket,
    private readonly onReply: OnReply,
  ) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("error", (e) => this.failAll(e.message));
    socket.on("close", () => this.failAll("connection closed"));
  }

  /** Connects (within `timeoutMs`), then sends AUTH when a password is given. */
  static open(host: string, port: number, onReply: OnReply, timeoutMs = 3000): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      // replies are read into one reusable buffer per connection (net's `onread`: no Buffer and no
      // stream 'data' event per chunk); the parser copies what it keeps (a split header line)
      let conn: RespConnection | null = null;
      const socket = connect({
        host,
        port,
        onread: {
          buffer: Buffer.allocUnsafe(READ_SIZE),
          callback: (n: number, buf: Uint8Array) => {
            conn?.parse((buf as Buffer).subarray(0, n));
            return true;
          },
        },
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`${host}:${port}: no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("error", (e) => {
        clearTimeout(timer);
        reject(new Error(`${host}:${port}: ${e.message}`));
      });
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        conn = new RespConnection(socket, onReply);
        resolve(conn);
      });
    });
  }

  get bytesWritten(): number {
    return this.socket.bytesWritten;
  }
  get bytesRead(): number {
    return this.socket.bytesRead;
  }
  get closed(): string | null {
    return this.closedWith;
  }

  /** Send time (performance.now()) of the oldest command in flight; Infinity when none. */
  oldestSentAt(): number {
    return this.inFlight > 0 ? this.sentAt[this.head] : Number.POSITIVE_INFINITY;
  }

  /**
   * Sends one encoded command, given as up to four buffers; `request` and `kind` come back with its
   * reply; `now` is the caller's performance.now() (for timeouts). Fixed parameters (no rest
   * array): nothing is allocated per command.
   */
  send(request: number, kind: number, now: number, a: Buffer, b?: Buffer, c?: Buffer, d?: Buffer): void {
    const need = a.length + (b ? b.length : 0) + (c ? c.length : 0) + (d ? d.length : 0);
    let at = this.enqueue(request, kind, now, need);
    if (at < 0) return;
    const out = this.out;
    at = put(out, at, a);
    if (b) at = put(out, at, b);
    if (c) at = put(out, at, c);
    if (d) at = put(out, at, d);
    this.outLen = at;
  }

  /**
   * Sends `head`, then the object id as KEY_DIGITS zero-padded decimal digits and CRLF, then up to
   * three more buffers: a command whose key is an object id is encoded here, not kept as one Buffer
   * per object (reading a million objects' Buffers at random missed the CPU's cache on most commands).
   */
  sendKeyed(
    request: number,
    kind: number,
    now: number,
    head: Buffer,
    id: number,
    b?: Buffer,
    c?: Buffer,
    d?: Buffer,
  ): void {
    const need = head.length + KEY_DIGITS + 2 + (b ? b.length : 0) + (c ? c.length : 0) + (d ? d.length : 0);
    let at = this.enqueue(request, kind, now, need);
    if (at < 0) return;
    const out = this.out;
    at = put(out, at, head);
    let v = id;
    for (let k = at + KEY_DIGITS - 1; k >= at; k--) {
      const q = (v / 10) >>> 0;
      out[k] = 48 + v - q * 10;
      v = q;
    }
    at += KEY_DIGITS;
    out[at++] = CR;
    out[at++] = LF;
    if (b) at = put(out, at, b);
    if (c) at = put(out, at, c);
    if (d) at = put(out, at, d);
    this.outLen = at;
  }

  /** Queues a command of `need` bytes: where its bytes go in the output buffer, or -1 (closed). */
  private enqueue(request: number, kind: number, now: number, need: number): number {
    if (this.closedWith !== null) {
      // asynchronously: a caller that sends again from its reply handler must not recurse
      setImmediate(() => this.onReply(request, kind, REPLY_CLOSED, performance.now()));
      return -1;
    }
    if (this.inFlight === this.reqs.length) this.grow();
    this.reqs[this.tail] = request;
    this.kinds[this.tail] = kind;
    this.sentAt[this.tail] = now;
    this.tail = (this.tail + 1) & (this.reqs.length - 1);
    this.inFlight++;
    if (this.outLen + need > this.out.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(OUT_SIZE, (this.outLen + need) * 2));
      this.out.copy(bigger, 0, 0, this.outLen);
      this.out = bigger;
    }
    if (!this.flushQueued) {
      this.flushQueued = true;
      process.nextTick(this.flushNow);
    }
    return this.outLen;
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.outLen === 0 || this.closedWith !== null) return;
    // the socket owns the written bytes until they are sent: it gets this slice of the output
    // buffer, and later commands go after it (no copy); a fresh buffer when the rest is short
    this.socket.write(this.out.subarray(0, this.outLen));
    if (this.socket.writableLength === 0) {
      // written to the kernel already (the usual case on a socket that keeps up): the buffer is free
      // again, and reusing it keeps the next commands in memory the CPU's cache holds
      this.outLen = 0;
      return;
    }
    this.out =
      this.out.length - this.outLen >= 4096 ? this.out.subarray(this.outLen) : Buffer.allocUnsafeSlow(OUT_SIZE);
    this.outLen = 0;
  }

  close(): void {
    this.closedWith ??= "closed by the driver";
    this.socket.destroy();
  }

  private grow(): void {
    const n = this.reqs.length;
    const reqs = new Int32Array(n * 2);
    const kinds = new Uint8Array(n * 2);
    const sentAt = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const j = (this.head + i) & (n - 1);
      reqs[i] = this.reqs[j];
      kinds[i] = this.kinds[j];
      sentAt[i] = this.sentAt[j];
    }
    this.reqs = reqs;
    this.kinds = kinds;
    this.sentAt = sentAt;
    this.head = 0;
    this.tail = n;
  }

  private deliver(reply: number): void {
    if (this.inFlight === 0) {
      this.failAll("a reply nobody asked for");
      return;
    }
    const r = this.reqs[this.head];
    const k = this.kinds[this.head];
    this.head = (this.head + 1) & (this.reqs.length - 1);
    this.inFlight--;
    this.onReply(r, k, reply, this.now);
  }

  /** Ends the connection: every command in flight is reported as REPLY_CLOSED. */
  failAll(why: string): void {
    this.now = performance.now();
    if (this.closedWith === null) this.closedWith = why;
    this.socket.destroy();
    while (this.inFlight > 0) this.deliver(REPLY_CLOSED);
  }

  private parse(chunk: Buffer): void {
    this.now = performance.now();
    let pos = 0;
    const len = chunk.length;
    while (pos < len && this.closedWith === null) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, len - pos);
        this.skip -= n;
        pos += n;
        if (this.skip === 0) this.deliver(REPLY_VALUE);
        continue;
      }
      const nl = chunk.indexOf(LF, pos);
      if (nl < 0) {
        const rest = chunk.subarray(pos);
        this.partial = this.partial ? Buffer.concat([this.partial, rest]) : Buffer.from(rest);
        return;
      }
      let line: Buffer;
      let start: number;
      let end: number;
      if (this.partial) {
        line = Buffer.concat([this.partial, chunk.subarray(pos, nl + 1)]);
        this.partial = null;
        start = 0;
        end = line.length - 1;
      } else {
        line = chunk;
        start = pos;
        end = nl;
      }
      pos = nl + 1;
      if (end - 1 < start || line[end - 1] !== CR) {
        this.failAll("protocol error: a line without CRLF");
        return;
      }
      const type = line[start];
      if (type === 0x24 /* $ */) {
        const n = intAt(line, start + 1, end - 1);
        if (n < 0) this.deliver(REPLY_NIL);
        else this.skip = n + 2;
      } else if (type === 0x2b /* + */ || type === 0x3a /* : */) this.deliver(REPLY_OK);
      else if (type === 0x2d /* - */) this.deliver(REPLY_ERROR);
      else {
        this.failAll(`protocol error: unexpected reply type '${String.fromCharCode(type)}'`);
        return;
      }
    }
  }
}

/**
 * Copies `src` into `out` at `at`; returns the end. A byte loop for the few bytes of a command part
 * (cheaper than TypedArray#set's call), `set` for a value's body.
 */
function put(out: Buffer, at: number, src: Buffer): number {
  const n = src.length;
  if (n > 64) {
    out.set(src, at);
    return at + n;
  }
  for (let j = 0; j < n; j++) out[at + j] = src[j];
  return at + n;
}

/** The integer written in bytes [from, to) (an optional leading '-'). */
function intAt(b: Buffer, from: number, to: number): number {
  let neg = false;
  let i = from;
  if (b[i] === 0x2d) {
    neg = true;
    i++;
  }
  let v = 0;
  for (; i < to; i++) v = v * 10 + (b[i] - 48);
  return neg ? -v : v;
}

/** `*N $len arg …` for a command whose last argument (a value) is sent separately. */
export function commandHead(args: readonly string[], valueBytes: number | null): Buffer {
  const n = args.length + (valueBytes === null ? 0 : 1);
  let s = `*${n}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  if (valueBytes !== null) s += `$${valueBytes}\r\n`;
  return Buffer.from(s);
}
