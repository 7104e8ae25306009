// The HTML report as a person sees it: `cachelab demo` writes it and names it (issue 11, item 4),
// and `cachelab report` over real results of every kind (the demo's simulate result, an mrc and a
// plan on the fixture trace) plus a cluster-shaped result (latency, per-node load, phases) renders
// in headless Chromium (/usr/bin/chromium) with every chart drawn (item 1): each canvas gets
// data-drawn="true" from the page's script only after Chart.js has rendered it, read back from
// --dump-dom. The page must fetch nothing: its own count of fetched resources (Resource Timing) is 0,
// and every request the browser makes to the network goes to a recording proxy on 127.0.0.1, which
// must see none but Chromium's own background calls.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { row, simResult } from "../report/fixture.js";
import { type CliResult, cli, FIXTURES } from "./cli.js";

const CHROMIUM = "/usr/bin/chromium";
const OG = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;
const dir = mkdtempSync(join(tmpdir(), "cachelab-report-e2e-"));

/** A recording proxy: every connection the browser opens is one entry (its first line: CONNECT host or GET url). */
function recorder(): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((sock) => {
    sock.once("data", (d) => seen.push(d.toString("latin1").split("\r\n")[0]));
    sock.on("error", () => {});
    sock.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const a = server.address();
      resolve({ server, port: typeof a === "object" && a ? a.port : 0, seen });
    }),
  );
}

/** The DOM after the page's scripts ran (virtual time lets timers and rendering finish). */
function dumpDom(file: string, proxyPort: number): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), "cachelab-chromium-"));
  const args = [
    "--headless",
    "--disable-gpu",
    "--no-sandbox",
    `--user-data-dir=${profile}`,
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    `--proxy-server=http://127.0.0.1:${proxyPort}`,
    "--proxy-bypass-list=<-loopback>",
    "--window-size=1280,1000",
    "--virtual-time-budget=10000",
    "--dump-dom",
    `file://${file}`,
  ];
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM, args, { timeout: 50_000, maxBuffer: 64 << 20 }, (err, stdout) => {
      rmSync(profile, { recursive: true, force: true });
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}

let demo: CliResult;
let files: string[];

beforeAll(async () => {
  const latency = { count: 1000, meanMs: 0.4, p50Ms: 0.3, p90Ms: 0.6, p99Ms: 1.2, p999Ms: 2.5, maxMs: 4 };
  const cluster = (misses: number) =>
    simResult({
      name: "cluster",
      rows: ["ring", "jump"].map((placement, k) =>
        row({
          eviction: "lru",
          capacity: 100,
          misses: misses + 50 * k,
          series: [0.6, 0.5, 0.45, 0.7, 0.55, 0.45],
          window: 100,
          extra: {
            cluster: { nodes: 3, placement, replication: 1, clients: 2, l1: null },
            latency,
            nodes: ["node-1", "node-2", "node-3"].map((name, i) => ({
              name,
              requests: 300 + 50 * i,
              hits: 100,
              misses: 200,
              byteRequests: 300,
              evictions: 0,
              loadShare: [0.3, 0.33, 0.37][i],
            })),
            phases: [
              {
                index: 0,
                event: "start",
                atRequest: 0,
                requests: 300,
                hits: 150,
                misses: 150,
                hitRatioBefore: null,
                lowestHitRatio: 0.4,
                recoveryRequests: null,
                keysRemapped: 0,
              },
              {
                index: 1,
                event: "down node-2",
                atRequest: 300,
                requests: 300,
                hits: 150,
                misses: 150,
                hitRatioBefore: 0.55,
                lowestHitRatio: 0.3,
                recoveryRequests: 200,
                keysRemapped: 120,
                latency,
              },
            ],
          },
        }),
      ),
    });
  // before and after: a comparison
  writeFileSync(join(dir, "before.json"), JSON.stringify(cluster(450)));
  writeFileSync(join(dir, "cluster.json"), JSON.stringify(cluster(400)));
  const [d, m, p] = await Promise.all([
    cli(["demo", "--no-live"], { cwd: dir }), // the live part: test/e2e/demo-live.test.ts
    cli(["mrc", "--trace", OG, "--out", join(dir, "mrc.json")]),
    cli(["plan", "--trace", OG, "--target-hit-ratio", "0.5", "--rate", "1000", "--out", join(dir, "plan.json")]),
  ]);
  demo = d;
  expect(m.code, m.stderr).toBe(0);
  expect(p.code, p.stderr).toBe(0);
  files = [
    join(dir, "reports/latest.json"),
    join(dir, "before.json"),
    join(dir, "cluster.json"),
    join(dir, "mrc.json"),
    join(dir, "plan.json"),
  ];
}, 180_000); // demo (1 M requests), mrc and plan in parallel: seconds when quiet, much more on a loaded machine

describe("HTML report in a browser", () => {
  it("cachelab demo writes the HTML report beside its result and prints its path", () => {
    expect(demo.code, demo.stderr).toBe(0);
    const m = demo.stderr.match(/report written to (reports\/quickstart-\d{8}-\d{6}\.html); open it in a browser/);
    expect(m, demo.stderr).not.toBeNull();
    const html = readFileSync(join(dir, (m as RegExpMatchArray)[1]), "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<canvas id="chart-r0-mrc" data-chart="mrc"');
    expect(existsSync(join(dir, (m as RegExpMatchArray)[1].replace(/\.html$/, ".json")))).toBe(true);
  });

  let proxy: Awaited<ReturnType<typeof recorder>>;
  afterAll(() => {
    proxy?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("every chart of every result kind is drawn in headless Chromium, offline, with no network request", async () => {
    const out = join(dir, "all.html");
    const r = await cli(["report", ...files, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    proxy = await recorder();
    const dom = await dumpDom(out, proxy.port);
    const body = dom.match(/<body([^>]*)>/)?.[1] ?? "";
    expect(body).not.toContain("data-error");
    const canvases = [...dom.matchAll(/<canvas\b[^>]*>/g)].map((m) => m[0]);
    const kinds = canvases.map((c) => c.match(/data-chart="([^"]+)"/)?.[1]);
    // the comparison (before/after), then demo (curve, two time charts, energy), before and after
    // (bar, time with phases, latency, nodes), mrc (curves), plan (curves, energy)
    const cluster = ["mrc", "time", "latency", "nodes"];
    expect(kinds).toEqual(["compare", "mrc", "time", "time", "energy", ...cluster, ...cluster, "mrc", "mrc", "energy"]);
    expect(canvases.filter((c) => c.includes('data-drawn="true"'))).toHaveLength(canvases.length);
    expect(body).toContain(`data-charts-drawn="${canvases.length}"`);
    expect(body).toContain('data-ready="true"');
    expect(body).toContain('data-resources="0"');
    // Chromium's own background services (network time, component updater, sign-in, Android
    // check-in, the default search engine's preconnect) call out for any page, about:blank too, to
    // Google's hosts, which ones varying by version and run; anything else would be the page's —
    // and data-resources="0" above already says the page itself loaded nothing
    const own = /^(GET|POST|CONNECT) (https?:\/\/)?([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com)[:/]/;
    expect(proxy.seen.filter((line) => !own.test(line))).toEqual([]);
  }, 120_000);
});
