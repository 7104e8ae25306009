// RESP (the REdis Serialization Protocol, redis.io "Redis serialization protocol specification",
// RESP2 and RESP3): a streaming request parser and a reply writer, with no string built per byte
// and no object per argument.
//
// API (kept small; the proxy and the node both use it):
//
//   const p = new RespParser({ maxBulk, maxMultibulk, maxInline, maxQueryBuffer });
//   p.feed(chunk[, length]);             // a TCP chunk, as it arrived (its first `length` bytes)
//   while (p.next()) {                   // true = one command is ready
//     p.argc;                            // its argument count (the name is argument 0)
//     p.buf, p.argStart[i], p.argEnd[i]  // argument i is p.buf[argStart[i] .. argEnd[i])
//     p.arg(i) / p.str(i)                // a copied Buffer / a latin1 string of it (slow paths only)
//   }                                    // false = needs more bytes (state is kept across feeds)
//   p.release();                         // before the fed memory is reused (a socket's read buffer)
//   // next() throws RespError on a malformed frame: reply `-ERR ${e.message}` and close, as Redis does;
//   // a frame longer than maxQueryBuffer throws RespError with `.overflow` true: close without a reply.
//
//   const w = new RespWriter();          // grows on demand; sent with w.flush(socket)
//   w.ok(); w.simple("PONG"); w.error("ERR …"); w.int(n); w.bulk(buf, s, e); w.bulkString(s);
//   w.nil(); w.array(n); w.map(n) (RESP3 `%`, RESP2 flat array); w.nullArray(); w.raw(buf)
//   w.resp3 = true after `HELLO 3` (changes nil, maps and doubles).
//
// Parsing. A request is either a multibulk (`*<n>\r\n` then n × `$<len>\r\n<bytes>\r\n`) or an
// inline command (a line of words split as redis-cli would type them, with "…" and '…' quoting, as
// Redis's sdssplitargs does). The parser is a state machine that resumes where it stopped, so a
// 100 MB value arriving in 64 KiB chunks is copied once into a buffer sized from its `$` length, and a
// command with a million arguments is not re-scanned per chunk. Arguments are offsets into the
// buffer of the current frame: valid until the next `feed`. Numbers in headers are parsed as Redis's
// string2ll does (no sign on counts, no leading zeros, no spaces). Errors carry Redis's exact words
// (`Protocol error: invalid multibulk length`, `… invalid bulk length`, `… expected '$', got 'x'`,
// `… too big mbulk count string`, `… too big bulk count string`, `… too big inline request`,
// `… unbalanced quotes in request`, and before AUTH `… unauthenticated multibulk length` /
// `… unauthenticated bulk length`).
//
// Writing. Replies are appended to one buffer per connection; `flush` hands the written region to
// the socket and carries on after it in the same buffer (the socket keeps its region; nothing is
// overwritten), so a read chunk full of pipelined commands becomes one write.
import type { Socket } from "node:net";

export class RespError extends Error {
  constructor(
    message: string,
    /** The client went over the query-buffer limit: Redis closes it without a reply. */
    readonly overflow = false,
  ) {
    super(message);
  }
}

export interface ParserLimits {
  /** Largest bulk argument in bytes (Redis's proto-max-bulk-len, default 512 MiB). */
  maxBulk: number;
  /** Most arguments in one multibulk (Redis: 2^31 − 1; argument tables grow only as arguments arrive). */
  maxMultibulk: number;
  /** Longest inline command / header line without a newline (Redis's PROTO_INLINE_MAX_SIZE, 64 KiB). */
  maxInline: number;
  /** Largest unparsed request a client may hold (Redis's client-query-buffer-limit, 1 GiB). */
  maxQueryBuffer: number;
}

export const DEFAULT_LIMITS: ParserLimits = {
  maxBulk: 512 * 1024 * 1024,
  maxMultibulk: 2147483647,
  maxInline: 64 * 1024,
  maxQueryBuffer: 1024 * 1024 * 1024,
};

