// `cachelab report` in-process: formats, output, a folder, --reference, and the errors (exit 2, one
// line naming the file and the field).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportArgv } from "../../src/cli/report-flag.js";
import { run } from "../commands/run.js";
import { small } from "./fixture.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-report-"));
const results = join(dir, "reports");
mkdirSync(results);
const file = join(results, "small.json");
writeFileSync(file, JSON.stringify(small()));

describe("cachelab report", () => {
  it("Markdown on stdout by default", async () => {
    const r = await run(["report", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("| s3fifo | 10 obj | **0.5000** ★ | -0.1000 (-16.7%) |");
  });

  it("--out FILE.html picks HTML from the extension and says where it went", async () => {
    const out = join(dir, "r.html");
    const r = await run(["report", results, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`HTML report written to ${out}`);
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/);
  });

  it("--reference another row; a reference no row has is exit 2 listing the evictions", async () => {
    const ok = await run(["report", file, "--reference", "s3fifo"]);
    expect(ok.stdout).toContain("| s3fifo | 10 obj | **0.5000** ★ | reference |");
    const bad = await run(["report", file, "--reference", "arc"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'cachelab: --reference: no row has the eviction "arc"; the results have lru, s3fifo, belady\n',
    );
  });

  it("a missing file: exit 2 naming it", async () => {
    const r = await run(["report", join(dir, "nope.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cachelab: no such result file: ${join(dir, "nope.json")}\n`);
  });

  it("JSON that is not a result: exit 2 naming the file and the field", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...small(), results: [{ ...small().results[0], missRatio: 2 }] }));
    const r = await run(["report", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cachelab: ${bad}: results.0.missRatio: expected a ratio in [0, 1], got 2\n`);
  });

  it("no input at all: exit 2", async () => {
    const r = await run(["report"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("give at least one result file or folder");
  });
});

describe("--report [FILE] on simulate and demo", () => {
  it("a bare --report gets an empty value; an .html word after it is its file; nothing else is taken", () => {
    expect(reportArgv(["--report"])).toEqual(["--report="]);
    expect(reportArgv(["--report", "s.yaml"])).toEqual(["--report=", "s.yaml"]);
    expect(reportArgv(["--report", "out.html", "s.yaml"])).toEqual(["--report=out.html", "s.yaml"]);
    expect(reportArgv(["--report", "--json"])).toEqual(["--report=", "--json"]);
    expect(reportArgv(["--report=x.htm"])).toEqual(["--report=x.htm"]);
    expect(reportArgv(["--", "--report"])).toEqual(["--", "--report"]);
  });

  it("simulate --report writes the HTML beside the result JSON under reports/, and latest.json", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "cachelab-simreport-"));
    const trace = join(cwd, "t.csv");
    writeFileSync(trace, "time,key,bytes\n1,a,100\n2,b,200\n3,a,100\n4,c,50\n");
    const r = await run(["simulate", "--trace", trace, "-e", "lru,fifo", "-c", "2", "--unit", "objects", "--report"], {
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    const json = r.stderr.match(/result written to (\S+\.json)/)?.[1];
    expect(json).toMatch(/^reports\/t-\d{8}-\d{6}\.json$/);
    const html = (json as string).replace(/\.json$/, ".html");
    expect(r.stderr).toContain(`report written to ${html}; open it in a browser`);
    expect(readFileSync(join(cwd, html), "utf8")).toContain('<canvas id="chart-r0-mrc"');
    expect(readFileSync(join(cwd, "reports/latest.json"), "utf8")).toBe(
      readFileSync(join(cwd, json as string), "utf8"),
    );
  });

  it("--report without a file and --no-save: exit 2 before running", async () => {
    const r = await run(["simulate", "--trace", file, "--report", "--no-save"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--report without a file goes beside the result JSON");
  });
});
