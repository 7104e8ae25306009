// The interactive side of `cachelab init`: the real @clack/prompts questions, driven by keystrokes
// through streams (as a terminal would send them).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseFlags } from "../../src/cli/init.js";
import type { Given } from "../../src/scenario/answers.js";
import { DEFAULT_EVICTION } from "../../src/scenario/defaults.js";
import { checkScenarioText, renderScenario } from "../../src/scenario/template.js";
import { askAnswers, Cancelled } from "../../src/ui/wizards/init.js";

const TRACE = fileURLToPath(new URL("../fixtures/traces/cloudPhysicsIO.vscsi", import.meta.url));
const ENTER = "\r";
const DOWN = "\x1b[B";
const UP = "\x1b[A";
const CLEAR = "\x15"; // Ctrl-U: clear the line
const CTRL_C = "\x03";

/**
 * Runs askAnswers, answering each [text to wait for, keys to send] step in order once that text has
 * appeared on the prompt's output after the previous one. Returns the answers (or the error) and
 * everything drawn.
 */
async function drive(g: Given, cwd: string, steps: [string, string][]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  output.on("data", (d: Buffer) => {
    screen += d.toString();
  });
  let pending = steps.length;
  const keys = (async () => {
    let from = 0;
    for (const [wait, send] of steps) {
      const t0 = Date.now();
      while (screen.indexOf(wait, from) < 0) {
        if (Date.now() - t0 > 5000) throw new Error(`never saw '${wait}' on the screen:\n${screen.slice(from)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      from = screen.indexOf(wait, from) + wait.length;
      input.write(send);
      pending--;
      await new Promise((r) => setTimeout(r, 15));
    }
  })();
  const result = await askAnswers(g, cwd, false, { input, output }).then(
    (answers) => ({ answers, error: undefined }),
    (error: unknown) => ({ answers: undefined, error }),
  );
  await keys;
  expect(pending).toBe(0); // every planned keystroke was needed
  return { ...result, screen };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "cachelab-init-tty-"));
}

describe("init on a terminal (clack prompts)", () => {
  it("asks every question, shows a check's message inline, and takes defaults on Enter", async () => {
    const cwd = tmp();
    const r = await drive({}, cwd, [
      ["Scenario name?", `bad name${ENTER}`],
      ["is not a usable name", `${CLEAR}scans-demo${ENTER}`],
      ["Which workload?", `${DOWN}${DOWN}${ENTER}`], // scan mix
      ["How many distinct objects?", `0${ENTER}`],
      ["expected a whole number ≥ 1", `${CLEAR}5k${ENTER}`],
      ["How many requests?", ENTER],
      ["Zipf alpha?", `1.2${ENTER}`],
      ["sequential scans?", `150%${ENTER}`],
      ["expected a share such as 20%", `${CLEAR}${ENTER}`], // the default, 10%
      ["Objects per scan?", `6000${ENTER}`],
      ["at most the 5,000 objects", `${CLEAR}${ENTER}`],
      ["What does cache capacity count?", ENTER],
      ["Cache sizes", `64MiB${ENTER}`],
      ["byte size, but the unit is objects", `${CLEAR}50,500${ENTER}`],
      ["Eviction policies", ENTER],
      ["Write the scenario to?", ENTER],
    ]);
    expect(r.error).toBeUndefined();
    const a = r.answers!;
    expect(a.name).toBe("scans-demo");
    expect(a.workload).toEqual({
      type: "synthetic",
      objects: 5000,
      requests: 1_000_000,
      keys: "zipf",
      alpha: 1.2,
      hotFraction: 0,
      hotRequestFraction: 0,
      scans: { fraction: 0.1, length: 500 },
      sizes: { dist: "fixed", size: "4KiB" },
    });
    expect(a.unit).toBe("objects");
    expect(a.capacity).toEqual(["50", "500"]);
    expect(a.eviction.map((e) => e.name)).toEqual(DEFAULT_EVICTION);
    expect(a.out).toBe(join(cwd, "scans-demo.yaml"));
    const sc = checkScenarioText(renderScenario(a, "scans-demo.yaml"), "scans-demo.yaml");
    expect(sc.cache.capacity).toEqual([50, 500]);
  });

  it("bytes: asks for object sizes; the policy list keeps the listed order (defaults first)", async () => {
    const cwd = tmp();
    const r = await drive({}, cwd, [
      ["Scenario name?", `sized${ENTER}`],
      ["Which workload?", `${DOWN}${ENTER}`], // hotspot
      ["How many distinct objects?", ENTER],
      ["How many requests?", `2M${ENTER}`],
      ["Share of the objects that are hot?", `10%${ENTER}`],
      ["Share of the requests that go to them?", `0.95${ENTER}`],
      ["What does cache capacity count?", `${DOWN}${ENTER}`], // bytes
      ["Object sizes?", ENTER], // lognormal
      ["Median object size?", `16KiB${ENTER}`],
      ["Cache sizes", `64MiB,1%${ENTER}`],
      // the defaults are listed first, preselected: drop fifo (second), add random (first after them)
      ["Eviction policies", `${DOWN} ${DOWN.repeat(7)} ${ENTER}`],
      ["Write the scenario to?", `out/s.yaml${ENTER}`],
    ]);
    expect(r.error).toBeUndefined();
    const a = r.answers!;
    expect(a.workload).toMatchObject({
      keys: "hotspot",
      objects: 100_000,
      requests: 2_000_000,
      hotFraction: 0.1,
      hotRequestFraction: 0.95,
      sizes: { dist: "lognormal", median: "16KiB", sigma: 1 },
    });
    expect(a.unit).toBe("bytes");
    expect(a.capacity).toEqual(["64MiB", "1%"]);
    expect(a.eviction.map((e) => e.name)).toEqual([...DEFAULT_EVICTION.filter((n) => n !== "fifo"), "random"]);
    expect(a.out).toBe(join(cwd, "out", "s.yaml"));
  });

  it("a trace: checks the path exists and preselects the detected format", async () => {
    const cwd = tmp();
    const r = await drive({}, cwd, [
      ["Scenario name?", `t${ENTER}`],
      ["Which workload?", `${UP}${ENTER}`], // the last entry: a trace file
      ["Path of the trace file?", `nope.bin${ENTER}`],
      ["no such trace file: nope.bin", `${CLEAR}${TRACE}${ENTER}`],
      ["Trace format?", ENTER],
      ["What does cache capacity count?", ENTER],
      ["Cache sizes", ENTER],
      ["Eviction policies", ENTER],
      ["Write the scenario to?", ENTER],
    ]);
    expect(r.error).toBeUndefined();
    expect(r.screen).toContain("(detected)");
    expect(r.answers!.workload).toEqual({ type: "trace", path: TRACE, absolute: true, format: "vscsi" });
  });

  it("flags answer their questions in advance; an existing output path is refused inline", async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, "pre.yaml"), "# taken\n");
    const g = parseFlags({ name: "pre", alpha: "0.7", eviction: "lru,arc", unit: "objects", capacity: "1%" }, cwd);
    const r = await drive(g, cwd, [
      ["How many distinct objects?", ENTER],
      ["How many requests?", `10k${ENTER}`],
      ["Write the scenario to?", ENTER], // default pre.yaml exists
      ["pre.yaml already exists; pass --force", `${CLEAR}pre2.yaml${ENTER}`],
    ]);
    expect(r.error).toBeUndefined();
    for (const asked of ["Scenario name?", "Which workload?", "Zipf alpha?", "Eviction policies", "Cache sizes"]) {
      expect(r.screen).not.toContain(asked);
    }
    expect(r.answers).toMatchObject({
      name: "pre",
      workload: { keys: "zipf", alpha: 0.7, requests: 10_000 },
      capacity: ["1%"],
      out: join(cwd, "pre2.yaml"),
    });
    expect(r.answers!.eviction.map((e) => e.name)).toEqual(["lru", "arc"]);
  });

  it("Ctrl-C cancels: Cancelled, 'cancelled' on the screen", async () => {
    const r = await drive({}, tmp(), [
      ["Scenario name?", `x${ENTER}`],
      ["Which workload?", CTRL_C],
    ]);
    expect(r.error).toBeInstanceOf(Cancelled);
    expect(r.answers).toBeUndefined();
    expect(r.screen).toContain("cancelled");
  });
});
