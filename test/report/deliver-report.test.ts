// --report at the end of a run (src/cli/deliver-result.ts): the HTML goes beside the saved JSON or
// to the file given; when it cannot be written the saved result is kept and the message says where
// it is (exit 1).
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deliverResult } from "../../src/cli/deliver-result.js";
import { CliError } from "../../src/core/errors.js";
import { small } from "./fixture.js";

describe("deliverResult with --report", () => {
  it("beside the JSON: x.json → x.html, named in the log", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cachelab-deliver-"));
    const lines: string[] = [];
    await deliverResult(small(), { out: join(dir, "x.json"), report: "", log: (l) => lines.push(l) });
    expect(lines).toEqual([
      `result written to ${join(dir, "x.json")}`,
      `report written to ${join(dir, "x.html")}; open it in a browser`,
    ]);
    expect(readFileSync(join(dir, "x.html"), "utf8")).toContain(`<code>${join(dir, "x.json")}</code>`);
  });

  it("a report that cannot be written: exit 1, the result kept and named", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cachelab-deliver-"));
    const bad = join(dir, "no-such-folder", "r.html");
    const err = await deliverResult(small(), { out: join(dir, "x.json"), report: bad, log: () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(1);
    expect((err as CliError).message).toMatch(
      new RegExp(`^the HTML report was not written \\(.*\\); the result is saved at ${join(dir, "x.json")}$`),
    );
    expect(existsSync(join(dir, "x.json"))).toBe(true);
  });
});
