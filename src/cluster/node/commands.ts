// The command table and dispatcher: one entry per command (name, arity as Redis's command table
// states it — negative = at least — flags, key positions, handler), the argument checks Redis makes
// before running a command (unknown command, arity, authentication, cluster slot ownership), and the
// string-keyspace commands themselves. Replies and error texts are Redis 7's, word for word
// (src/server.c, src/t_string.c, src/expire.c, src/db.c), because clients and tests compare them.
//
// The hot path (GET and SET) is recognised from the bytes of the command name, with no string made;
// other names are looked up in a Map after one latin1 conversion. Keys and values are read from the
// parser's buffer as offsets and copied once, into the arena (writes) or the reply buffer (reads).
import { adminCommands } from "./admin.js";
import { checkSlots, clusterCommands } from "./cluster-commands.js";
import { arityError, COMMANDS, type CommandDef, type Handler, INT_ERR, SYNTAX_ERR } from "./command-def.js";
import { replicationOf } from "./replication.js";
import type { RespParser, RespWriter } from "./resp.js";
import type { Client, NodeState } from "./state.js";

const OOM_ERR = "OOM command not allowed when used memory > 'maxmemory'.";
const NOAUTH = "NOAUTH Authentication required.";
const MAX_I64 = 9223372036854775807n;

/** An error text as Redis sanitises it: no CR or LF inside a simple error. */
function clean(s: string): string {
  return s.replace(/[\r\n]/g, " ");
}

function unknownCommand(p: RespParser): string {
  let args = "";
  for (let i = 1; i < p.argc && args.length < 128; i++) {
    args += `'${p.str(i).slice(0, 128 - args.length)}' `;
  }
  return clean(`ERR unknown command '${p.str(0).slice(0, 128)}', with args beginning with: ${args}`);
}

/** A key argument over the node's key-length limit (a cachelab limit; Redis allows 512 MiB). */
function keyTooLong(st: NodeState, def: CommandDef, p: RespParser, w: RespWriter): boolean {
  const [first, last, step] = def.keys;
  const end = last < 0 ? p.argc + last : last;
  for (let i = first; i <= end; i += step) {
    if (p.argEnd[i] - p.argStart[i] > st.settings.maxKey) {
      w.error(`ERR key is longer than this node's limit (${st.settings.maxKey} bytes)`);
      return true;
    }
  }
  return false;
}

// --- string commands ---

function get(st: NodeState, _c: Client, p: RespParser, w: RespWriter) {
  const ks = st.keyspace;
  const s = ks.find(p.buf, p.argStart[1], p.argEnd[1], st.now);
  ks.read(s);
  if (s < 0) w.nil();
  else {
    const v = ks.valueStart(s);
    w.bulk(ks.page(s), v, v + ks.valueLength(s));
  }
}

const NX = 1;
const XX = 2;
const GET = 4;
const KEEPTTL = 8;

function set(st: NodeState, _c: Client, p: RespParser, w: RespWriter) {
  let flags = 0;
  let expireAt = 0;
  let unit = 0; // 0 none, else the option index
  for (let i = 3; i < p.argc; i++) {
    if (p.is(i, "NX") && !(flags & XX)) flags |= NX;
    else if (p.is(i, "XX") && !(flags & NX)) flags |= XX;
    else if (p.is(i, "GET")) flags |= GET;
    else if (p.is(i, "KEEPTTL") && unit === 0) flags |= KEEPTTL;
    else if (
      (p.is(i, "EX") || p.is(i, "PX") || p.is(i, "EXAT") || p.is(i, "PXAT")) &&
      unit === 0 &&
      !(flags & KEEPTTL)
    ) {
      if (i + 1 >= p.argc) return w.error(SYNTAX_ERR);
      unit = i;
      i++;
    } else return w.error(SYNTAX_ERR);
  }
  if (unit !== 0) {
    const n = p.int(unit + 1);
    if (Number.isNaN(n)) return w.error(INT_ERR);
    const ms = p.is(unit, "EX") || p.is(unit, "EXAT") ? n * 1000 : n;
    if (
      n <= 0 ||
      !Number.isSafeInteger(ms) ||
      (p.argEnd[unit] - p.argStart[unit] === 2 && !Number.isSafeInteger(ms + st.now))
    ) {
      return w.error("ERR invalid expire time in 'set' command");
    }
    expireAt = p.is(unit, "EX") || p.is(unit, "PX") ? st.now + ms : ms;
  }
  const ks = st.keyspace;
  const s = ks.find(p.buf, p.argStart[1], p.argEnd[1], st.now);
  if (flags & GET) {
    ks.read(s);
    if (s < 0) w.nil();
    else {
      const v = ks.valueStart(s);
      w.bulk(ks.page(s), v, v + ks.valueLength(s));
    }
  }
  if ((flags & NX && s >= 0) || (flags & XX && s < 0)) {
    if (!(flags & GET)) w.nil();
    return;
  }
  if (expireAt !== 0 && expireAt <= st.now) {
    // an absolute time in the past: Redis stores nothing and deletes the key
    if (s >= 0) st.keyspace.delete(s);
    if (!(flags & GET)) w.ok();
    return;
  }
  const r = ks.write(
    s,
    p.buf,
    p.argStart[1],
    p.argEnd[1],
    p.buf,
    p.argStart[2],
    p.argEnd[2],
    flags & KEEPTTL ? -1 : expireAt,
  );
  if (flags & GET) return;
  if (r < 0 && ks.lastWrite === "oom") w.error(OOM_ERR);
  else w.ok();
}

