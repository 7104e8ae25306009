// Connection and server commands: PING, ECHO, AUTH, HELLO, SELECT, QUIT, INFO, DBSIZE, FLUSHALL,
// FLUSHDB, CONFIG GET/SET/RESETSTAT, COMMAND (COUNT, INFO, DOCS, LIST), CLIENT (SETNAME, GETNAME,
// SETINFO, ID, INFO, LIST). What they answer is what redis-cli, redis-benchmark and ioredis ask for
// when they connect (INFO's `loading:0` ready check, CONFIG GET save/appendonly, HELLO 3, CLIENT
// SETINFO), in Redis 7's words (src/networking.c, src/config.c, src/server.c).
import { cpuUsage, memoryUsage } from "node:process";
import { arityError, COMMANDS, type CommandDef, type Handler, INT_ERR, NO_KEYS, SYNTAX_ERR } from "./command-def.js";
import { OVERHEAD } from "./keyspace.js";
import { replicaInfo } from "./replication.js";
import type { Client, NodeState } from "./state.js";

/** The Redis version this node answers like (INFO, HELLO): the protocol level it implements. */
export const REDIS_VERSION = "7.0.0";

const ping: Handler = (_st, _c, p, w) => {
  if (p.argc > 2) return w.error(arityError("ping"));
  if (p.argc === 1) w.simple("PONG");
  else w.bulk(p.buf, p.argStart[1], p.argEnd[1]);
};

const echo: Handler = (_st, _c, p, w) => w.bulk(p.buf, p.argStart[1], p.argEnd[1]);

/** AUTH [user] password: true when it succeeded (the reply is written). */
function authenticate(
  st: NodeState,
  c: Client,
  user: string | null,
  pass: string,
  w: { error(t: string): void },
): boolean {
  const want = st.settings.password;
  if (want === null) {
    w.error(
      user === null
        ? "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"
        : "WRONGPASS invalid username-password pair or user is disabled.",
    );
    return false;
  }
  if ((user !== null && user !== "default") || !safeEqual(pass, want)) {
    w.error("WRONGPASS invalid username-password pair or user is disabled.");
    return false;
  }
  c.authed = true;
  return true;
}

/** Compares in time independent of where the strings differ. */
function safeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

const auth: Handler = (st, c, p, w) => {
  if (p.argc > 3) return w.error(SYNTAX_ERR);
  const user = p.argc === 3 ? p.str(1) : null;
  if (authenticate(st, c, user, p.str(p.argc - 1), w)) w.ok();
};

const hello: Handler = (st, c, p, w) => {
  let proto = c.resp as number;
  let i = 1;
  if (p.argc >= 2) {
    const v = p.int(1);
    if (Number.isNaN(v)) return w.error("ERR Protocol version is not an integer or out of range");
    if (v < 2 || v > 3) return w.error("NOPROTO unsupported protocol version");
    proto = v;
    i = 2;
  }
  let setname: string | null = null;
  for (; i < p.argc; i++) {
    const more = p.argc - i - 1;
    if (p.is(i, "AUTH") && more >= 2) {
      if (!authenticate(st, c, p.str(i + 1), p.str(i + 2), w)) return;
      i += 2;
    } else if (p.is(i, "SETNAME") && more >= 1) {
      setname = p.str(i + 1);
      i++;
    } else return w.error(`ERR Syntax error in HELLO option '${p.str(i)}'`);
  }
  if (!c.authed)
    return w.error(
      "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
    );
  if (setname !== null) {
    if (!validName(setname)) return w.error("ERR Client names cannot contain spaces, newlines or special characters.");
    c.name = setname;
  }
  w.resp3 = proto === 3;
  w.map(7);
  w.bulkString("server");
  w.bulkString("redis");
  w.bulkString("version");
  w.bulkString(REDIS_VERSION);
  w.bulkString("proto");
  w.int(proto);
  w.bulkString("id");
  w.int(c.id);
  w.bulkString("mode");
  w.bulkString(st.topology ? "cluster" : "standalone");
  w.bulkString("role");
  w.bulkString(isReplica(st) ? "replica" : "master");
  w.bulkString("modules");
  w.array(0);
};

