// Issue 7, group 7: no partial files and no raw errors in trace convert, trace generate and init.
// SIGINT/SIGTERM remove the temporary file; ENOSPC, EROFS and EISDIR are one line, exit 2 (real
// tiny tmpfs mounts, root only, skipped where mount is not allowed); init --force on a full disk
// leaves the old scenario whole; generate refuses to overwrite the scenario it reads.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, ROOT, run } from "../commands/run.js";
import { BIN } from "../e2e/cli.js";
import { tmpfsMounts } from "./tmpfs.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-cmds-"));
const TRACE = `${FIXTURES}cloudPhysicsIO.csv`;
const tmpfs = tmpfsMounts(dir);

const temps = (d: string) => readdirSync(d).filter((f) => f.includes(".tmp"));

/** Starts a long `trace generate`, sends `signal` once its temporary file exists; resolves with its exit. */
function interrupted(signal: NodeJS.Signals, out: string): Promise<number | null> {
  return new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      [BIN, "trace", "generate", "--requests", "50000000", "--objects", "1000", "--format", "csv", "--out", out],
      { stdio: "ignore", env: { ...process.env, CI: "1" } },
    );
    const poll = setInterval(() => {
      if (temps(join(out, "..")).length > 0) {
        clearInterval(poll);
        p.kill(signal);
      }
    }, 20);
    p.on("exit", (code, sig) => {
      clearInterval(poll);
      resolve(code ?? (sig ? -1 : null));
    });
  });
}

describe("other commands: no partial files, no raw errors (issue 7, group 7)", () => {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`${signal} during trace generate removes the temporary file`, async () => {
      const d = join(dir, signal);
      mkdirSync(d);
      const exit = await interrupted(signal, join(d, "big.csv"));
      expect(exit).toBe(code);
      expect(readdirSync(d)).toEqual([]);
    }, 60_000);
  }

  it("ENOSPC, EROFS and EISDIR are one line, exit 2, in convert, generate and init", async (ctx) => {
    const folder = join(dir, "a-folder");
    mkdirSync(folder);
    const isDir = await run(["trace", "convert", TRACE, folder, "--to", "csv"]);
    expect(isDir.code).toBe(2);
    expect(isDir.stderr).toMatch(/^cachelab: cannot write .*a-folder: it is a folder\n$/);

    const full = tmpfs("full", "size=8k");
    if (!full) return ctx.skip();
    writeFileSync(join(full, "filler"), Buffer.alloc(8192 - 1024));
    const conv = await run(["trace", "convert", TRACE, join(full, "t.csv"), "--to", "csv"]);
    expect(conv.code).toBe(2);
    expect(conv.stderr).toMatch(/^cachelab: cannot write .*t\.csv: no space left on the device \(ENOSPC\)\n$/);
    const gen = await run([
      "trace",
      "generate",
      "--requests",
      "100000",
      "--format",
      "csv",
      "--out",
      join(full, "g.csv"),
    ]);
    expect(gen.code).toBe(2);
    expect(gen.stderr).toMatch(/no space left on the device \(ENOSPC\)\n$/);
    expect(temps(full)).toEqual([]);

    const ro = tmpfs("ro", "ro,size=64k");
    if (!ro) return ctx.skip();
    const r = await run(["trace", "generate", "--requests", "100", "--format", "csv", "--out", join(ro, "g.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/read-only \(EROFS\)\n$/);
    const i = await run(["init", "--yes", "--out", join(ro, "s.yaml")]);
    expect(i.code).toBe(2);
    expect(i.stderr).toMatch(/^cachelab: cannot write .*s\.yaml: the file system is read-only \(EROFS\)\n$/);
  });

  it("init --force on a full disk leaves the existing scenario whole", async (ctx) => {
    const full = tmpfs("full-init", "size=8k");
    if (!full) return ctx.skip();
    const target = join(full, "s.yaml");
    const before = readFileSync(`${ROOT}scenarios/quickstart.yaml`, "utf8").slice(0, 1000);
    writeFileSync(target, before);
    writeFileSync(join(full, "filler"), Buffer.alloc(4096)); // two pages: the disk is full
    const r = await run(["init", "--yes", "--force", "--out", target]);
    expect(r.code).toBe(2);
    expect(readFileSync(target, "utf8")).toBe(before);
    expect(temps(full)).toEqual([]);
  });

  it("trace generate refuses --out that is the scenario it reads (also through a link)", async () => {
    const s = join(dir, "s.yaml");
    copyFileSync(`${ROOT}scenarios/quickstart.yaml`, s);
    const before = readFileSync(s, "utf8");
    const a = await run(["trace", "generate", s, "--out", s, "--format", "csv"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--out is the scenario being read/);
    const link = join(dir, "link.csv");
    symlinkSync(s, link);
    const b = await run(["trace", "generate", s, "--out", link]);
    expect(b.code).toBe(2);
    expect(readFileSync(s, "utf8")).toBe(before);
  });
});
