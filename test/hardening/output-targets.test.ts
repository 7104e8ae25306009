// Issue 7, group 1: an output path that is not a regular file is never renamed over. A device (a
// mknod copy of /dev/null in a temp folder, never the real one), a FIFO and /dev/std* are written
// to directly; a symlink is followed, never replaced.
import { execFileSync, spawn } from "node:child_process";
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { outputTarget, writeFileSafely } from "../../src/core/output-file.js";
import { FIXTURES, run } from "../commands/run.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-out-"));
const TRACE = `${FIXTURES}cloudPhysicsIO.csv`;

/** A copy of /dev/null (char 1,3) in the temp folder; undefined where mknod is not allowed. */
function nullDevice(name: string): string | undefined {
  const p = join(dir, name);
  try {
    execFileSync("mknod", [p, "c", "1", "3"], { stdio: "ignore" });
    return p;
  } catch {
    return undefined;
  }
}

const noTemps = () => expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);

describe("output paths that are not regular files (issue 7, group 1)", () => {
  it("classifies targets: new or regular → atomic; device, FIFO, /dev/std* → direct; symlink → its target", () => {
    const file = join(dir, "plain.json");
    writeFileSync(file, "{}");
    expect(outputTarget(file)).toMatchObject({ path: file, direct: false });
    expect(outputTarget(join(dir, "new.json"))).toMatchObject({ direct: false });
    expect(outputTarget("/dev/stdout").direct).toBe(true);
    expect(outputTarget("/proc/self/fd/1").direct).toBe(true);
    const link = join(dir, "link.json");
    symlinkSync(file, link);
    expect(outputTarget(link)).toMatchObject({ path: file, direct: false });
    const dangling = join(dir, "dangling.json");
    symlinkSync(join(dir, "made-by-link.json"), dangling);
    writeFileSafely(dangling, "x\n");
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "made-by-link.json"), "utf8")).toBe("x\n");
    expect(() => outputTarget(dir)).toThrow(/it is a folder/);
    expect(() => outputTarget(join(dir, "no", "such.json"))).toThrow(/does not exist/);
  });

  it("writes through a FIFO without replacing it", async () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    // a reader in another process, so the open for writing does not block forever
    const reader = spawn("cat", [fifo], { stdio: ["ignore", "pipe", "ignore"] });
    const got: Buffer[] = [];
    reader.stdout.on("data", (b: Buffer) => got.push(b));
    const closed = new Promise((r) => reader.on("close", r));
    writeFileSafely(fifo, "through the pipe\n");
    await closed;
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(Buffer.concat(got).toString()).toBe("through the pipe\n");
  }, 20_000);

  it("simulate --out, trace convert OUT and trace generate --out leave a device a device", async (ctx) => {
    const dev = nullDevice("null");
    if (!dev) return ctx.skip(); // mknod needs root
    const sim = await run(["simulate", "--trace", TRACE, "-e", "lru", "-c", "100", "--out", dev]);
    expect(sim.code).toBe(0);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    const conv = await run(["trace", "convert", TRACE, dev, "--to", "csv"]);
    expect(conv.code).toBe(0);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    const gen = await run([
      "trace",
      "generate",
      "--requests",
      "1000",
      "--objects",
      "100",
      "--format",
      "csv",
      "--out",
      dev,
    ]);
    expect(gen.code).toBe(0);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    noTemps();
  });

  it("simulate --out through a symlink writes the file it points to and keeps the link", async () => {
    const real = join(dir, "real-result.json");
    writeFileSync(real, "old");
    const link = join(dir, "result-link.json");
    symlinkSync(real, link);
    const sim = await run(["simulate", "--trace", TRACE, "-e", "lru", "-c", "100", "--out", link]);
    expect(sim.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(JSON.parse(readFileSync(real, "utf8")).kind).toBe("simulate");
    noTemps();
  });
});
