// Issue 7, group 5 (scale limits): string keys are interned without a Map (no 2^24 ceiling; the
// 20 M-key measurement is `npm run bench:interner`), 64-bit ids with a keyed hash (ids crafted to
// collide under a fixed hash stay fast), and a zstd frame cannot ask for more than a 128 MiB window.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Interner } from "../../src/workload/interner.js";
import { run } from "../commands/run.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-scale-"));

describe("scale limits (issue 7, group 5)", () => {
  it("interns string keys by their bytes, in first-seen order, and gives them back", () => {
    const it = new Interner(16);
    const keys = Array.from({ length: 50_000 }, (_, i) => `user:${i.toString(36)}:key`);
    const ids = keys.map((k) => it.internString(k));
    expect(ids.every((id, i) => id === i)).toBe(true);
    const buf = Buffer.from(`x${keys[1234]}y`, "latin1");
    expect(it.internBytes(buf, 1, buf.length - 1)).toBe(1234);
    expect(it.originalString(49_999)).toBe(keys[49_999]);
    expect(it.internString("caf\u00e9")).toBe(50_000);
    expect(it.original(50_000)).toBe("caf\u00e9");
    expect(it.internNumber(7)).toBe(50_001);
    expect(it.originalString(50_001)).toBeUndefined();
  });

  it("200,000 ids crafted to collide under a fixed hash intern in linear time", () => {
    // ids that all had the same old (unkeyed) slot hash, imul(lo ^ imul(hi, c1), c2): one probe
    // chain, 66 s. lo ^ imul(hi, c1) is the same for every id; hi differs.
    const n = 200_000;
    const lo = new Uint32Array(n);
    const hi = new Uint32Array(n);
    for (let j = 0; j < n; j++) {
      hi[j] = j + 1;
      lo[j] = (12345 ^ Math.imul(j + 1, 0x85ebca6b)) >>> 0;
    }
    const t0 = performance.now();
    const it = new Interner(16);
    for (let j = 0; j < n; j++) if (it.intern(lo[j], hi[j]) !== j) throw new Error("not first-seen order");
    for (let j = 0; j < n; j++) if (it.intern(lo[j], hi[j]) !== j) throw new Error("lost an id");
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it("refuses a zstd frame that asks for a ~1.9 GiB window, at once (exit 2)", async () => {
    // magic, FHD 0 (windowed, no content size), WD: exponent 20, mantissa 7 → 1.875 GiB
    const bad = join(dir, "huge-window.csv.zst");
    writeFileSync(bad, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (20 << 3) | 7, 0x01, 0x00, 0x00, 0x00]));
    const t0 = performance.now();
    const r = await run(["trace", "stats", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/asks for a 1,920 MiB window, above the 128 MiB limit/);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it("--zstd-window-max raises the limit (the frame is then judged on its own) and refuses a bad size", async () => {
    const bad = join(dir, "huge-window-2.csv.zst");
    writeFileSync(bad, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (20 << 3) | 7, 0x01, 0x00, 0x00, 0x00]));
    try {
      const r = await run(["trace", "stats", bad, "--zstd-window-max", "2GiB"]);
      expect(r.stderr).not.toMatch(/above the .* limit/);
      const b = await run(["trace", "stats", bad, "--zstd-window-max", "lots"]);
      expect(b.code).toBe(2);
      expect(b.stderr).toMatch(/--zstd-window-max: /);
    } finally {
      delete process.env.CACHELAB_ZSTD_WINDOW_MAX;
    }
  });
});
