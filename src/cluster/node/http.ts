// The node's HTTP port, for tools that speak HTTP (autocannon, curl, Prometheus):
//
//   GET    /v1/keys/:key        200 with the value's bytes, 404 when absent
//   PUT    /v1/keys/:key        body = value; `?ttl=<seconds>` optional; 204 when stored, 507 when it
//                                cannot fit in maxmemory, 202 when the eviction policy bypassed it
//   DELETE /v1/keys/:key        204 when deleted, 404 when absent
//   GET    /metrics             Prometheus text (prom-client): commands, hits, misses, evictions,
//                                expirations, memory, keys, connections, a command-latency histogram
//                                (one command in 16 timed, counted in plain numbers and printed on
//                                scrape), and process metrics (CPU seconds, RSS)
//   GET    /healthz             200 {"ok":true,…}
//
// The key is the path segment, percent-decoded, as UTF-8 bytes. The same keyspace, the same
// counters and the same cluster ownership as the RESP port: a key another node owns gets 421
// (Misdirected Request) with `{"moved":"host:port","slot":n}`. With a password, /v1/keys wants
// `Authorization: Bearer <password>` (401 otherwise); /metrics and /healthz hold no data and stay open.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { InputError } from "../../core/errors.js";
import type { NodeState } from "./state.js";
import { keySlot } from "./topology.js";

