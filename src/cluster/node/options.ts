// The node's settings from its command line (`node dist/src/cluster/node/main.js …` and `cachelab
// node …` share them), every default in one place, and the eviction policy resolved through the
// same registry and parameter checks as the simulator (`--eviction s3fifo`, `clock:bits=2`, or a
// user's module path).
import { InputError } from "../../core/errors.js";
import type { SlotMap } from "../../engine/slots.js";
import type { EvictionPolicy } from "../../policies/eviction/types.js";
import { createStrategy, parseRef } from "../../policies/resolve.js";
import { resolvePolicy } from "../../scenario/policies.js";
import { parseBytes } from "../../workload/units.js";
import { DEFAULT_LIMITS } from "./resp.js";
import type { NodeSettings } from "./state.js";

export const NODE_DEFAULTS = {
  name: "node",
  bind: "127.0.0.1",
  port: 6380,
  /** 0 = any free port (the ready line says which); -1 = no HTTP port. */
  httpPort: 0,
  memory: "64MiB",
  eviction: "lru",
  maxClients: 10_000,
  maxKey: "64KiB",
  maxValue: "512MiB",
  maxMultibulk: 1_048_576,
  maxQueryBuffer: "1GiB",
  hz: 10,
};

/** One line per flag, for `--help` (main.js) and the docs. */
export const NODE_USAGE = `usage: node dist/src/cluster/node/main.js [flags]   (or: cachelab node [flags])
  --port N              RESP port (default ${NODE_DEFAULTS.port}; 0 = any free port)
  --http-port N         HTTP port: /v1/keys/:key, /metrics, /healthz (default 0 = any free port; -1 = none)
  --bind ADDR           address to listen on (default ${NODE_DEFAULTS.bind}; another needs --password)
  --memory SIZE         maxmemory: keys + values + 64 B per entry (default ${NODE_DEFAULTS.memory})
  --eviction POLICY     eviction policy from \`cachelab policies\`, with params (default ${NODE_DEFAULTS.eviction})
  --name NAME           node name (INFO, metrics, its entry in a topology; default ${NODE_DEFAULTS.name})
  --topology FILE|JSON  Redis Cluster mode: the slot map (see docs/node.md); SIGHUP reloads the file
  --password P          require AUTH P (or set CACHELAB_NODE_PASSWORD, which keeps it out of ps)
  --max-clients N       connections at once (default ${NODE_DEFAULTS.maxClients})
  --max-key SIZE        longest key (default ${NODE_DEFAULTS.maxKey})
  --max-value SIZE      longest value / bulk argument (default ${NODE_DEFAULTS.maxValue}, Redis's proto-max-bulk-len)
  --max-multibulk N     most arguments in one command (default ${NODE_DEFAULTS.maxMultibulk})
  --max-query-buffer SIZE  unparsed bytes a client may hold (default ${NODE_DEFAULTS.maxQueryBuffer})
  --hz N                active expiry cycles per second (default ${NODE_DEFAULTS.hz})
  --check               start, print the ready line, and stop (checks flags, policy and ports)
Prints one JSON line when listening: {"ready":true,"name":…,"pid":…,"port":…,"httpPort":…}`;

export interface NodeFlags {
  port?: number;
  httpPort?: number;
  bind?: string;
  memory?: string;
  eviction?: string;
  name?: string;
  topology?: string;
  password?: string;
  maxClients?: number;
  maxKey?: string;
  maxValue?: string;
  maxMultibulk?: number;
  maxQueryBuffer?: string;
  hz?: number;
  /** Start, print the ready line, stop. */
  check?: boolean;
}

const NUMERIC = new Set(["port", "httpPort", "maxClients", "maxMultibulk", "hz"]);

