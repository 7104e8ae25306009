// Every command the README shows works as written: each line of its ```sh blocks that starts with
// `cachelab` (continuation lines joined, `# comments` dropped) runs in-process and exits 0, and so
// do the hints the tool prints (`next: cachelab …`, `run it: cachelab …`). The README is the
// source: a new example there is tested without touching this file, unless it names a new
// placeholder file, which then needs a line in SUBSTITUTES.
//
// Substitutions (placeholder in the README → what runs here), so that the run is small and fast:
//
//   my.oracleGeneral.bin, trace.oracleGeneral.bin, my.bin → test/fixtures/traces/cloudPhysicsIO.oracleGeneral.bin
//   trace.csv, traces/prod.csv                            → test/fixtures/traces/cloudPhysicsIO.csv
//   trace.vscsi                                           → test/fixtures/traces/cloudPhysicsIO.vscsi
//   requests.csv                                          → a 4-request CSV with time,key,bytes columns
//   scenarios/<name>.yaml, and a hint's <file>.yaml       → a copy of the scenario shrunk to at most
//                                                           20,000 requests over 2,000 objects (scans shortened)
//   ./examples/<file>                                     → the same file by absolute path
//   `trace generate … --requests N --objects M`           → 20,000 requests over at most 5,000 objects
//
// Outputs (`trace convert`'s OUT, `--out`, results under reports/, `init`'s file) go to a fresh
// working directory per line; `cachelab demo` runs as written (1 M requests), with --no-live (its live
// part runs in test/e2e/demo-live.test.ts). The `cachelab cluster …`
// lines share one cluster state file (CACHELAB_STATE, in the run's temporary folder), so `cluster up`
// and the lines after it act on the same cluster; a cluster a failed line leaves is stopped at the end.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { cli } from "../e2e/cli.js";
import { readmeCommands } from "./readme-lines.js";
import { FIXTURES, ROOT, run } from "./run.js";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "cachelab-readme-"));
const CLUSTER_ENV = { CACHELAB_STATE: join(dir, "cluster", "cluster.json") };
afterAll(async () => {
  if (existsSync(CLUSTER_ENV.CACHELAB_STATE)) await run(["cluster", "down"], { env: CLUSTER_ENV });
});

/** A scenario file (shipped, or written by `init`), shrunk to a test-sized workload, written to `dir`. */
function shrunk(path: string): string {
  const doc = parse(readFileSync(path, "utf8"));
  const w = doc.workload;
  if (w.type === "synthetic") {
    w.requests = Math.min(w.requests, 20_000);
    w.objects = Math.min(w.objects, 2_000);
    if (w.scans?.length) w.scans.length = Math.min(w.scans.length, 200);
    if (typeof w.keys?.every === "number") w.keys.every = Math.min(w.keys.every, 2_000);
  } else if (!isAbsolute(w.path)) w.path = join(dirname(path), w.path);
  if (typeof doc.cache.window === "number") doc.cache.window = Math.min(doc.cache.window, 1_000);
  const out = join(mkdtempSync(join(dir, "scenario-")), basename(path));
  writeFileSync(out, stringify(doc));
  return out;
}

const OG = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;
const CSV = `${FIXTURES}cloudPhysicsIO.csv`;
const REQUESTS_CSV = join(dir, "requests.csv");
writeFileSync(REQUESTS_CSV, "time,key,bytes\n1,a,100\n2,b,200\n3,a,100\n4,c,50\n");

const SUBSTITUTES: Record<string, string> = {
  "my.oracleGeneral.bin": OG,
  "trace.oracleGeneral.bin": OG,
  "my.bin": OG,
  "trace.csv": CSV,
  "traces/prod.csv": CSV,
  "trace.vscsi": `${FIXTURES}cloudPhysicsIO.vscsi`,
  "requests.csv": REQUESTS_CSV,
};