const CR = 13;
const LF = 10;
const STAR = 42;
const DOLLAR = 36;
const EMPTY = Buffer.alloc(0);

/** Where `peekNumber` stopped (the CR after the digits, or `end`). */
let peekAt = 0;

/** The decimal digits of d[from, …) up to a CR or `end` as a number, or -1 at any other byte. */
function peekNumber(d: Buffer, from: number, end: number): number {
  let v = 0;
  let q = from;
  for (; q < end && d[q] !== CR; q++) {
    const c = d[q] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  peekAt = q;
  return v;
}

export class RespParser {
  /** The bytes the current command's arguments point into. */
  buf: Buffer = EMPTY;
  argc = 0;
  argStart = new Int32Array(16);
  argEnd = new Int32Array(16);
  /** Whether the last command was inline (redis-cli -x, telnet): its arguments live in a scratch buffer. */
  inline = false;
  /**
   * False while the client has not authenticated to a node with a password: as Redis 7 does, a
   * command may then have at most 10 arguments of at most 16 KiB each (an unauthenticated client
   * cannot make the node buffer large frames).
   */
  authenticated = true;

  private readonly limits: ParserLimits;
  /** The data being parsed: data[pos .. end) is unparsed. */
  private data: Buffer = EMPTY;
  private pos = 0;
  private end = 0;
  /** data is our own buffer (may be written past `end`), not a socket chunk. */
  private own = false;
  /** Start of the frame in progress in `data`. */
  private frame = 0;
  /** Multibulk in progress: arguments still to read (0 = at a frame start). */
  private remaining = 0;
  /** Length of the bulk whose `$` header was read, or -1. */
  private bulkLen = -1;
  /** Bytes needed in `data` (from `frame`) before parsing can progress; a hint for buffer sizing. */
  private need = 0;
  private scratch: Buffer = Buffer.allocUnsafe(256);

  constructor(limits: Partial<ParserLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Bytes received and not yet parsed into a command (the client's query buffer). */
  get pending(): number {
    return this.end - this.frame;
  }

  /**
   * Appends the first `length` bytes of a chunk (all of it by default). The arguments of the last
   * command returned become invalid. The parser reads the chunk where it is: a caller that reuses
   * the chunk's memory for the next read (a socket's `onread` buffer) calls `release()` first.
   */
  feed(chunk: Buffer, length = chunk.length): void {
    if (this.frame === this.end) {
      // nothing pending: parse the chunk where it is (the common case, no copy)
      this.data = chunk;
      this.own = false;
      this.pos = this.pos - this.frame;
      this.frame = 0;
      this.end = length;
      return;
    }
    const keep = this.end - this.frame;
    if (this.own && this.frame === 0 && this.data.length - this.end >= length) {
      chunk.copy(this.data, this.end, 0, length);
      this.end += length;
      return;
    }
    const total = keep + length;
    if (total > this.limits.maxQueryBuffer) throw new RespError("query buffer limit reached", true);
    // grow geometrically, towards what the frame is known to need (a large bulk's `$` length), but
    // never trust a length the client has not sent yet for more than doubling
    let size = Math.max(4096, total * 2);
    if (this.need > total) size = Math.max(total, Math.min(this.need, Math.max(size, 1 << 20)));
    size = Math.min(size, Math.max(total, this.limits.maxQueryBuffer));
    const next = Buffer.allocUnsafe(size);
    this.data.copy(next, 0, this.frame, this.end);
    chunk.copy(next, keep, 0, length);
    // argument offsets of a frame in progress are relative to its start: only pos moves
    const shift = this.frame;
    this.pos -= shift;
    this.frame = 0;
    this.end = total;
    this.data = next;
    this.own = true;
  }

  /**
   * The memory last fed is about to be overwritten: copy the unparsed bytes (a frame still arriving)
   * into the parser's own buffer. Costs nothing when every frame was complete (the common case).
   * The arguments of the last command returned become invalid.
   */
  release(): void {
    if (this.own) return;
    if (this.frame === this.end) {
      this.data = EMPTY;
      this.pos = this.frame = this.end = 0;
      return;
    }
    const keep = this.end - this.frame;
    const next = Buffer.allocUnsafe(Math.max(4096, keep * 2, Math.min(this.need, 1 << 20)));
    this.data.copy(next, 0, this.frame, this.end);
    this.pos -= this.frame;
    this.frame = 0;
    this.end = keep;
    this.data = next;
    this.own = true;
  }

  /**
   * Where the second argument (the key, for GET, SET and most commands) of each complete command
   * ahead lies, for up to `max` commands, without parsing them: a look-ahead for prefetching
   * (Keyspace.prefetch). It stops at the first thing that is not a whole multibulk; `next()` then
   * parses, and rejects, it as usual. Returns how many keys it found; the positions are in
   * `peekBuffer`.
   */
  peekKeys(ks: Int32Array, ke: Int32Array, max: number): number {
    if (this.remaining !== 0) return 0;
    const d = this.data;
    const end = this.end;
    let p = this.pos;
    let n = 0;
    while (n < max && p < end && d[p] === STAR) {
      const argc = peekNumber(d, p + 1, end);
      if (argc < 0) return n;
      let q = peekAt + 2;
      let keyStart = -1;
      let keyEnd = -1;
      for (let a = 0; a < argc; a++) {
        if (q >= end || d[q] !== DOLLAR) return n;
        const len = peekNumber(d, q + 1, end);
        if (len < 0) return n;
        q = peekAt + 2;
        if (a === 1) {
          keyStart = q;
          keyEnd = q + len;
        }
        q += len + 2;
        if (q > end) return n;
      }
      if (keyStart >= 0) {
        ks[n] = keyStart;
        ke[n] = keyEnd;
        n++;
      }
      p = q;
    }
    return n;
  }

  /** The buffer `peekKeys`' positions point into. */
  get peekBuffer(): Buffer {
    return this.data;
  }

  /**
   * Parses the next command. True: argc / buf / argStart / argEnd describe it. False: more bytes are
   * needed. Throws RespError on a malformed frame (the connection must then be closed).
   */
  next(): boolean {
    for (;;) {
      if (this.remaining === 0) {
        // at a frame start
        this.frame = this.pos;
        if (this.pos >= this.end) return false;
        const first = this.data[this.pos];
        if (first !== STAR) {
          const r = this.parseInline();
          if (r === 1) return true;
          if (r === 0) return false;
          continue; // an empty line: nothing to run
        }
        const n = this.readNumber(this.pos + 1, "too big mbulk count string");
        if (n === NEED) return false;
        const count = this.num;
        if (n === BAD || count > this.limits.maxMultibulk || count > 2147483647) {
          throw new RespError("Protocol error: invalid multibulk length");
        }
        if (!this.authenticated && count > 10) throw new RespError("Protocol error: unauthenticated multibulk length");
        this.pos = n;
        if (count <= 0) continue; // `*0` / `*-1`: skipped, as Redis does
        this.remaining = count;
        this.argc = 0;
        this.bulkLen = -1;
        if (count > this.argStart.length) {
          let m = this.argStart.length;
          while (m < count) m *= 2;
          // grow lazily up to what actually arrives: a hostile `*1000000` costs nothing until sent
          m = Math.min(m, Math.max(this.argStart.length * 2, 1024));
          this.growArgs(m);
        }
      }
      // inside a multibulk: read bulks
      while (this.remaining > 0) {
        if (this.bulkLen < 0) {
          if (this.pos >= this.end) return this.stall(1);
          const c = this.data[this.pos];
          if (c !== DOLLAR) {
            throw new RespError(`Protocol error: expected '$', got '${String.fromCharCode(c)}'`);
          }
          const n = this.readNumber(this.pos + 1, "too big bulk count string");
          if (n === NEED) return this.stall(1);
          if (n === BAD || this.num < 0 || this.num > this.limits.maxBulk) {
            throw new RespError("Protocol error: invalid bulk length");
          }
          if (!this.authenticated && this.num > 16384)
            throw new RespError("Protocol error: unauthenticated bulk length");
          this.pos = n;
          this.bulkLen = this.num;
        }
        const len = this.bulkLen;
        if (this.end - this.pos < len + 2) return this.stall(this.pos - this.frame + len + 2);
        const i = this.argc++;
        if (i >= this.argStart.length) this.growArgs(this.argStart.length * 2);
        // relative to the frame start until the frame is complete (the buffer may move)
        this.argStart[i] = this.pos - this.frame;
        this.argEnd[i] = this.pos + len - this.frame;
        // Redis does not check the CRLF after a bulk; it skips two bytes. So do we.
        this.pos += len + 2;
        this.bulkLen = -1;
        this.remaining--;
      }
      const base = this.frame;
      for (let i = 0; i < this.argc; i++) {
        this.argStart[i] += base;
        this.argEnd[i] += base;
      }
      this.buf = this.data;
      this.inline = false;
      this.frame = this.pos;
      this.need = 0;
      return true;
    }
  }

  /** Argument i as a new Buffer (a copy: safe to keep). */
  arg(i: number): Buffer {
    return Buffer.from(this.buf.subarray(this.argStart[i], this.argEnd[i]));
  }

  /** Argument i as a latin1 string (byte-exact round trip). */
  str(i: number): string {
    return this.buf.toString("latin1", this.argStart[i], this.argEnd[i]);
  }

  /** Argument i compared, ASCII case-insensitively, with an upper-case word. */
  is(i: number, upper: string): boolean {
    const s = this.argStart[i];
    const n = this.argEnd[i] - s;
    if (n !== upper.length) return false;
    const b = this.buf;
    for (let k = 0; k < n; k++) {
      let c = b[s + k];
      if (c >= 97 && c <= 122) c -= 32;
      if (c !== upper.charCodeAt(k)) return false;
    }
    return true;
  }

  /** Argument i as Redis's string2ll reads it, or NaN when it is not a 64-bit-safe integer. */
  int(i: number): number {
    return parseInteger(this.buf, this.argStart[i], this.argEnd[i]);
  }

  private num = 0;

  /**
   * Reads a header number at `at` up to CRLF into `this.num`; returns the position after the LF,
   * NEED when the line is incomplete, BAD when it is not a number.
   */
  private readNumber(at: number, tooBig: string): number {
    const d = this.data;
    const end = this.end;
    let i = at;
    while (i < end && d[i] !== CR) i++;
    if (i >= end || i + 1 >= end) {
      if (end - this.pos > this.limits.maxInline) throw new RespError(`Protocol error: ${tooBig}`);
      return NEED;
    }
    if (i - this.pos > this.limits.maxInline) throw new RespError(`Protocol error: ${tooBig}`);
    const v = parseInteger(d, at, i);
    // Redis reads the line up to \r and skips \r\n without checking the \n
    if (Number.isNaN(v)) return BAD;
    this.num = v;
    return i + 2;
  }

  /** Not enough bytes: remember how many the frame needs (from its start) and ask for more. */
  private stall(need: number): boolean {
    this.need = need;
    if (this.end - this.frame > this.limits.maxQueryBuffer) throw new RespError("query buffer limit reached", true);
    return false;
  }

  private growArgs(n: number): void {
    const s = new Int32Array(n);
    const e = new Int32Array(n);
    s.set(this.argStart.subarray(0, Math.min(this.argStart.length, n)));
    e.set(this.argEnd.subarray(0, Math.min(this.argEnd.length, n)));
    this.argStart = s;
    this.argEnd = e;
  }

  /** 1: a command; 0: need more; 2: an empty line was skipped. */
  private parseInline(): number {
    const d = this.data;
    const nl = d.indexOf(LF, this.pos);
    if (nl < 0 || nl >= this.end) {
      if (this.end - this.pos > this.limits.maxInline) throw new RespError("Protocol error: too big inline request");
      this.need = 0;
      return 0;
    }
    if (nl - this.pos > this.limits.maxInline) throw new RespError("Protocol error: too big inline request");
    let lineEnd = nl;
    if (lineEnd > this.pos && d[lineEnd - 1] === CR) lineEnd--;
    const start = this.pos;
    this.pos = nl + 1;
    this.frame = this.pos;
    const n = this.splitArgs(d, start, lineEnd);
    if (n === 0) return 2;
    this.argc = n;
    this.buf = this.scratch;
    this.inline = true;
    return 1;
  }

  /**
   * Splits an inline line into arguments in the scratch buffer, as Redis's sdssplitargs: spaces
   * separate words; "…" understands \n \r \t \b \a \\ \" and \xHH; '…' understands \'; a closing
   * quote must be followed by a space or the end.
   */
  private splitArgs(d: Buffer, from: number, to: number): number {
    if (this.scratch.length < to - from) this.scratch = Buffer.allocUnsafe((to - from) * 2);
    const out = this.scratch;
    let w = 0;
    let n = 0;
    let i = from;
    for (;;) {
      while (i < to && isSpace(d[i])) i++;
      if (i >= to) return n;
      if (n >= this.argStart.length) this.growArgs(this.argStart.length * 2);
      this.argStart[n] = w;
      let inDq = false;
      let inSq = false;
      for (;;) {
        if (inDq) {
          if (i >= to) throw new RespError("Protocol error: unbalanced quotes in request");
          const c = d[i];
          if (c === 92 && i + 3 < to && d[i + 1] === 120 && isHex(d[i + 2]) && isHex(d[i + 3])) {
            out[w++] = (hexVal(d[i + 2]) << 4) | hexVal(d[i + 3]);
            i += 4;
          } else if (c === 92 && i + 1 < to) {
            const e = d[i + 1];
            out[w++] = e === 110 ? 10 : e === 114 ? 13 : e === 116 ? 9 : e === 98 ? 8 : e === 97 ? 7 : e;
            i += 2;
          } else if (c === 34) {
            if (i + 1 < to && !isSpace(d[i + 1])) throw new RespError("Protocol error: unbalanced quotes in request");
            i++;
            break;
          } else {
            out[w++] = c;
            i++;
          }
        } else if (inSq) {
          if (i >= to) throw new RespError("Protocol error: unbalanced quotes in request");
          const c = d[i];
          if (c === 92 && i + 1 < to && d[i + 1] === 39) {
            out[w++] = 39;
            i += 2;
          } else if (c === 39) {
            if (i + 1 < to && !isSpace(d[i + 1])) throw new RespError("Protocol error: unbalanced quotes in request");
            i++;
            break;
          } else {
            out[w++] = c;
            i++;
          }
        } else {
          if (i >= to) break;
          const c = d[i];
          if (isSpace(c)) break;
          if (c === 34) inDq = true;
          else if (c === 39) inSq = true;
          else out[w++] = c;
          i++;
        }
      }
      this.argEnd[n] = w;
      n++;
    }
  }
}

const NEED = -1;
const BAD = -2;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12 || c === 0;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
function hexVal(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/**
 * Redis's string2ll on bytes [s, e): an optional '-', then digits with no leading zero (except "0"
 * itself), nothing else; NaN when malformed or outside ±(2^63 − 1). Values beyond 2^53 keep
 * their sign and magnitude approximately (commands that need exact 64-bit arithmetic check range).
 */
export function parseInteger(b: Uint8Array, s: number, e: number): number {
  if (s >= e || e - s > 20) return Number.NaN;
  let i = s;
  let neg = false;
  if (b[i] === 45) {
    neg = true;
    i++;
    if (i === e) return Number.NaN;
  }
  if (b[i] === 48) return i + 1 === e && !neg ? 0 : Number.NaN;
  let v = 0;
  for (; i < e; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  if (e - s >= 16) {
    // beyond 2^53 a double cannot tell: check the 64-bit range exactly
    const big = BigInt(Buffer.from(b.buffer, b.byteOffset + s, e - s).toString("latin1"));
    if (big > 9223372036854775807n || big < -9223372036854775807n) return Number.NaN;
    return Number(big);
  }
  return neg ? -v : v;
}

/**
 * Copies src[s, e) to dst at `at`. Short runs (most keys) are copied by a loop: a
 * native copy costs a view object and a call, more than a couple of dozen bytes of loop (profiled).
 */
export function copyBytes(src: Uint8Array, s: number, e: number, dst: Uint8Array, at: number): void {
  const n = e - s;
  if (n <= 24) for (let i = 0; i < n; i++) dst[at + i] = src[s + i];
  else dst.set(src.subarray(s, e), at);
}

const CRLF = Buffer.from("\r\n");
const OK = Buffer.from("+OK\r\n");
const NIL2 = Buffer.from("$-1\r\n");
const NIL3 = Buffer.from("_\r\n");
const NULL_ARRAY2 = Buffer.from("*-1\r\n");

export class RespWriter {
  /** RESP3 replies (after HELLO 3): `_` nil, `%` maps. */
  resp3 = false;
  private out: Buffer;
  /** Start of the region not yet handed to the socket. */
  private start = 0;
  private pos = 0;

  constructor(private readonly chunk = 64 * 1024) {
    this.out = Buffer.allocUnsafe(chunk);
  }

  /** Bytes written and not flushed. */
  get length(): number {
    return this.pos - this.start;
  }

  private room(n: number): void {
    if (this.out.length - this.pos >= n) return;
    // the flushed part belongs to the socket now: start a fresh buffer with the unflushed part
    const keep = this.pos - this.start;
    const next = Buffer.allocUnsafe(Math.max(this.chunk, (keep + n) * 2));
    this.out.copy(next, 0, this.start, this.pos);
    this.out = next;
    this.start = 0;
    this.pos = keep;
  }

  raw(b: Uint8Array): void {
    this.room(b.length);
    this.out.set(b, this.pos);
    this.pos += b.length;
  }

  ok(): void {
    this.raw(OK);
  }

  /** `+text` (no CR or LF in text). */
  simple(text: string): void {
    this.line(43, text);
  }

  /** `-text`: text starts with the error code (`ERR …`, `WRONGTYPE …`, `MOVED …`). */
  error(text: string): void {
    this.line(45, text);
  }

  private line(prefix: number, text: string): void {
    this.room(text.length * 3 + 3);
    this.out[this.pos++] = prefix;
    this.pos += this.out.write(text, this.pos, "utf8");
    this.out[this.pos++] = CR;
    this.out[this.pos++] = LF;
  }

  int(n: number): void {
    this.room(24);
    this.out[this.pos++] = 58; // :
    this.digits(n);
  }

  /** An integer given as its decimal text (64-bit values beyond 2^53). */
  intText(text: string): void {
    this.line(58, text);
  }

  /** Writes n (an integer) and CRLF. */
  private digits(n: number): void {
    const o = this.out;
    if (n >= 0 && n < 10) {
      o[this.pos++] = 48 + n;
    } else if (Number.isSafeInteger(n) && n > 0) {
      let len = 0;
      for (let t = n; t > 0; t = Math.floor(t / 10)) len++;
      let p = this.pos + len;
      for (let t = n; t > 0; t = Math.floor(t / 10)) o[--p] = 48 + (t % 10);
      this.pos += len;
    } else {
      this.pos += o.write(BigInt(n).toString(), this.pos, "latin1");
    }
    o[this.pos++] = CR;
    o[this.pos++] = LF;
  }

  /** A bulk string of bytes [s, e) of `b`. */
  bulk(b: Uint8Array, s = 0, e = b.length): void {
    const n = e - s;
    this.room(n + 24);
    const o = this.out;
    o[this.pos++] = DOLLAR;
    this.digits(n);
    copyBytes(b, s, e, o, this.pos);
    this.pos += n;
    this.out[this.pos++] = CR;
    this.out[this.pos++] = LF;
  }

  /** The header of a bulk of n bytes; the caller writes the n bytes with `into` and then `crlf`. */
  bulkHeader(n: number): void {
    this.room(n + 24);
    this.out[this.pos++] = DOLLAR;
    this.digits(n);
  }

  /** Room for n bytes at the write position: (buffer, offset). Call `advance(n)` after filling them. */
  into(n: number): Buffer {
    this.room(n + 2);
    return this.out;
  }

  get offset(): number {
    return this.pos;
  }

  advance(n: number): void {
    this.pos += n;
  }

  crlf(): void {
    this.raw(CRLF);
  }

  bulkString(s: string): void {
    const n = Buffer.byteLength(s);
    this.room(n + 24);
    this.out[this.pos++] = DOLLAR;
    this.digits(n);
    this.pos += this.out.write(s, this.pos, "utf8");
    this.out[this.pos++] = CR;
    this.out[this.pos++] = LF;
  }

  /** RESP3 verbatim string (`=len\r\ntxt:…`), a bulk string in RESP2 (INFO, CLIENT INFO). */
  verbatim(s: string): void {
    if (!this.resp3) {
      this.bulkString(s);
      return;
    }
    const n = Buffer.byteLength(s) + 4;
    this.room(n + 24);
    this.out[this.pos++] = 61; // =
    this.digits(n);
    this.pos += this.out.write("txt:", this.pos, "latin1");
    this.pos += this.out.write(s, this.pos, "utf8");
    this.out[this.pos++] = CR;
    this.out[this.pos++] = LF;
  }

  /** The nil reply: `$-1` (RESP2) or `_` (RESP3). */
  nil(): void {
    this.raw(this.resp3 ? NIL3 : NIL2);
  }

  /** A null array: `*-1` (RESP2) or `_` (RESP3). */
  nullArray(): void {
    this.raw(this.resp3 ? NIL3 : NULL_ARRAY2);
  }

  array(n: number): void {
    this.room(24);
    this.out[this.pos++] = STAR;
    this.digits(n);
  }

  /** A map of n pairs: `%n` (RESP3) or an array of 2n (RESP2). */
  map(n: number): void {
    this.room(24);
    this.out[this.pos++] = this.resp3 ? 37 : STAR;
    this.digits(this.resp3 ? n : 2 * n);
  }

  /** A set of n: `~n` (RESP3) or an array (RESP2). */
  set(n: number): void {
    this.room(24);
    this.out[this.pos++] = this.resp3 ? 126 : STAR;
    this.digits(n);
  }

  /** Hands everything written since the last flush to the socket (one write). */
  flush(socket: Socket): void {
    if (this.pos === this.start) return;
    socket.write(this.out.subarray(this.start, this.pos));
    if (socket.writableLength === 0) {
      // the kernel took it all at once (the usual case): the buffer is free again, and writing the
      // next replies over it keeps them in memory the CPU's cache holds (a fresh buffer every few
      // flushes made large GET replies copy into cold memory)
      this.start = this.pos = 0;
      return;
    }
    this.start = this.pos;
    // the whole buffer is with the socket: the next write starts a fresh one
    if (this.out.length - this.pos < 256) {
      this.out = Buffer.allocUnsafe(this.chunk);
      this.start = this.pos = 0;
    }
  }

  /** The unflushed bytes as a copy (tests, the HTTP port). */
  take(): Buffer {
    const b = Buffer.from(this.out.subarray(this.start, this.pos));
    this.start = this.pos;
    return b;
  }
}
