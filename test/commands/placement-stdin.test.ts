// Keys piped on stdin need a real process (a pipe, no TTY): the built binary, as a user runs it.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, ROOT } from "../e2e/cli.js";

function lookup(args: string[], input: string) {
  return spawnSync(process.execPath, [BIN, "placement", "lookup", ...args], {
    cwd: ROOT,
    input,
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
}

describe("cachelab placement lookup, keys on stdin", () => {
  it("reads one key per line, CRLF or LF, and prints each key's server", () => {
    const r = lookup(["--scheme", "jump", "--nodes", "10"], "1\r\n2\n\n3\n");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.map((l) => l.split("\t")[0])).toEqual(["1", "2", "3"]);
    for (const l of lines) expect(l).toMatch(/\tnode\d$/);
  });

  it("--json gives the same servers as the arguments do", () => {
    const piped = JSON.parse(lookup(["--nodes", "4", "--json"], "a\nb\n").stdout);
    const given = JSON.parse(lookup(["--nodes", "4", "--json", "a", "b"], "").stdout);
    expect(piped).toEqual(given);
    expect(piped).toHaveLength(2);
  });
});
