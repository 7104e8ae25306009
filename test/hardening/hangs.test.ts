// Issue 7, group 4 (hangs): a scenario path that is a FIFO or a device is refused at once (it used
// to block forever, or read /dev/zero until 15 GB), so is one above 1 MiB; a user's module that
// loops forever is stopped by --timeout (exit 1, naming the pair). Devices are mknod copies in a
// temp folder, never the real ones.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, run } from "../commands/run.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-hang-"));
const TRACE = `${FIXTURES}cloudPhysicsIO.csv`;

describe("no hangs (issue 7, group 4)", () => {
  it("refuses a FIFO as a scenario without opening it", async () => {
    const fifo = join(dir, "s.yaml");
    execFileSync("mkfifo", [fifo]);
    for (const cmd of [["simulate"], ["trace", "generate"]]) {
      const r = await run([...cmd, fifo, ...(cmd[0] === "trace" ? ["--out", join(dir, "x.csv")] : ["--no-save"])]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/a scenario must be a regular file, not a FIFO/);
    }
  }, 20_000);

  it("refuses a device (a copy of /dev/zero) and a file above 1 MiB", async (ctx) => {
    const big = join(dir, "big.yaml");
    writeFileSync(big, `# ${"x".repeat(1 << 20)}\nname: big\n`);
    const r = await run(["simulate", big, "--no-save"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at most 1 MiB/);
    const zero = join(dir, "zero.yaml");
    try {
      execFileSync("mknod", [zero, "c", "1", "5"], { stdio: "ignore" });
    } catch {
      return ctx.skip(); // mknod needs root
    }
    const z = await run(["simulate", zero, "--no-save"]);
    expect(z.code).toBe(2);
    expect(z.stderr).toMatch(/not a device/);
  });

  const loop = join(dir, "loop.js");
  writeFileSync(
    loop,
    `export default { name: "loop", summary: "", defaults: {}, params: {}, create() {
  const ids = new Set();
  return { find: (id) => ids.has(id), insert(id) { ids.add(id); }, victim: () => -1,
    evict() { for (;;) {} }, remove: () => false,
    get usedBytes() { return ids.size; }, get count() { return ids.size; } };
} };
`,
  );
  for (const e of [loop, `${loop},lru`]) {
    it(`--timeout stops a module that loops forever in evict() (${e.includes(",") ? "two pairs" : "one pair"})`, async () => {
      const t0 = Date.now();
      const r = await run(["simulate", "--trace", TRACE, "-e", e, "-c", "100", "--no-save", "--timeout", "1"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/loop\.js at 100: no result after 1 s \(--timeout\); stopped/);
      expect(Date.now() - t0).toBeLessThan(15_000);
    }, 20_000);
  }
});