function del(st: NodeState, _c: Client, p: RespParser, w: RespWriter) {
  let n = 0;
  const ks = st.keyspace;
  for (let i = 1; i < p.argc; i++) {
    const s = ks.find(p.buf, p.argStart[i], p.argEnd[i], st.now);
    if (s >= 0) {
      ks.delete(s);
      n++;
    }
  }
  w.int(n);
}

function exists(st: NodeState, _c: Client, p: RespParser, w: RespWriter) {
  let n = 0;
  for (let i = 1; i < p.argc; i++) if (st.keyspace.find(p.buf, p.argStart[i], p.argEnd[i], st.now) >= 0) n++;
  w.int(n);
}

function expireGeneric(ms: boolean, name: string): Handler {
  return (st, _c, p, w) => {
    const n = p.int(2);
    if (Number.isNaN(n)) return w.error(INT_ERR);
    let nx = false;
    let xx = false;
    let gt = false;
    let lt = false;
    for (let i = 3; i < p.argc; i++) {
      if (p.is(i, "NX")) nx = true;
      else if (p.is(i, "XX")) xx = true;
      else if (p.is(i, "GT")) gt = true;
      else if (p.is(i, "LT")) lt = true;
      else return w.error(`ERR Unsupported option ${p.str(i)}`);
    }
    if (nx && (xx || gt || lt)) return w.error("ERR NX and XX, GT or LT options at the same time are not compatible");
    if (gt && lt) return w.error("ERR GT and LT options at the same time are not compatible");
    const delta = ms ? n : n * 1000;
    if (!Number.isSafeInteger(delta) || !Number.isSafeInteger(delta + st.now)) {
      return w.error(`ERR invalid expire time in '${name}' command`);
    }
    const ks = st.keyspace;
    const s = ks.find(p.buf, p.argStart[1], p.argEnd[1], st.now);
    if (s < 0) return w.int(0);
    const at = st.now + delta;
    const cur = ks.ttlAt(s);
    // a key without a TTL counts as an infinite TTL for GT / LT
    if ((nx && cur !== 0) || (xx && cur === 0) || (gt && (cur === 0 || at <= cur)) || (lt && cur !== 0 && at >= cur)) {
      return w.int(0);
    }
    if (at <= st.now) {
      ks.delete(s);
      ks.stats.expired++;
    } else ks.setExpiry(s, at);
    w.int(1);
  };
}

function ttlGeneric(ms: boolean): Handler {
  return (st, _c, p, w) => {
    const s = st.keyspace.find(p.buf, p.argStart[1], p.argEnd[1], st.now);
    if (s < 0) return w.int(-2);
    const at = st.keyspace.ttlAt(s);
    if (at === 0) return w.int(-1);
    const left = Math.max(0, at - st.now);
    w.int(ms ? left : Math.floor((left + 500) / 1000));
  };
}

function persist(st: NodeState, _c: Client, p: RespParser, w: RespWriter) {
  const s = st.keyspace.find(p.buf, p.argStart[1], p.argEnd[1], st.now);
  if (s < 0 || st.keyspace.ttlAt(s) === 0) return w.int(0);
  st.keyspace.setExpiry(s, 0);
  w.int(1);
}

function mget(st: NodeState, _c: Client, p: RespParser, w: RespWriter) {
  const ks = st.keyspace;
  w.array(p.argc - 1);
  for (let i = 1; i < p.argc; i++) {
    const s = ks.find(p.buf, p.argStart[i], p.argEnd[i], st.now);
    ks.read(s);
    if (s < 0) w.nil();
    else {
      const v = ks.valueStart(s);
      w.bulk(ks.page(s), v, v + ks.valueLength(s));
    }
  }
}