/** One README line as the argv that runs in `cwd` (see the table at the top). */
function argvOf(line: string, cwd: string): string[] {
  const words = line
    .replace(/^(npx )?cachelab\s*/, "")
    .split(/\s+/)
    .filter(Boolean);
  // trace convert IN OUT: OUT is written, so it stays a name in the working directory
  const outputAt = words[0] === "trace" && words[1] === "convert" ? 3 : -1;
  const argv = words.map((w, i) => {
    if (i === outputAt || words[i - 1] === "--out" || words[i - 1] === "-o") return w;
    if (SUBSTITUTES[w]) return SUBSTITUTES[w];
    if (w.endsWith(".yaml")) {
      const at = [join(cwd, w), join(ROOT, w)].find((p) => existsSync(p));
      if (at) return shrunk(at);
    }
    // a module path, alone or in a list (`--eviction ./examples/mru-policy.js,lru`)
    return w.replace(/(^|,)\.\/examples\//g, `$1${ROOT}examples/`);
  });
  // the demo's live part (a 3-node cluster for ~10 s) runs for real in test/e2e/demo-live.test.ts
  if (words[0] === "demo") argv.push("--no-live");
  if (words[0] === "trace" && words[1] === "generate") {
    const r = argv.indexOf("--requests");
    if (r >= 0) argv.splice(r, 2);
    const o = argv.indexOf("--objects");
    if (o >= 0) argv[o + 1] = String(Math.min(Number(argv[o + 1]), 5_000));
    argv.push("--requests", "20000");
  }
  return argv;
}

// each distinct line once (`cachelab demo` is shown twice)
const commands = [...new Set(readmeCommands(README))];

/** Runs a command line in a fresh working directory and checks it exits 0 without an error. */
async function runsClean(line: string, cwd: string) {
  const argv = argvOf(line, cwd);
  // --help is answered by oclif's entry point, before any command runs: that needs the real binary
  const r = argv.includes("--help")
    ? await cli(argv, { cwd, env: CLUSTER_ENV })
    : await run(argv, { cwd, env: CLUSTER_ENV });
  expect(r.code, `${line}\n→ cachelab ${argv.join(" ")}\n${r.stderr}`).toBe(0);
  expect(r.stderr, line).not.toMatch(/\bat .*\.[jt]sx?:\d+|Error/);
  return r;
}

function freshDir(): string {
  const cwd = join(dir, `run-${Math.random().toString(36).slice(2)}`);
  mkdirSync(cwd);
  return cwd;
}

describe("the README's commands run as written", () => {
  it("finds the README's commands, all in one form: `cachelab …` (on the PATH after `npm link`)", () => {
    expect(commands.length).toBeGreaterThan(20);
    expect(README).toMatch(/^npm link\b/m);
    // `npx cachelab` only in the quick start's first command (it runs this checkout, in this folder)
    expect(README.match(/npx cachelab [a-z]\S*/g)).toEqual(["npx cachelab demo"]);
    expect(README).toMatch(/^npm ci && npx cachelab demo\b/m);
    expect(README).toMatch(/^npm ci && npm test\b/m);
    expect(commands.every((c) => c.startsWith("cachelab "))).toBe(true);
  });

  it("parses sh blocks: continuations joined, comments dropped, only cachelab lines", () => {
    const md = "```sh\nnpm ci   # no\ncachelab a --x 1 \\\n  --y 2   # comment\n# cachelab not this\ncachelab b\n```\n";
    expect(readmeCommands(md)).toEqual(["cachelab a --x 1 --y 2", "cachelab b"]);
  });

  it.each(commands)("%s", async (line) => {
    const cwd = freshDir();
    const r = await runsClean(line, cwd);
    if (line === "cachelab demo") {
      // the demo compares the eight policies its description names, on the quick-start scenario
      for (const p of ["lru", "fifo", "clock", "sieve", "s3fifo", "arc", "twoq", "wtinylfu"]) {
        expect(r.stdout).toMatch(new RegExp(`^${p}\\s+1% \\(`, "m"));
      }
      expect(r.stdout).toContain("quickstart: 1,000,000 requests");
    }
    // the hints the tool prints are commands too: they must work as written
    const hints = [...`${r.stdout}\n${r.stderr}`.matchAll(/(?:next|run it): (cachelab [^\n;]+)/g)].map((m) => m[1]);
    for (const hint of hints) await runsClean(hint.trim(), cwd);
  });

  it("`cachelab help simulate` shows simulate's help; a mistyped command names `cachelab help`", async () => {
    const h = await run(["help", "simulate"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("$ cachelab simulate [SCENARIO]");
    expect(h.stdout).toContain("--eviction");
    const all = await run(["help"]);
    expect(all.stdout).toMatch(/simulate\s+Replay a workload/);
  });
});
