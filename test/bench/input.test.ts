// Bad input is one line naming the flag and exit 2; a target that cannot be reached is one line and
// exit 1 — before any cluster is started (the target and flags are checked first).
import { describe, expect, it } from "vitest";
import { freePort } from "../cluster/node/procs.js";
import { run } from "../commands/run.js";
import { ROOT } from "../e2e/cli.js";

const SCENARIO = `${ROOT}scenarios/quickstart.yaml`;

describe("cachelab bench: bad input", () => {
  it.each([
    [
      ["--target", "memcached://x"],
      "--target memcached://x: expected local, proxy, redis://HOST:PORT or redis-cluster://HOST:PORT",
    ],
    [["--target", "redis://:pw"], "--target redis://:pw: not a redis://HOST:PORT"],
    [["--rate", "fast"], "--rate fast: expected requests per second (20000/s) or closed-loop"],
    [["--duration", "3x"], "--duration 3x: unknown duration unit 'x'"],
    [["--ordered", "--rate", "closed-loop", "--warmup", "1s"], "--ordered replays closed-loop from the first request"],
    [["--backend-latency", "soon", "--target", "redis://127.0.0.1:1"], "--backend-latency soon: unknown distribution"],
  ])("%j", async (flags, message) => {
    const r = await run(["bench", SCENARIO, "--requests", "10", ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("an unreachable server: one line, exit 1", async () => {
    const port = await freePort();
    const r = await run(["bench", SCENARIO, "--requests", "10", "--target", `redis://127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach the target: 127.0.0.1:${port}`);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
