// Every `static examples` entry of every command runs and exits 0, so the help never shows a command
// that fails. Placeholder file names are replaced by small files: the fixture traces, a tiny
// scenario, and traces written here; `trace generate` examples write 20,000 requests instead of
// millions (the point is that the command line works, not the size of the file).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readmeCommands } from "./readme-lines.js";
import { cliConfig, FIXTURES, ROOT, run } from "./run.js";

// an example the README shows as it is (or with --no-save) runs in test/commands/readme.test.ts
// already: the 1 M-request demo, above all, need not run twice
const README_LINES = new Set(readmeCommands(readFileSync(join(ROOT, "README.md"), "utf8")));
const inReadme = (text: string) =>
  README_LINES.has(`cachelab ${text}`) || README_LINES.has(`cachelab ${text} --no-save`);

const dir = mkdtempSync(join(tmpdir(), "cachelab-examples-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const TINY = file(
  "tiny.yaml",
  "name: tiny\nworkload:\n  type: synthetic\n  requests: 20000\n  objects: 2000\ncache:\n  capacity: [1%, 10%]\n  eviction: [lru, s3fifo]\n",
);
const REQUESTS_CSV = file("requests.csv", "time,key,bytes\n1,a,100\n2,b,200\n3,a,100\n4,c,50\n");
const TWITTER = file("cluster52.0", "0,k1,3,300,1,get,0\n1,k2,3,100,1,set,60\n2,k1,3,300,1,get,0\n");

/** Placeholder in an example → the file it stands for here. */
const FILES: Record<string, string> = {
  "scenarios/quickstart.yaml": TINY,
  "scenarios/cloudphysics.yaml": `${ROOT}scenarios/cloudphysics.yaml`,
  "trace.oracleGeneral.bin": `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`,
  "trace.csv": `${FIXTURES}cloudPhysicsIO.csv`,
  "cloudPhysicsIO.oracleGeneral.bin": `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`,
  "cloudPhysicsIO.vscsi": `${FIXTURES}cloudPhysicsIO.vscsi`,
  "requests.csv": REQUESTS_CSV,
  "cluster52.0.zst": TWITTER,
  "traces/web.oracleGeneral.bin": `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`,
};

/** An example's words with placeholders replaced; outputs go to a fresh folder (the working directory). */
function words(example: string, id: string, out: string): string[] {
  const raw = example.replace(/^<%= config.bin %>\s+/, "").split(/\s+/);
  const argv = raw.map((w) => FILES[w] ?? w);
  if (id === "trace:convert") argv[3] = join(out, raw[3]); // OUT: a new file
  if (id === "trace:generate") {
    const i = argv.indexOf("--out");
    argv[i + 1] = join(out, argv[i + 1]);
    const r = argv.indexOf("--requests");
    if (r >= 0) argv.splice(r, 2);
    const o = argv.indexOf("--objects");
    if (o >= 0) argv[o + 1] = "5000";
    argv.push("--requests", "20000");
  }
  if (["simulate", "demo", "mrc", "plan"].includes(id)) argv.push("--no-save");
  if (id === "mrc" || id === "plan") {
    // two simulated sizes per policy: the command line is the point, not the curve's resolution
    const p = argv.indexOf("--points");
    if (p >= 0) argv.splice(p, 2);
    argv.push("--points", "2");
  }
  return argv;
}

const config = await cliConfig();
// cachelab's own commands (oclif's help plugin brings `help`, which has no examples of its own)
const ours = config.commands.filter((c) => c.pluginName === "cachelab");
const examples = ours.flatMap((c) =>
  (c.examples ?? []).map((e) => ({ id: c.id, example: typeof e === "string" ? e : e.command })),
);

describe("every command's examples run", () => {
  it("there are examples for every command", () => {
    for (const c of ours) expect(c.examples?.length ?? 0, c.id).toBeGreaterThan(0);
  });

  it("the demo's examples are among the README's commands (so the README test runs them)", () => {
    expect(inReadme("demo")).toBe(true);
    expect(inReadme("demo --json")).toBe(true);
  });

  it.each(examples)("$example", async ({ id, example }) => {
    const text = example.replace(/^<%= config.bin %>\s+/, "");
    if (inReadme(text)) return; // run, as written, by the README test
    const cwd = join(dir, `run-${Math.random().toString(36).slice(2)}`);
    mkdirSync(cwd);
    const argv = words(example, id, cwd);
    try {
      const r = await run(argv, { cwd });
      expect(r.code, `${argv.join(" ")}\n${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+|Error/);
    } finally {
      // an example that starts a cluster (cluster up) leaves no process behind
      if (existsSync(join(cwd, ".cachelab", "cluster.json"))) {
        const down = await run(["cluster", "down"], { cwd });
        expect(down.code, down.stderr).toBe(0);
      }
    }
  });
});