function mset(st: NodeState, _c: Client, p: RespParser, w: RespWriter) {
  if (p.argc % 2 === 0) return w.error(arityError("mset"));
  const ks = st.keyspace;
  let oom = false;
  for (let i = 1; i < p.argc; i += 2) {
    const s = ks.find(p.buf, p.argStart[i], p.argEnd[i], st.now);
    if (ks.write(s, p.buf, p.argStart[i], p.argEnd[i], p.buf, p.argStart[i + 1], p.argEnd[i + 1], 0) < 0) {
      if (ks.lastWrite === "oom") oom = true;
    }
  }
  if (oom) w.error(OOM_ERR);
  else w.ok();
}

const scratch = { buf: Buffer.allocUnsafe(64) };
function scratchOf(n: number): Buffer {
  if (scratch.buf.length < n) scratch.buf = Buffer.allocUnsafe(Math.max(n, scratch.buf.length * 2));
  return scratch.buf;
}

/** INCR / DECR / INCRBY / DECRBY: `sign` applies to the increment; `arg` its position (0 = 1). */
function incrGeneric(sign: 1 | -1, arg: number, name: string): Handler {
  return (st, _c, p, w) => {
    let by = 1n;
    if (arg > 0) {
      const n = p.int(arg);
      if (Number.isNaN(n)) return w.error(INT_ERR);
      by = BigInt(p.str(arg));
      if (sign < 0 && by === -MAX_I64 - 1n) return w.error("ERR decrement would overflow");
    }
    if (sign < 0) by = -by;
    const ks = st.keyspace;
    const s = ks.find(p.buf, p.argStart[1], p.argEnd[1], st.now);
    let cur = 0n;
    if (s >= 0) {
      const v = ks.valueStart(s);
      const page = ks.page(s);
      const len = ks.valueLength(s);
      const n = len > 0 && len <= 20 ? parseIntStrict(page, v, v + len) : null;
      if (n === null) return w.error(INT_ERR);
      cur = n;
    }
    const next = cur + by;
    if (next > MAX_I64 || next < -MAX_I64 - 1n) return w.error("ERR increment or decrement would overflow");
    const text = next.toString();
    const b = scratchOf(text.length);
    b.write(text, 0, "latin1");
    const r = ks.write(s, p.buf, p.argStart[1], p.argEnd[1], b, 0, text.length, -1);
    if (r < 0 && ks.lastWrite === "oom") return w.error(OOM_ERR);
    void name;
    w.intText(text);
  };
}

/** string2ll on bytes as a BigInt (full 64-bit range), or null. */
function parseIntStrict(b: Uint8Array, s: number, e: number): bigint | null {
  let i = s;
  if (b[i] === 45) i++;
  if (i === e) return null;
  if (b[i] === 48 && (i + 1 !== e || i !== s)) return null;
  for (let k = i; k < e; k++) if (b[k] < 48 || b[k] > 57) return null;
  const v = BigInt(Buffer.from(b.buffer, b.byteOffset + s, e - s).toString("latin1"));
  if (v > MAX_I64 || v < -MAX_I64 - 1n) return null;
  return v;
}

function append(st: NodeState, _c: Client, p: RespParser, w: RespWriter) {
  const ks = st.keyspace;
  const s = ks.find(p.buf, p.argStart[1], p.argEnd[1], st.now);
  const add = p.argEnd[2] - p.argStart[2];
  const old = s >= 0 ? ks.valueLength(s) : 0;
  if (old + add > st.settings.limits.maxBulk)
    return w.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
  const b = scratchOf(old + add);
  if (s >= 0) ks.page(s).copy(b, 0, ks.valueStart(s), ks.valueStart(s) + old);
  p.buf.copy(b, old, p.argStart[2], p.argEnd[2]);
  const r = ks.write(s, p.buf, p.argStart[1], p.argEnd[1], b, 0, old + add, -1);
  if (r < 0 && ks.lastWrite === "oom") return w.error(OOM_ERR);
  w.int(old + add);
}

function strlen(st: NodeState, _c: Client, p: RespParser, w: RespWriter) {
  const s = st.keyspace.find(p.buf, p.argStart[1], p.argEnd[1], st.now);
  w.int(s < 0 ? 0 : st.keyspace.valueLength(s));
}

function type(st: NodeState, _c: Client, p: RespParser, w: RespWriter) {
  const s = st.keyspace.find(p.buf, p.argStart[1], p.argEnd[1], st.now);
  w.simple(s < 0 ? "none" : "string");
}

const K1: [number, number, number] = [1, 1, 1];
const KALL: [number, number, number] = [1, -1, 1];