function replicationInfo(st: NodeState): [string, string | number][] {
  if (!isReplica(st)) return [["role", "master"], ...replicaInfo(st)];
  const t = st.topology!;
  const primary = t.nodes.find((n) => n.name === t.nodes[st.self].replicaOf)!;
  let linked = false;
  for (const c of st.clients) if (c.replication) linked = true;
  return [
    ["role", "slave"],
    ["master_host", primary.host],
    ["master_port", primary.port],
    ["master_link_status", linked ? "up" : "down"],
    ["connected_slaves", 0],
  ];
}

function isReplica(st: NodeState): boolean {
  return st.topology !== null && st.self >= 0 && st.topology.nodes[st.self].replicaOf !== null;
}

function validName(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

const select: Handler = (st, _c, p, w) => {
  const n = p.int(1);
  if (Number.isNaN(n)) return w.error(INT_ERR);
  if (n !== 0)
    return w.error(st.topology ? "ERR SELECT is not allowed in cluster mode" : "ERR DB index is out of range");
  w.ok();
};

const quit: Handler = (_st, c, _p, w) => {
  w.ok();
  c.closing = true;
};

const dbsize: Handler = (st, _c, _p, w) => w.int(st.keyspace.count);

const flushall: Handler = (st, _c, p, w) => {
  if (p.argc > 2 || (p.argc === 2 && !p.is(1, "ASYNC") && !p.is(1, "SYNC"))) return w.error(SYNTAX_ERR);
  st.keyspace.flush();
  w.ok();
};

// --- INFO ---

function infoSections(st: NodeState): Record<string, [string, string | number][]> {
  const ks = st.keyspace;
  const mem = memoryUsage();
  const cpu = cpuUsage();
  const up = Math.floor((Date.now() - st.startedAt) / 1000);
  const s = st.stats;
  const t = st.topology;
  return {
    server: [
      ["redis_version", REDIS_VERSION],
      ["cachelab_node", st.settings.name],
      ["redis_mode", t ? "cluster" : "standalone"],
      ["os", `${process.platform} ${process.arch}`],
      ["arch_bits", 64],
      ["multiplexing_api", "epoll"],
      ["process_id", process.pid],
      ["tcp_port", st.port],
      ["uptime_in_seconds", up],
      ["uptime_in_days", Math.floor(up / 86400)],
      ["hz", st.settings.hz],
      ["executable", process.execPath],
    ],
    clients: [
      ["connected_clients", st.clients.size],
      ["maxclients", st.settings.maxClients],
      ["blocked_clients", 0],
    ],
    memory: [
      ["used_memory", ks.used],
      ["used_memory_human", human(ks.used)],
      ["used_memory_rss", mem.rss],
      ["used_memory_rss_human", human(mem.rss)],
      ["used_memory_dataset", ks.structureBytes],
      ["used_memory_js_heap", mem.heapUsed],
      ["maxmemory", ks.maxmemory],
      ["maxmemory_human", human(ks.maxmemory)],
      ["maxmemory_policy", st.settings.eviction],
      ["entry_overhead_bytes", OVERHEAD],
    ],
    persistence: [
      ["loading", 0],
      ["async_loading", 0],
      ["rdb_bgsave_in_progress", 0],
      ["aof_enabled", 0],
    ],
    stats: [
      ["total_connections_received", s.connectionsReceived],
      ["total_commands_processed", s.commands],
      ["total_net_input_bytes", s.netInputBytes],
      ["total_net_output_bytes", s.netOutputBytes],
      ["rejected_connections", s.rejectedConnections],
      ["expired_keys", ks.stats.expired],
      ["evicted_keys", ks.evictions],
      ["keyspace_hits", ks.stats.hits],
      ["keyspace_misses", ks.stats.misses],
      ["total_error_replies", 0],
      ["protocol_errors", s.protocolErrors],
    ],
    replication: replicationInfo(st),
    cpu: [
      ["used_cpu_sys", (cpu.system / 1e6).toFixed(6)],
      ["used_cpu_user", (cpu.user / 1e6).toFixed(6)],
    ],
    cluster: [["cluster_enabled", t ? 1 : 0]],
    keyspace: ks.count > 0 ? [["db0", `keys=${ks.count},expires=${ks.volatileCount},avg_ttl=0`]] : [],
  };
}

function human(n: number): string {
  const units = ["B", "K", "M", "G", "T"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n}B` : `${v.toFixed(2)}${units[u]}`;
}

/** INFO's text for the named sections (none, `default`, `all`, `everything`: every section). */
export function infoText(st: NodeState, names: string[]): string {
  const all = infoSections(st);
  const want =
    names.length === 0 || names.some((n) => ["all", "everything", "default"].includes(n)) ? Object.keys(all) : names;
  const out: string[] = [];
  for (const name of want) {
    const sec = all[name];
    if (!sec) continue;
    if (out.length > 0) out.push("");
    out.push(`# ${name[0].toUpperCase()}${name.slice(1)}`);
    for (const [k, v] of sec) out.push(`${k}:${v}`);
  }
  return out.length === 0 ? "" : `${out.join("\r\n")}\r\n`;
}

