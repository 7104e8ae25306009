// `cachelab gate` as a user runs it (in-process): exit 0 for an unchanged run, 1 for a regression,
// 2 for a malformed or mismatched baseline or a bad rule (one line naming the file, field or row);
// --junit writes valid JUnit XML, $GITHUB_STEP_SUMMARY gets the Markdown appended, --json prints
// the checks, --update-baseline replaces the baseline only after a pass (or with --force), and
// --scenario runs a scenario first, with its gates: section and --repeat samples.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../e2e/cli.js";
import { standard, tmp, write } from "../gate/helpers.js";
import { parseXml } from "../gate/xml.js";
import { run, withoutProgress } from "./run.js";

const dir = tmp();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BASE = write(dir, "baseline.json", standard());
const SAME = write(dir, "same.json", standard());
const WORSE = write(dir, "worse.json", standard({ "lru@10%": 420 }));

/** Runs the gate with no step summary unless one is given (the tests may run inside Actions). */
const gate = (args: string[], env: Record<string, string> = {}) =>
  run(["gate", ...args], { env: { GITHUB_STEP_SUMMARY: "", ...env } });

function oneLine(r: { code: number; stderr: string }, code = 2): string {
  expect(r.code).toBe(code);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe("cachelab gate", () => {
  it("an unchanged run passes: exit 0 and the table", async () => {
    const r = await gate([
      "--baseline",
      BASE,
      "--current",
      SAME,
      "--rule",
      "missRatio +0.5%",
      "--rule",
      "hitRatio -1%",
    ]);
    expect(withoutProgress(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^result\s+rule\s+row\s+metric\s+value\s+baseline\s+delta\s+limit\s+test$/);
    expect(lines.filter((l) => l.startsWith("pass "))).toHaveLength(8);
    expect(lines.at(-1)).toBe("gate passed: 8 checks");
  });

  it("a regression fails: exit 1, the failed row named with its numbers", async () => {
    const r = await gate(["--baseline", BASE, "--current", WORSE, "--rule", "missRatio +0.5%"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^FAIL\s+missRatio \+0\.5%\s+eviction=lru capacity=10%\s+missRatio\s+0\.42\s+0\.4\s+\+0\.02 \(\+5\.00%\)\s+<= 0\.402 \(\+0\.5%\)\s+exact$/m,
    );
    expect(r.stdout).toContain("gate failed: 1 of 4 checks failed");
    expect(r.stdout).toContain("  FAIL eviction=lru capacity=10%: missRatio 0.42 is past the limit <= 0.402 (+0.5%)");
  });

  it("a malformed baseline: exit 2 naming the file and the field", async () => {
    const bad = JSON.parse(readFileSync(BASE, "utf8"));
    bad.results[1].hitRatio = "high";
    const file = join(dir, "malformed.json");
    writeFileSync(file, JSON.stringify(bad));
    const r = await gate(["--baseline", file, "--current", SAME, "--rule", "missRatio +0%"]);
    expect(oneLine(r)).toBe(`cachelab: ${file}: results.1.hitRatio: expected a number, got "high"`);
    expect(r.stdout).toBe("");
  });

  it("mismatched rows: exit 2 naming the row", async () => {
    const fewer = standard();
    fewer.results.pop();
    const file = write(dir, "fewer.json", fewer);
    const r = await gate(["--baseline", BASE, "--current", file, "--rule", "missRatio +0%"]);
    expect(oneLine(r)).toBe(
      `cachelab: mismatched baseline: row eviction=sieve capacity=10% is in the baseline (${BASE}) but not in the current result (${file})`,
    );
  });

  it("bad rules and flags: exit 2 with what was expected", async () => {
    expect(oneLine(await gate(["--baseline", BASE, "--current", SAME, "--rule", "missRatio is low"]))).toMatch(
      /^cachelab: --rule 'missRatio is low': 'missRatio is low': expected METRIC OP NUMBER/,
    );
    expect(oneLine(await gate(["--baseline", BASE, "--current", SAME]))).toMatch(
      /^cachelab: no gate rules: give --rule/,
    );
    expect(oneLine(await gate(["--baseline", BASE, "--rule", "missRatio <= 1"]))).toBe(
      "cachelab: give --current FILE or --scenario FILE",
    );
    expect(oneLine(await gate(["--current", SAME, "--rule", "missRatio <= 1", "--alpha", "2"]))).toMatch(
      /^cachelab: --alpha '2': give a false-alarm rate between 0 and 0.5/,
    );
    expect(
      oneLine(
        await gate([
          "--baseline",
          BASE,
          "--baseline",
          SAME,
          "--current",
          SAME,
          "-r",
          "missRatio +0%",
          "--update-baseline",
        ]),
      ),
    ).toBe("cachelab: --update-baseline replaces one baseline file: give exactly one --baseline");
  });

  it("a baseline of another workload or seed is said, not refused", async () => {
    const other = standard();
    other.seed = 7;
    other.source.sha256 = "f".repeat(64);
    const file = write(dir, "other-workload.json", other);
    const r = await gate(["--baseline", file, "--current", SAME, "--rule", "missRatio +0%"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "note: the baseline replayed another workload than the current run (source.sha256 ffffffffffff… vs 000000000000…)\nnote: the baseline ran with seed 7, the current run with seed 42\n",
    );
  });

  it("absolute rules run without a baseline", async () => {
    const r = await gate(["--current", SAME, "--rule", "eviction=sieve missRatio <= 0.5"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("gate failed: 1 of 2 checks failed");
  });

  it("--json prints the checks; the exit code still says the verdict", async () => {
    const r = await gate(["--baseline", BASE, "--current", WORSE, "--rule", "missRatio +0.5%", "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      kind: "gate",
      passed: false,
      exitCode: 1,
      checksRun: 4,
      failed: 1,
      rules: ["missRatio +0.5%"],
    });
    expect(j.checks[1]).toMatchObject({
      row: "eviction=lru capacity=10%",
      metric: "missRatio",
      method: "exact",
      value: 0.42,
      baseline: 0.4,
      passed: false,
    });
    const ok = await gate(["--baseline", BASE, "--current", SAME, "--rule", "missRatio +0.5%", "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).passed).toBe(true);
  });

  it("--junit writes valid JUnit XML, one testcase per rule × row", async () => {
    const junit = join(dir, "gate.xml");
    const r = await gate([
      "-b",
      BASE,
      "-c",
      WORSE,
      "-r",
      "missRatio +0.5%",
      "-r",
      "eviction=lru hitRatio >= 0.5",
      "--junit",
      junit,
    ]);
    expect(r.code).toBe(1);
    const suite = parseXml(readFileSync(junit, "utf8")).children[0];
    expect(suite.attrs).toMatchObject({ tests: "6", failures: "2" });
    expect(suite.children.filter((c) => c.children[0]?.name === "failure").map((c) => c.attrs.name)).toEqual([
      "missRatio +0.5% [eviction=lru capacity=10%]",
      "eviction=lru hitRatio >= 0.5 [eviction=lru capacity=1%]",
    ]);
  });

  it("appends a Markdown summary to $GITHUB_STEP_SUMMARY, keeping what earlier steps wrote", async () => {
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "## earlier step\n\n");
    const r = await gate(["-b", BASE, "-c", WORSE, "-r", "missRatio +0.5%"], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    const md = readFileSync(summary, "utf8");
    expect(md.startsWith("## earlier step\n\n### cachelab gate: ❌ failed: 1 of 4 checks failed\n")).toBe(true);
    expect(md).toContain("| ❌ **FAIL** | `missRatio +0.5%` | eviction=lru capacity=10% | missRatio | 0.42 | 0.4 |");
  });

  it("a gate that cannot run (exit 2) says so in the step summary too", async () => {
    const summary = join(dir, "summary-error.md");
    const fewer = standard();
    fewer.results.pop();
    const file = write(dir, "fewer-2.json", fewer);
    const r = await gate(["-b", BASE, "-c", file, "-r", "missRatio +0%"], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(2);
    expect(readFileSync(summary, "utf8")).toBe(
      `### cachelab gate: ⚠️ could not run\n\nmismatched baseline: row eviction=sieve capacity=10% is in the baseline (${BASE}) but not in the current result (${file})\n\n`,
    );
  });

  it("--update-baseline: written after a pass, not after a failure, and with --force whatever the verdict", async () => {
    const baseline = write(dir, "moving-baseline.json", standard());
    const better = write(dir, "better.json", standard({ "lru@1%": 590 }));
    const pass = await gate(["-b", baseline, "-c", better, "-r", "missRatio +0%", "--update-baseline"]);
    expect(pass.code).toBe(0);
    expect(pass.stderr).toBe(`baseline written to ${baseline}\n`);
    expect(JSON.parse(readFileSync(baseline, "utf8"))).toEqual(JSON.parse(readFileSync(better, "utf8")));

    const before = readFileSync(baseline, "utf8");
    const fail = await gate(["-b", baseline, "-c", WORSE, "-r", "missRatio +0%", "--update-baseline"]);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toBe("baseline not updated: the gate failed (--force writes it anyway)\n");
    expect(readFileSync(baseline, "utf8")).toBe(before);

    const forced = await gate(["-b", baseline, "-c", WORSE, "-r", "missRatio +0%", "--update-baseline", "--force"]);
    expect(forced.code).toBe(1);
    expect(JSON.parse(readFileSync(baseline, "utf8"))).toEqual(JSON.parse(readFileSync(WORSE, "utf8")));
  });

  it("--update-baseline --force replaces a mismatched baseline, still exit 2", async () => {
    const fewer = standard();
    fewer.results.pop();
    const baseline = write(dir, "old-config.json", fewer);
    const r = await gate(["-b", baseline, "-c", SAME, "-r", "missRatio +0%", "--update-baseline", "--force"]);
    expect(oneLine(r)).toMatch(
      new RegExp(`^cachelab: mismatched baseline: .*; --force: ${baseline} now holds the current result$`),
    );
    expect(JSON.parse(readFileSync(baseline, "utf8")).results).toHaveLength(4);
  });
});

describe("cachelab gate: outputs that cannot be written, and the real binary", () => {
  it("a --junit or baseline path in a missing folder is refused before anything runs", async () => {
    const junit = join(dir, "no-such-folder", "gate.xml");
    const r = await gate(["-b", BASE, "-c", SAME, "-r", "missRatio +0%", "--junit", junit]);
    expect(oneLine(r)).toBe(
      `cachelab: cannot write ${junit}: the folder ${join(dir, "no-such-folder")} does not exist`,
    );
    expect(r.stdout).toBe("");
    const baseline = join(dir, "no-such-folder", "b.json");
    const u = await gate(["-b", baseline, "-c", SAME, "-r", "missRatio <= 1", "--update-baseline"]);
    expect(oneLine(u)).toMatch(new RegExp(`^cachelab: cannot write ${baseline}: `));
  });

  it("a step summary that cannot be appended to names it", async () => {
    const folder = join(dir, "summary-folder");
    mkdirSync(folder, { recursive: true });
    const r = await gate(["-b", BASE, "-c", SAME, "-r", "missRatio +0%"], { GITHUB_STEP_SUMMARY: folder });
    expect(oneLine(r)).toMatch(new RegExp(`^cachelab: cannot write \\$GITHUB_STEP_SUMMARY \\(${folder}\\): `));
  });

  it("exit codes as the shell sees them: 0, 1 (also with --json), 2", async () => {
    const args = ["gate", "-b", BASE, "-r", "missRatio +0.5%"];
    const env = { GITHUB_STEP_SUMMARY: "" };
    // 0 and 1 without --json are the in-process tests' too; a real process checks they reach the shell
    const [pass, failJson, bad] = await Promise.all([
      cli([...args, "-c", SAME], { env }),
      cli([...args, "-c", WORSE, "--json"], { env }),
      cli([...args, "-c", join(dir, "absent.json")], { env }),
    ]);
    expect(pass.code).toBe(0);
    expect(failJson.code).toBe(1);
    expect(JSON.parse(failJson.stdout).failed).toBe(1);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`cachelab: no such result file: ${join(dir, "absent.json")}\n`);
  });
});

describe("cachelab gate --scenario", () => {
  const scenario = join(dir, "tiny.yaml");
  writeFileSync(
    scenario,
    [
      "name: tiny",
      "seed: 7",
      "workload: { type: synthetic, requests: 5000, objects: 500, keys: { dist: zipf, alpha: 0.8 } }",
      "cache: { capacity: [50], eviction: [lru, sieve] }",
      "gates:",
      "  - missRatio +0%",
      "  - { metric: hitRatio, min: 0.1, where: { eviction: sieve } }",
      "",
    ].join("\n"),
  );

  it("runs the scenario with its gates: section; the first run creates the baseline, the next passes against it", async () => {
    const baseline = join(dir, "tiny-baseline.json");
    const first = await gate(["--scenario", scenario, "--baseline", baseline, "--update-baseline"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("gate passed: 1 check");
    expect(first.stderr).toBe(
      `no baseline at ${baseline} yet: skipped 'missRatio +0%' (relative to a baseline)\nbaseline written to ${baseline}\n`,
    );
    expect(existsSync(baseline)).toBe(true);
    const again = await gate(["--scenario", scenario, "--baseline", baseline, "--json"]);
    expect(again.code).toBe(0);
    const j = JSON.parse(again.stdout);
    expect(j.rules).toEqual(["missRatio +0%", "eviction=sieve hitRatio >= 0.1"]);
    expect(j.checks).toHaveLength(3);
    expect(j.checks.filter((c: { delta: number | null }) => c.delta === 0)).toHaveLength(3);
    // a missing baseline without --update-baseline is an error, not a pass
    expect(oneLine(await gate(["--scenario", scenario, "--baseline", join(dir, "none.json")]))).toBe(
      `cachelab: no such result file: ${join(dir, "none.json")}`,
    );
  });

  it("a bad gates: entry is exit 2 naming the file and the entry, before anything runs", async () => {
    const bad = join(dir, "bad-gates.yaml");
    writeFileSync(
      bad,
      "workload: { type: synthetic, requests: 1000, objects: 100 }\ncache: { capacity: 10, eviction: lru }\ngates:\n  - missRatio +0.5%\n  - missRatio below 0.2\n",
    );
    expect(oneLine(await gate(["--scenario", bad, "--baseline", BASE]))).toBe(
      `cachelab: ${bad}: gates.1: 'missRatio below 0.2': expected METRIC OP NUMBER (missRatio <= 0.2) or METRIC ±CHANGE (missRatio +0.5%)`,
    );
    // simulate reads the section too: the same file is refused there
    const sim = await run(["simulate", bad, "--no-save"]);
    expect(sim.code).toBe(2);
    expect(sim.stderr).toContain(`${bad}: gates.1: `);
  });

  const one = join(dir, "one.yaml");
  writeFileSync(
    one,
    "name: one\nseed: 7\nworkload: { type: synthetic, requests: 5000, objects: 500 }\ncache: { capacity: 50, eviction: lru }\n",
  );

  it("--repeat gives samples: timing rules are tested, and the baseline written keeps every sample", async () => {
    const baseline = join(dir, "tiny-repeat.json");
    const r = await gate(["--scenario", one, "--repeat", "5", "--out", baseline, "-r", "missRatio <= 1"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/run 5 of 5: /);
    const saved = JSON.parse(readFileSync(baseline, "utf8"));
    expect(saved.results[0].samples["timing.requestsPerSec"]).toHaveLength(5);
    // the same scenario again: no real change, and the test does not flag noise at α = 0.01
    // with a generous tolerance (a loaded test machine)
    const again = await gate([
      "--scenario",
      one,
      "--repeat",
      "5",
      "-b",
      baseline,
      "-r",
      "requestsPerSec -50%",
      "--json",
    ]);
    expect(again.code).toBe(0);
    const j = JSON.parse(again.stdout);
    expect(
      j.checks.every(
        (c: { method: string; samples: { current: number; baseline: number } }) =>
          c.method === "mann-whitney" && c.samples.current === 5 && c.samples.baseline === 5,
      ),
    ).toBe(true);
  });
});
