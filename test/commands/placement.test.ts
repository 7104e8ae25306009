import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratch } from "../workload/helpers.js";
import { type CliResult, run } from "./run.js";

function oneLineInputError(r: CliResult): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(/\bat .*\.[jt]s:\d+/);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^cachelab: /);
  return lines[0];
}

function serverFile(text: string): string {
  const file = join(scratch(), "servers.txt");
  writeFileSync(file, text);
  return file;
}

describe("cachelab placement lookup", () => {
  it("ring on a libketama server list: libketama's hash, point and server (--json)", async () => {
    const file = serverFile("127.0.0.1:11211\t600\n127.0.0.1:11212\t400\n");
    const r = await run(["placement", "lookup", "--servers", file, "test", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { key: "test", hash: 3446378249, point: 3454255383, server: "127.0.0.1:11211" },
    ]);
  });

  it("slots: the redis.io KEYSLOT examples, hash tags on one node", async () => {
    const r = await run([
      "placement",
      "lookup",
      "--scheme",
      "slots",
      "--nodes",
      "3",
      "somekey",
      "foo{hash_tag}",
      "bar{hash_tag}",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows.map((x: { point: number }) => x.point)).toEqual([11058, 2515, 2515]);
    expect(rows[0].server).toBe("node2"); // 11058 is in node2's range 10923–16383
    expect(rows[1].server).toBe(rows[2].server);
  });

  it("prints key and server per line; --replicas lists owners primary first; jump has no point", async () => {
    const r = await run(["placement", "lookup", "--scheme", "jump", "-n", "10", "-r", "2", "a", "b"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^[ab]\tnode\d,node\d$/);
    const j = JSON.parse((await run(["placement", "lookup", "--scheme", "jump", "-n", "10", "a", "--json"])).stdout);
    expect(j[0]).not.toHaveProperty("point");
  });

  it("notes weights a scheme ignores", async () => {
    const file = serverFile("a:1 5\nb:1 1\n");
    const r = await run(["placement", "lookup", "--scheme", "maglev", "--servers", file, "k"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/maglev ignores server weights/);
  });

  it("bad input: one line, exit 2", async () => {
    expect(oneLineInputError(await run(["placement", "lookup", "k"]))).toMatch(/--servers FILE .* or --nodes N/);
    expect(oneLineInputError(await run(["placement", "lookup", "-n", "2", "--scheme", "rnig", "k"]))).toMatch(
      /unknown placement scheme 'rnig'.*ring/,
    );
    expect(oneLineInputError(await run(["placement", "lookup", "-n", "2", "--scheme", "maglev:size=10", "k"]))).toMatch(
      /prime/,
    );
    const bad = serverFile("a:1 600\nb:1 x\n");
    expect(oneLineInputError(await run(["placement", "lookup", "--servers", bad, "k"]))).toMatch(/line 2: weight 'x'/);
  });
});

describe("cachelab placement compare", () => {
  it("--json: a row per scheme with movement and balance", async () => {
    const r = await run([
      "placement",
      "compare",
      "--nodes",
      "10",
      "--keys",
      "20000",
      "--schemes",
      "modulo,jump,bounded:epsilon=0.1",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows.map((x: { scheme: string }) => x.scheme)).toEqual(["modulo", "jump", "bounded(epsilon=0.1)"]);
    const [modulo, jump, bounded] = out.rows;
    expect(modulo.movedOnAdd).toBeGreaterThan(0.85);
    expect(jump.movedOnAdd).toBeLessThan(0.11);
    expect(bounded.maxKeys).toBeLessThanOrEqual(Math.ceil(1.1 * bounded.meanKeys));
    expect(out.scenario).toBeNull();
  });

  it("--scenario weighs the keys by the scenario's requests", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.yaml");
    writeFileSync(
      file,
      "name: tiny\nseed: 7\nworkload:\n  type: synthetic\n  requests: 20000\n  objects: 2000\n  keys: { dist: zipf, alpha: 1.2 }\ncache:\n  capacity: [10%]\n  eviction: [lru]\n",
    );
    const r = await run([
      "placement",
      "compare",
      "-n",
      "4",
      "-k",
      "5000",
      "--scenario",
      file,
      "--schemes",
      "ring,slots",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/peak\/mean \(tiny\)/);
    expect(r.stdout).toMatch(/^ring +\d\.\d{3} +\d\.\d{3} +\d+\.\d %/m);
    expect(r.stdout).toContain("4 nodes × 5,000 keys");
  });
});