export async function startHttp(st: NodeState): Promise<Server> {
  const prom = (await import("prom-client")).default;
  const register = new prom.Registry();
  prom.collectDefaultMetrics({ register });
  const ks = st.keyspace;
  const counter = (name: string, help: string, read: () => number) =>
    new prom.Counter({
      name,
      help,
      registers: [register],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  const gauge = (name: string, help: string, read: () => number) =>
    new prom.Gauge({
      name,
      help,
      registers: [register],
      collect() {
        this.set(read());
      },
    });
  counter("cachelab_node_commands_total", "Commands processed (RESP and HTTP)", () => st.stats.commands);
  counter("cachelab_node_keyspace_hits_total", "Reads that found the key", () => ks.stats.hits);
  counter("cachelab_node_keyspace_misses_total", "Reads that did not find the key", () => ks.stats.misses);
  counter("cachelab_node_evicted_keys_total", "Keys evicted by the policy to make room", () => ks.evictions);
  counter("cachelab_node_expired_keys_total", "Keys removed because their TTL passed", () => ks.stats.expired);
  counter("cachelab_node_connections_received_total", "Connections accepted", () => st.stats.connectionsReceived);
  gauge(
    "cachelab_node_memory_used_bytes",
    "Bytes counted toward maxmemory (keys, values, per-entry overhead)",
    () => ks.used,
  );
  gauge("cachelab_node_memory_max_bytes", "maxmemory", () => ks.maxmemory);
  gauge("cachelab_node_keys", "Keys held", () => ks.count);
  gauge("cachelab_node_connections", "Connected RESP clients", () => st.clients.size);
  // the command-latency histogram is counted in plain numbers on the hot path and printed on scrape
  // (a prom-client Histogram's observe() per timed command cost more than the command)
  const latency = new LatencyHistogram(
    "cachelab_node_command_duration_seconds",
    "Time to execute a command inside the node (one command in 16 sampled)",
    [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 0.01, 0.1],
  );
  st.observeLatency = (s) => latency.observe(s);
  const metrics = {
    contentType: register.contentType,
    metrics: async () => `${await register.metrics()}\n${latency.text()}`,
  };

  const server = createServer((req, res) => {
    handle(st, metrics, req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`internal error: ${(e as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const at = `${st.settings.bind}:${st.settings.httpPort}`;
      reject(
        new InputError(
          `--http-port: cannot listen on ${at}: ${e.code === "EADDRINUSE" ? "the port is in use" : e.message}`,
        ),
      );
    });
    server.listen({ port: st.settings.httpPort, host: st.settings.bind }, () => resolve());
  });
  return server;
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "content-type": "application/json" });
  res.end(`${JSON.stringify(body)}\n`);
}

async function handle(
  st: NodeState,
  register: { metrics(): Promise<string>; contentType: string },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://node");
  if (url.pathname === "/healthz") {
    return json(res, 200, { ok: true, name: st.settings.name, port: st.port, keys: st.keyspace.count });
  }
  if (url.pathname === "/metrics") {
    const text = await register.metrics();
    res.writeHead(200, { "content-type": register.contentType });
    res.end(text);
    return;
  }
  const m = /^\/v1\/keys\/(.+)$/.exec(url.pathname);
  if (m === null) return json(res, 404, { error: "not found: use /v1/keys/:key, /metrics or /healthz" });
  const pw = st.settings.password;
  if (pw !== null && req.headers.authorization !== `Bearer ${pw}`) {
    return json(res, 401, { error: "authentication required: Authorization: Bearer <password>" });
  }
  let key: Buffer;
  try {
    key = Buffer.from(decodeURIComponent(m[1]), "utf8");
  } catch {
    return json(res, 400, { error: "the key is not valid percent-encoding" });
  }
  if (key.length > st.settings.maxKey) return json(res, 400, { error: `key longer than ${st.settings.maxKey} bytes` });
  const t = st.topology;
  if (t !== null) {
    const slot = keySlot(key, 0, key.length);
    const owner = t.owner[slot];
    if (owner !== st.self) {
      const o = owner >= 0 ? t.nodes[owner] : null;
      return json(res, 421, { moved: o ? `${o.host}:${o.port}` : null, slot });
    }
  }
  st.now = Date.now();
  st.stats.commands++;
  const ks = st.keyspace;
  if (req.method === "GET" || req.method === "HEAD") {
    const s = ks.find(key, 0, key.length, st.now);
    ks.read(s);
    if (s < 0) return json(res, 404, { error: "no such key" });
    const v = ks.valueStart(s);
    const body = Buffer.from(ks.page(s).subarray(v, v + ks.valueLength(s)));
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
    res.end(req.method === "HEAD" ? undefined : body);
    return;
  }
  if (req.method === "DELETE") {
    const s = ks.find(key, 0, key.length, st.now);
    if (s < 0) return json(res, 404, { error: "no such key" });
    ks.delete(s);
    res.writeHead(204).end();
    return;
  }
  if (req.method === "PUT") {
    const ttl = url.searchParams.get("ttl");
    let expireAt = 0;
    if (ttl !== null) {
      const n = Number(ttl);
      if (!Number.isSafeInteger(n) || n <= 0)
        return json(res, 400, { error: "ttl must be a whole number of seconds > 0" });
      expireAt = Date.now() + n * 1000;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > st.settings.limits.maxBulk) {
        return json(res, 413, { error: `value larger than ${st.settings.limits.maxBulk} bytes` });
      }
      chunks.push(chunk as Buffer);
    }
    const value = Buffer.concat(chunks);
    st.now = Date.now();
    const s = ks.find(key, 0, key.length, st.now);
    const r = ks.write(s, key, 0, key.length, value, 0, value.length, expireAt);
    if (r >= 0) res.writeHead(204).end();
    else if (ks.lastWrite === "oom") json(res, 507, { error: "the value does not fit in maxmemory" });
    else json(res, 202, { stored: false, reason: "the eviction policy did not admit it" });
    return;
  }
  res.setHeader("allow", "GET, HEAD, PUT, DELETE");
  json(res, 405, { error: `method ${req.method} not allowed` });
}

/**
 * A Prometheus histogram without labels, counted in a Float64Array (no object, no label lookup per
 * observation) and printed in the text format prom-client prints: cumulative `_bucket{le="…"}`
 * lines, `+Inf`, `_sum`, `_count`.
 */
export class LatencyHistogram {
  private readonly counts: Float64Array;
  private sum = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    /** Upper bounds, ascending. */
    readonly buckets: number[],
  ) {
    this.counts = new Float64Array(buckets.length + 1);
  }

  observe(v: number): void {
    const b = this.buckets;
    let i = 0;
    while (i < b.length && v > b[i]) i++;
    this.counts[i]++;
    this.sum += v;
  }

  text(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    let n = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      n += this.counts[i];
      lines.push(`${this.name}_bucket{le="${this.buckets[i]}"} ${n}`);
    }
    n += this.counts[this.buckets.length];
    lines.push(`${this.name}_bucket{le="+Inf"} ${n}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${n}`);
    return `${lines.join("\n")}\n`;
  }
}