/** argv (without node and the script) → flags; `--help` → null. Unknown or malformed flags throw. */
export function parseNodeArgs(argv: readonly string[]): NodeFlags | null {
  const out: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return null;
    if (a === "--check") {
      out.check = 1;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (m === null) throw new InputError(`unexpected argument '${a}' (flags look like --port 7001; see --help)`);
    const key = m[1].replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
    if (!(key in NODE_DEFAULTS) && key !== "topology" && key !== "password") {
      throw new InputError(`unknown flag --${m[1]} (see --help)`);
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new InputError(`--${m[1]} needs a value`);
    if (NUMERIC.has(key)) {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw new InputError(`--${m[1]}: expected an integer, got '${value}'`);
      out[key] = n;
    } else out[key] = value;
  }
  return { ...(out as Omit<NodeFlags, "check">), check: out.check === 1 };
}

function size(flag: string, v: string): number {
  try {
    return parseBytes(v);
  } catch (e) {
    throw new InputError(`--${flag}: ${(e as Error).message}`);
  }
}

/** Flags → settings, checked (one line naming the flag on anything wrong). */
export function nodeSettings(f: NodeFlags, env: NodeJS.ProcessEnv = process.env): NodeSettings {
  const d = NODE_DEFAULTS;
  const port = f.port ?? d.port;
  const httpPort = f.httpPort ?? d.httpPort;
  if (port < 0 || port > 65535) throw new InputError(`--port: expected 0–65535, got ${port}`);
  if (httpPort < -1 || httpPort > 65535) throw new InputError(`--http-port: expected -1–65535, got ${httpPort}`);
  const memory = size("memory", f.memory ?? d.memory);
  if (memory < 1024) throw new InputError(`--memory: at least 1KiB, got ${memory} bytes`);
  const maxClients = f.maxClients ?? d.maxClients;
  if (maxClients < 1) throw new InputError("--max-clients: at least 1");
  const maxMultibulk = f.maxMultibulk ?? d.maxMultibulk;
  if (maxMultibulk < 1 || maxMultibulk > 2147483647) throw new InputError("--max-multibulk: expected 1–2147483647");
  const hz = f.hz ?? d.hz;
  if (hz < 1 || hz > 500) throw new InputError("--hz: expected 1–500");
  const maxKey = size("max-key", f.maxKey ?? d.maxKey);
  const maxBulk = size("max-value", f.maxValue ?? d.maxValue);
  const maxQueryBuffer = size("max-query-buffer", f.maxQueryBuffer ?? d.maxQueryBuffer);
  if (maxKey < 1 || maxBulk < 1 || maxQueryBuffer < 1024) {
    throw new InputError("--max-key and --max-value must be ≥ 1 byte, --max-query-buffer ≥ 1KiB");
  }
  const password = f.password ?? env.CACHELAB_NODE_PASSWORD ?? null;
  if (password === "") throw new InputError("--password: empty (omit it for no password)");
  const name = f.name ?? d.name;
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(name))
    throw new InputError(`--name: letters, digits and _ . : - only (got '${name}')`);
  return {
    name,
    bind: f.bind ?? d.bind,
    port,
    httpPort,
    memory,
    eviction: f.eviction ?? d.eviction,
    password,
    topology: f.topology ?? null,
    maxClients,
    maxKey,
    limits: { ...DEFAULT_LIMITS, maxBulk, maxMultibulk, maxQueryBuffer },
    hz,
  };
}

/**
 * The eviction policy named by `--eviction`, as a factory the keyspace calls with its slot map.
 * Oracle policies (Belady) need the future and are refused.
 */
export async function evictionFactory(text: string, capacity: number): Promise<(keys: SlotMap) => EvictionPolicy> {
  let ref: ReturnType<typeof parseRef>;
  try {
    ref = parseRef(text, "eviction policy");
  } catch (e) {
    throw new InputError(`--eviction: ${(e as Error).message}`);
  }
  const r = await resolvePolicy(ref, "eviction policy");
  if ((r.spec as { oracle?: boolean }).oracle) {
    throw new InputError(
      `--eviction ${text}: ${r.spec.name} is an oracle policy (it needs the future requests); a live node cannot run it`,
    );
  }
  return (keys) =>
    createStrategy<EvictionPolicy>(r.spec, r.params, { capacity, ids: 1024, seed: 1, keys }, ref, "eviction policy");
}
