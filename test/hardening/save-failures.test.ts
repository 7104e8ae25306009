// Issue 7, group 6: a computed result is not lost when saving fails. The result goes to stdout
// (--json: the JSON; else the table), then one line says where it could not be written, exit 1.
// A full disk and a read-only folder are real: tiny tmpfs mounts (root only; skipped where mount is
// not allowed). A full stdout is a mknod copy of /dev/full (never the real device).
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, run } from "../commands/run.js";
import { BIN } from "../e2e/cli.js";
import { tmpfsMounts } from "./tmpfs.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-save-"));
const TRACE = `${FIXTURES}cloudPhysicsIO.csv`;
const tmpfs = tmpfsMounts(dir);

const sim = (cwd: string, extra: string[] = []) =>
  run(["simulate", "--trace", TRACE, "-e", "lru", "-c", "100", ...extra], { cwd });

describe("a result is not lost when saving fails (issue 7, group 6)", () => {
  it("a file named reports: --json prints the result, then one line, exit 1", async () => {
    const cwd = join(dir, "with-reports-file");
    mkdirSync(cwd);
    writeFileSync(join(cwd, "reports"), "not a folder");
    const r = await sim(cwd, ["--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).kind).toBe("simulate");
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(
      /^cachelab: the result was not saved \(cannot write reports\/: .*\); it is on stdout$/,
    );
    const t = await sim(cwd);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/lru/); // the table
    expect(t.stderr).toMatch(/the result was not saved/);
  });

  it("a full disk (ENOSPC) and a read-only folder (EROFS)", async (ctx) => {
    const full = tmpfs("full", "size=4k");
    if (!full) return ctx.skip();
    writeFileSync(join(full, "filler"), Buffer.alloc(4096)); // the disk is full
    mkdirSync(join(full, "reports"), { recursive: true });
    const a = await sim(full, ["--json"]);
    expect(a.code).toBe(1);
    expect(JSON.parse(a.stdout).kind).toBe("simulate");
    expect(a.stderr).toMatch(/no space left on the device \(ENOSPC\)\); it is on stdout/);
    const ro = tmpfs("ro", "ro,size=64k");
    if (!ro) return ctx.skip();
    const b = await sim(dir, ["--json", "--out", join(ro, "r.json")]);
    expect(b.code).toBe(2); // --out is checked before the run: refused at once
    const c = await sim(ro, ["--json"]);
    expect(c.code).toBe(1);
    expect(JSON.parse(c.stdout).kind).toBe("simulate");
    expect(c.stderr).toMatch(/read-only \(EROFS\)\); it is on stdout/);
  });

  it("mrc and plan keep their result too: the table or the JSON is out before the save fails", async (ctx) => {
    const ro = tmpfs("ro-2", "ro,size=64k");
    if (!ro) return ctx.skip();
    const og = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;
    const m = await run(["mrc", "--trace", og, "--json"], { cwd: ro });
    expect(m.code).toBe(1);
    expect(JSON.parse(m.stdout).kind).toBe("mrc");
    expect(m.stderr).toMatch(/read-only \(EROFS\)\); it is on stdout/);
    const p = await run(["plan", "--trace", og, "--target-hit-ratio", "0.1", "--points", "2"], { cwd: ro });
    expect(p.code).toBe(1);
    expect(p.stdout).toMatch(/lru/);
    expect(p.stderr).toMatch(/read-only \(EROFS\)\); its table is above/);
  });

  it("a full stdout is one line, exit 1, no stack", (ctx) => {
    const dev = join(dir, "full-dev");
    try {
      execFileSync("mknod", [dev, "c", "1", "7"], { stdio: "ignore" });
    } catch {
      return ctx.skip();
    }
    const fd = openSync(dev, "w");
    try {
      for (const args of [["policies"], ["simulate", "--trace", TRACE, "-e", "lru", "-c", "100", "--no-save"]]) {
        const r = spawnSync(process.execPath, [BIN, ...args], {
          stdio: ["ignore", fd, "pipe"],
          env: { ...process.env, CI: "1" },
        });
        expect(r.status).toBe(1);
        const err = r.stderr.toString();
        expect(err).toMatch(/cachelab: cannot write to stdout: no space left on the device \(ENOSPC\)/);
        expect(err).not.toMatch(/\n\s+at /);
      }
    } finally {
      closeSync(fd);
    }
  }, 30_000);
});