const info: Handler = (st, _c, p, w) => {
  const names: string[] = [];
  for (let i = 1; i < p.argc; i++) names.push(p.str(i).toLowerCase());
  w.verbatim(infoText(st, names));
};

// --- CONFIG ---

interface Param {
  get(st: NodeState): string;
  set?(st: NodeState, v: string): string | null; // an error text, or null when set
}

const bytesParam = (read: (st: NodeState) => number, write?: (st: NodeState, n: number) => void): Param => ({
  get: (st) => String(read(st)),
  set: write
    ? (st, v) => {
        const n = parseMemory(v);
        if (n === null) return "argument must be a memory value";
        write(st, n);
        return null;
      }
    : undefined,
});

function parseMemory(v: string): number | null {
  const m = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(v.trim());
  if (!m) return null;
  const f: Record<string, number> = { b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  return Number(m[1]) * (m[2] ? f[m[2].toLowerCase()] : 1);
}

const fixed = (value: string, accepts?: string[]): Param => ({
  get: () => value,
  set: accepts
    ? (_st, v) =>
        accepts.includes(v.toLowerCase()) ? null : `this node only supports ${accepts.map((a) => `'${a}'`).join(", ")}`
    : undefined,
});

const PARAMS: Record<string, Param> = {
  maxmemory: {
    get: (st) => String(st.keyspace.maxmemory),
    set: (st, v) => {
      const n = parseMemory(v);
      if (n === null) return "argument must be a memory value";
      // Redis reads 0 as "no limit"; an eviction policy needs one
      if (n < 1024 || !Number.isSafeInteger(n))
        return "this node needs a limit of at least 1024 bytes (0, no limit, is not supported: the eviction policy needs a capacity)";
      // shrinking evicts through the policy now, as Redis evicts at once after CONFIG SET maxmemory
      st.keyspace.setMaxmemory(n);
      st.settings.memory = n;
      return null;
    },
  },
  "maxmemory-policy": {
    get: (st) => st.settings.eviction,
    set: (st) =>
      `the eviction policy is fixed at start (${st.settings.eviction}): the engine cannot swap a policy and its state; restart the node with --eviction`,
  },
  "proto-max-bulk-len": bytesParam(
    (st) => st.settings.limits.maxBulk,
    (st, n) => {
      st.settings.limits.maxBulk = n;
    },
  ),
  "client-query-buffer-limit": bytesParam(
    (st) => st.settings.limits.maxQueryBuffer,
    (st, n) => {
      st.settings.limits.maxQueryBuffer = n;
    },
  ),
  maxclients: {
    get: (st) => String(st.settings.maxClients),
    set: (st, v) => {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 1) return "argument couldn't be parsed into an integer";
      st.settings.maxClients = n;
      return null;
    },
  },
  hz: {
    get: (st) => String(st.settings.hz),
    set: (st, v) => {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 1 || n > 500) return "argument must be between 1 and 500 inclusive";
      st.settings.hz = n;
      return null;
    },
  },
  port: { get: (st) => String(st.port) },
  bind: { get: (st) => st.settings.bind },
  requirepass: { get: (st) => st.settings.password ?? "" },
  "protected-mode": { get: (st) => (st.settings.password === null ? "yes" : "no") },
  "cluster-enabled": { get: (st) => (st.topology ? "yes" : "no") },
  save: fixed("", [""]),
  appendonly: fixed("no", ["no"]),
  databases: fixed("1"),
  timeout: fixed("0", ["0"]),
  "tcp-keepalive": fixed("300"),
  "lazyfree-lazy-user-del": fixed("no"),
};

