// Result files under reports/: their names, reports/latest.json, and reading a folder of them.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { folderFiles, loadInputs } from "../../src/report/inputs.js";
import { updateLatest } from "../../src/report/latest.js";
import { defaultResultPath, saveResult } from "../../src/report/result.js";
import { row, simResult } from "./fixture.js";

const at = (startedAt: string, name = "quickstart") => ({ kind: "simulate", name, run: { startedAt } });
const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

describe("result file names", () => {
  it("<name>-<yyyymmdd-hhmmss>.json, the kind after the name for mrc and plan", () => {
    expect(defaultResultPath("reports", at("2026-12-02T09:49:41.885Z"))).toBe(
      "reports/quickstart-20261202-094941.json",
    );
    expect(defaultResultPath("reports", { ...at("2026-01-05T23:00:07.000Z"), kind: "mrc" })).toBe(
      "reports/quickstart-mrc-20260105-230007.json",
    );
  });

  it("no double extension from a trace's name; unsafe characters replaced", () => {
    const t = "2026-12-02T09:49:41.885Z";
    expect(defaultResultPath("r", at(t, "cloudPhysicsIO.oracleGeneral.bin"))).toBe(
      "r/cloudPhysicsIO-20261202-094941.json",
    );
    expect(defaultResultPath("r", at(t, "prod.csv.zst"))).toBe("r/prod-20261202-094941.json");
    expect(defaultResultPath("r", at(t, "my run/../x"))).toBe("r/my-run-..-x-20261202-094941.json");
    expect(defaultResultPath("r", at(t, "..."))).toBe("r/run-20261202-094941.json");
  });
});

describe("reports/latest.json", () => {
  it("saveResult points it at each new result (a relative link), a second run in the same second gets -2", () => {
    const dir = mkdtempSync(join(tmpdir(), "cachelab-latest-"));
    process.chdir(dir);
    const r = simResult({ rows: [row({ eviction: "lru", capacity: 1, misses: 1 })] });
    const first = saveResult(r);
    expect(first).toBe("reports/small-20261202-100000.json");
    expect(readlinkSync("reports/latest.json")).toBe("small-20261202-100000.json");
    const second = saveResult(r);
    expect(second).toBe("reports/small-20261202-100000-2.json");
    expect(readlinkSync("reports/latest.json")).toBe("small-20261202-100000-2.json");
    // --out elsewhere leaves the pointer alone
    saveResult(r, join(dir, "elsewhere.json"));
    expect(readlinkSync("reports/latest.json")).toBe("small-20261202-100000-2.json");
  });

  it("replaces an older pointer that is a plain file (a copy), never writing through it", () => {
    const dir = mkdtempSync(join(tmpdir(), "cachelab-latest-"));
    writeFileSync(join(dir, "a.json"), "A");
    writeFileSync(join(dir, "latest.json"), "old copy");
    updateLatest(join(dir, "a.json"));
    expect(lstatSync(join(dir, "latest.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "latest.json"), "utf8")).toBe("A");
    writeFileSync(join(dir, "b.json"), "B");
    updateLatest(join(dir, "b.json"));
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe("A");
    expect(readFileSync(join(dir, "latest.json"), "utf8")).toBe("B");
  });
});

describe("a folder as input", () => {
  it("every result in it, oldest run first, latest.json skipped; a subfolder and a dangling link ignored", () => {
    const dir = mkdtempSync(join(tmpdir(), "cachelab-folder-"));
    const late = simResult({ name: "late", startedAt: "2026-12-03T00:00:00.000Z", rows: [] });
    const early = simResult({ name: "early", startedAt: "2026-12-01T00:00:00.000Z", rows: [] });
    writeFileSync(join(dir, "a.json"), JSON.stringify(late));
    writeFileSync(join(dir, "b.json"), JSON.stringify(early));
    updateLatest(join(dir, "a.json"));
    mkdirSync(join(dir, "old.json"));
    symlinkSync("gone.json", join(dir, "dangling.json"));
    expect(folderFiles(dir)).toEqual([join(dir, "a.json"), join(dir, "b.json")]);
    expect(loadInputs([dir]).map((x) => x.result.name)).toEqual(["early", "late"]);
  });

  it("an empty folder, or one without results, is an input error naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "cachelab-folder-"));
    expect(() => loadInputs([dir])).toThrow(`${dir}: no result files (*.json) in this folder`);
    writeFileSync(join(dir, "notes.json"), '{"hello": 1}');
    expect(() => loadInputs([dir])).toThrow(`${join(dir, "notes.json")}: kind: missing; expected the result kind`);
  });
});
