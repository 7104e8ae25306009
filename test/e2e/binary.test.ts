// The few things only a real process shows (everything else runs in-process, test/commands/): the
// exit code the shell sees, what goes to stdout and what to stderr, JSON through a pipe, no prompt
// without a TTY, and concurrent runs.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withoutProgress } from "../commands/run.js";
import { type CliResult, cli, FIXTURES } from "./cli.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-bin-"));
const OG = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;

function oneLineError(r: CliResult, code: number): string {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(/\bat .*\.[jt]s:\d+/); // no stack trace
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^cachelab: /);
  return lines[0];
}

describe("the real binary", () => {
  it("a run: the table on stdout, where the result went on stderr, exit 0", async () => {
    const out = join(dir, "r.json");
    const r = await cli(["simulate", "-t", OG, "-e", "lru", "-c", "489", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/lru\s+489 obj\s+113,872\s+0\.8380/);
    expect(r.stdout).not.toContain("result written");
    expect(r.stderr).toContain(`result written to ${out}`);
    expect(JSON.parse(readFileSync(out, "utf8")).results[0].misses).toBe(95420);
  });

  it("--json through a pipe: the whole result JSON on stdout, pretty-printed, nothing on stderr", async () => {
    const r = await cli(["simulate", "-t", OG, "-e", "lru,fifo", "-c", "48,4897", "--json", "--no-save"]);
    expect(r.code).toBe(0);
    expect(withoutProgress(r.stderr)).toBe("");
    expect(r.stdout).toMatch(/^\{\n {2}"schemaVersion": 1,\n/);
    expect(r.stdout.endsWith("}\n")).toBe(true);
    const res = JSON.parse(r.stdout);
    expect(res.results.map((x: { misses: number }) => x.misses)).toEqual([102823, 91657, 103859, 91716]);
    // a reader's notes stay on stderr with --json
    const s = await cli(["trace", "stats", `${FIXTURES}cloudPhysicsIO.csv`, "--json"]);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout).requests).toBe(113872);
    expect(s.stderr).toMatch(/^note: /);
  });

  it("bad input: exit 2, one line on stderr, nothing on stdout", async () => {
    expect(oneLineError(await cli(["simulate", "-t", OG, "-e", "lruu", "-c", "48", "--json"]), 2)).toContain(
      "unknown eviction policy 'lruu'",
    );
    expect(oneLineError(await cli(["simulate", "--bogus"]), 2)).toMatch(/--bogus.*\(see cachelab simulate --help\)/);
    expect(oneLineError(await cli(["trace", "stats", "no/such.bin"]), 2)).toBe("cachelab: no such file: no/such.bin");
    const sc = join(dir, "bad.yaml");
    writeFileSync(sc, "workload:\n  type: synthetic\n  requests: 100\n  objects: 10\ncache:\n  capacity: [10]\n");
    expect(oneLineError(await cli(["simulate", sc, "--no-save"]), 2)).toContain(`${sc}: cache.eviction`);
  });

  it("a run that fails: exit 1, one line", async () => {
    const mod = join(dir, "stuck.js");
    writeFileSync(
      mod,
      `export default { name: "stuck", defaults: {}, params: {}, create: () => {
        const s = new Set();
        return { find: (id) => s.has(id), insert(id) { s.add(id); }, victim: () => -1, evict: () => -1,
          remove: (id) => s.delete(id), get usedBytes() { return s.size; }, get count() { return s.size; } };
      } };\n`,
    );
    const r = await cli(["simulate", "-t", OG, "-e", mod, "-c", "7", "--no-save", "--json"]);
    expect(oneLineError(r, 1)).toContain("evict() removed nothing");
  });

  it("init without a TTY never prompts: defaults, a note on stderr, exit 0", async () => {
    const cwd = join(dir, "init");
    mkdirSync(cwd);
    const r = await cli(["init", "--out", "y.yaml", "--capacity", "5%"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^cachelab: no terminal to ask on, so defaults were used for: workload/);
    expect(r.stdout).toBe("wrote y.yaml\nrun it: cachelab simulate y.yaml\n");
  });

  it("runs started in the same second never overwrite each other's result files", async () => {
    const cwd = join(dir, "runs");
    mkdirSync(cwd);
    await Promise.all([0, 1, 2].map(() => cli(["simulate", "-t", OG, "-e", "lru", "-c", "48"], { cwd })));
    const saved = readdirSync(join(cwd, "reports")).filter((f) => f.endsWith(".json") && f !== "latest.json");
    expect(saved).toHaveLength(3);
    // reports/latest.json, moved by three processes at once, points at one of them
    expect(saved).toContain(readlinkSync(join(cwd, "reports/latest.json")));
  });

  it("help and a mistyped command (oclif's help and not-found plugins)", async () => {
    const h = await cli(["help", "simulate"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("$ cachelab simulate [SCENARIO]");
    const f = await cli(["simulate", "--help"]);
    expect(f.stdout).toBe(h.stdout);
    // without a terminal there is no "Did you mean simulate? (Y/n)" prompt: it points to the list;
    // NO_COLOR is honoured (with CI set and no NO_COLOR, the plugin colours the command name)
    const t = await cli(["simulat"], { env: { NO_COLOR: "1" } });
    expect(t.code).toBe(127);
    expect(t.stdout).toBe("");
    expect(t.stderr).toContain("simulat is not a cachelab command");
    expect(t.stderr).toContain("Run cachelab help for a list of available commands");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes
    expect(t.stderr).not.toMatch(/\u001b\[/);
  });
});