COMMANDS.push(
  { name: "get", arity: 2, flags: ["readonly", "fast"], keys: K1, run: get },
  { name: "set", arity: -3, flags: ["write", "denyoom"], keys: K1, run: set },
  { name: "del", arity: -2, flags: ["write"], keys: KALL, run: del },
  { name: "unlink", arity: -2, flags: ["write", "fast"], keys: KALL, run: del },
  { name: "exists", arity: -2, flags: ["readonly", "fast"], keys: KALL, run: exists },
  { name: "expire", arity: -3, flags: ["write", "fast"], keys: K1, run: expireGeneric(false, "expire") },
  { name: "pexpire", arity: -3, flags: ["write", "fast"], keys: K1, run: expireGeneric(true, "pexpire") },
  { name: "ttl", arity: 2, flags: ["readonly", "fast"], keys: K1, run: ttlGeneric(false) },
  { name: "pttl", arity: 2, flags: ["readonly", "fast"], keys: K1, run: ttlGeneric(true) },
  { name: "persist", arity: 2, flags: ["write", "fast"], keys: K1, run: persist },
  { name: "mget", arity: -2, flags: ["readonly", "fast"], keys: KALL, run: mget },
  { name: "mset", arity: -3, flags: ["write", "denyoom"], keys: [1, -1, 2], run: mset },
  { name: "incr", arity: 2, flags: ["write", "denyoom", "fast"], keys: K1, run: incrGeneric(1, 0, "incr") },
  { name: "decr", arity: 2, flags: ["write", "denyoom", "fast"], keys: K1, run: incrGeneric(-1, 0, "decr") },
  { name: "incrby", arity: 3, flags: ["write", "denyoom", "fast"], keys: K1, run: incrGeneric(1, 2, "incrby") },
  { name: "decrby", arity: 3, flags: ["write", "denyoom", "fast"], keys: K1, run: incrGeneric(-1, 2, "decrby") },
  { name: "append", arity: 3, flags: ["write", "denyoom"], keys: K1, run: append },
  { name: "strlen", arity: 2, flags: ["readonly", "fast"], keys: K1, run: strlen },
  { name: "type", arity: 2, flags: ["readonly", "fast"], keys: K1, run: type },
  ...adminCommands(),
  ...clusterCommands(),
);

for (const d of COMMANDS) d.write = d.flags.includes("write");
const TABLE = new Map<string, CommandDef>(COMMANDS.map((d) => [d.name, d]));
const GET_DEF = TABLE.get("get")!;
const SET_DEF = TABLE.get("set")!;

/** Commands a client may send before AUTH. */
const NO_AUTH = new Set(["auth", "hello", "quit"]);

/** The definition of the command in p (GET and SET recognised without making a string). */
function lookup(p: RespParser): CommandDef | undefined {
  const s = p.argStart[0];
  const n = p.argEnd[0] - s;
  if (n === 3) {
    const b = p.buf;
    const c1 = b[s + 1] | 32;
    const c2 = b[s + 2] | 32;
    if (c1 === 101 && c2 === 116) {
      const c0 = b[s] | 32;
      if (c0 === 103) return GET_DEF; // get
      if (c0 === 115) return SET_DEF; // set
    }
  }
  if (n > 32) return undefined;
  return TABLE.get(p.str(0).toLowerCase());
}

/** Runs the command the parser holds; the reply goes to the client's writer. */
export function dispatch(st: NodeState, c: Client, p: RespParser) {
  const w = c.writer;
  const def = lookup(p);
  st.stats.commands++;
  c.commands++;
  if (def === undefined) {
    if (!c.authed) return w.error(NOAUTH);
    return w.error(unknownCommand(p));
  }
  if (!c.authed && !NO_AUTH.has(def.name)) return w.error(NOAUTH);
  const a = def.arity;
  if ((a > 0 && p.argc !== a) || p.argc < -a) return w.error(arityError(def.name));
  if (def.sub !== undefined) {
    const name = p.str(1).toLowerCase();
    const sub = def.sub[name];
    if (sub === undefined) {
      return w.error(clean(`ERR unknown subcommand '${p.str(1).slice(0, 128)}'. Try ${def.name.toUpperCase()} HELP.`));
    }
    if ((sub.arity > 0 && p.argc !== sub.arity) || p.argc < -sub.arity) {
      return w.error(arityError(`${def.name}|${name}`));
    }
    return sub.run(st, c, p, w);
  }
  if (def.keys[0] !== 0) {
    if (keyTooLong(st, def, p, w)) return;
    if (st.topology !== null && !checkSlots(st, c, p, def)) return;
  }
  def.run(st, c, p, w);
  // a cluster primary streams the write's effect to its replicas (replication.ts)
  if (def.write === true && (st.topology !== null || st.replication !== undefined))
    replicationOf(st)?.propagate(p, def);
}