/** Redis's stringmatchlen for CONFIG GET patterns: * ? [abc] and \ escapes, ASCII case-insensitive. */
export function globMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  const rec = (pi: number, ti: number): boolean => {
    while (pi < p.length) {
      const ch = p[pi];
      if (ch === "*") {
        while (p[pi + 1] === "*") pi++;
        if (pi + 1 === p.length) return true;
        for (let k = ti; k <= t.length; k++) if (rec(pi + 1, k)) return true;
        return false;
      }
      if (ti >= t.length) return false;
      if (ch === "?") {
        pi++;
        ti++;
        continue;
      }
      if (ch === "[") {
        const close = p.indexOf("]", pi + 1);
        if (close < 0) return false;
        let set = p.slice(pi + 1, close);
        const neg = set.startsWith("^");
        if (neg) set = set.slice(1);
        let hit = false;
        for (let k = 0; k < set.length; k++) {
          if (set[k + 1] === "-" && k + 2 < set.length) {
            if (t[ti] >= set[k] && t[ti] <= set[k + 2]) hit = true;
            k += 2;
          } else if (set[k] === t[ti]) hit = true;
        }
        if (hit === neg) return false;
        pi = close + 1;
        ti++;
        continue;
      }
      const lit = ch === "\\" && pi + 1 < p.length ? p[++pi] : ch;
      if (lit !== t[ti]) return false;
      pi++;
      ti++;
    }
    return ti === t.length;
  };
  return rec(0, 0);
}

const configGet: Handler = (st, _c, p, w) => {
  const found = new Map<string, string>();
  for (let i = 2; i < p.argc; i++) {
    const pat = p.str(i);
    for (const [name, param] of Object.entries(PARAMS)) if (globMatch(pat, name)) found.set(name, param.get(st));
  }
  w.map(found.size);
  for (const [k, v] of found) {
    w.bulkString(k);
    w.bulkString(v);
  }
};

const configSet: Handler = (st, _c, p, w) => {
  if ((p.argc - 2) % 2 !== 0) return w.error(arityError("config|set"));
  for (let i = 2; i < p.argc; i += 2) {
    const name = p.str(i).toLowerCase();
    const param = PARAMS[name];
    if (param === undefined || param.set === undefined) {
      return w.error(
        param === undefined
          ? `ERR Unknown option or number of arguments for CONFIG SET - '${p.str(i)}'`
          : `ERR CONFIG SET failed (possibly related to argument '${p.str(i)}') - can't set this parameter on a running cachelab node`,
      );
    }
    const err = param.set(st, p.str(i + 1));
    if (err !== null) return w.error(`ERR CONFIG SET failed (possibly related to argument '${p.str(i)}') - ${err}`);
  }
  w.ok();
};

const configResetstat: Handler = (st, _c, _p, w) => {
  const ks = st.keyspace;
  ks.stats.hits = ks.stats.misses = ks.stats.expired = 0;
  st.stats.commands = 0;
  w.ok();
};

// --- COMMAND ---

function commandInfo(w: Parameters<Handler>[3], d: CommandDef): void {
  w.array(10);
  w.bulkString(d.name);
  w.int(d.arity);
  w.set(d.flags.length);
  for (const f of d.flags) w.simple(f);
  w.int(d.keys[0]);
  w.int(d.keys[1]);
  w.int(d.keys[2]);
  w.set(0); // ACL categories
  w.set(0); // tips
  w.array(0); // key specs
  w.array(0); // subcommands
}

const command: Handler = (_st, _c, p, w) => {
  if (p.argc === 1) {
    w.array(COMMANDS.length);
    for (const d of COMMANDS) commandInfo(w, d);
    return;
  }
  if (p.is(1, "COUNT")) return p.argc === 2 ? w.int(COMMANDS.length) : w.error(arityError("command|count"));
  if (p.is(1, "INFO")) {
    w.array(p.argc - 2);
    for (let i = 2; i < p.argc; i++) {
      const d = COMMANDS.find((x) => x.name === p.str(i).toLowerCase());
      if (d) commandInfo(w, d);
      else w.nullArray();
    }
    return;
  }
  if (p.is(1, "DOCS")) return w.map(0);
  if (p.is(1, "LIST")) {
    w.array(COMMANDS.length);
    for (const d of COMMANDS) w.bulkString(d.name);
    return;
  }
  w.error(`ERR unknown subcommand '${p.str(1).slice(0, 128)}'. Try COMMAND HELP.`);
};

// --- CLIENT ---

function clientLine(st: NodeState, c: Client): string {
  const age = Math.floor((st.now - c.createdAt) / 1000);
  return `id=${c.id} addr=${c.addr} laddr=${c.socket.localAddress}:${c.socket.localPort} fd=-1 name=${c.name} age=${age} idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=${c.parser.pending} qbuf-free=0 argv-mem=0 multi-mem=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=client|info user=default redir=-1 resp=${c.resp} lib-name=${c.libName} lib-ver=${c.libVer}`;
}

const clientSub: Record<string, { arity: number; run: Handler }> = {
  setname: {
    arity: 3,
    run: (_st, c, p, w) => {
      const name = p.str(2);
      if (!validName(name)) return w.error("ERR Client names cannot contain spaces, newlines or special characters.");
      c.name = name;
      w.ok();
    },
  },
  getname: { arity: 2, run: (_st, c, _p, w) => (c.name === "" ? w.nil() : w.bulkString(c.name)) },
  setinfo: {
    arity: 4,
    run: (_st, c, p, w) => {
      const v = p.str(3);
      if (!validName(v) && v !== "") {
        return w.error(`ERR ${p.str(2)} cannot contain spaces, newlines or special characters.`);
      }
      if (p.is(2, "LIB-NAME")) c.libName = v;
      else if (p.is(2, "LIB-VER")) c.libVer = v;
      else return w.error(`ERR Unrecognized option '${p.str(2)}'`);
      w.ok();
    },
  },
  id: { arity: 2, run: (_st, c, _p, w) => w.int(c.id) },
  info: { arity: 2, run: (st, c, _p, w) => w.verbatim(`${clientLine(st, c)}\n`) },
  list: {
    arity: -2,
    run: (st, _c, _p, w) => w.verbatim([...st.clients].map((x) => `${clientLine(st, x)}\n`).join("")),
  },
};

export function adminCommands(): CommandDef[] {
  const d = (name: string, arity: number, flags: string[], run: Handler): CommandDef => ({
    name,
    arity,
    flags,
    keys: NO_KEYS,
    run,
  });
  const notTop: Handler = (_st, _c, _p, w) => w.error("ERR missing subcommand");
  return [
    d("ping", -1, ["fast", "stale"], ping),
    d("echo", 2, ["fast"], echo),
    d("auth", -2, ["noscript", "loading", "stale", "fast", "no_auth"], auth),
    d("hello", -1, ["noscript", "loading", "stale", "fast", "no_auth"], hello),
    d("select", 2, ["loading", "stale", "fast"], select),
    d("quit", -1, ["noscript", "loading", "stale", "fast", "no_auth"], quit),
    d("info", -1, ["loading", "stale"], info),
    d("dbsize", 1, ["readonly", "fast"], dbsize),
    d("flushall", -1, ["write"], flushall),
    d("flushdb", -1, ["write"], flushall),
    {
      ...d("config", -2, ["loading", "stale"], notTop),
      sub: {
        get: { arity: -3, run: configGet },
        set: { arity: -4, run: configSet },
        resetstat: { arity: 2, run: configResetstat },
      },
    },
    d("command", -1, ["loading", "stale"], command),
    { ...d("client", -2, ["loading", "stale"], notTop), sub: clientSub },
  ];
}
