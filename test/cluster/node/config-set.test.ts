// CONFIG SET maxmemory on a running node: shrinking evicts through the policy at once (the LRU's
// least recent keys leave, used memory fits the new limit), growing evicts nothing, INFO and CONFIG
// GET show the new value; maxmemory-policy is refused with the reason. (The replies themselves are
// compared with redis-server's in cases.ts.)
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Proc, startNode, stopAll } from "./procs.js";

let node: Proc;
beforeAll(async () => {
  node = await startNode(["--memory", "1MiB", "--eviction", "lru"]);
}, 20_000);
afterAll(async () => {
  await stopAll();
});

const field = (info: string, name: string) => Number(new RegExp(`^${name}:(\\d+)`, "m").exec(info)?.[1]);

describe("CONFIG SET maxmemory", () => {
  it("shrinks (evicting the LRU's oldest keys until used ≤ the limit), then grows", async () => {
    const r = new Redis({ port: node.port, host: "127.0.0.1" });
    // 100 entries of 4-byte key + 96-byte value + 64 overhead = 164 bytes each: 16,400 bytes
    for (let i = 0; i < 100; i++) await r.set(`k${String(i).padStart(3, "0")}`, "v".repeat(96));
    await r.get("k000"); // k000 becomes the most recent
    expect(await r.config("SET", "maxmemory", "8200")).toBe("OK");
    let info = await r.info();
    expect(field(info, "maxmemory")).toBe(8200);
    // 50 entries fit in 8,200 bytes: the 50 least recent leave (k001 … k050), k000 stays
    expect(field(info, "evicted_keys")).toBe(50);
    expect(field(info, "used_memory")).toBe(8200);
    expect(await r.dbsize()).toBe(50);
    expect(await r.exists("k000")).toBe(1);
    expect(await r.exists("k001", "k050")).toBe(0);
    expect(await r.exists("k051", "k099")).toBe(2);
    expect(await r.config("GET", "maxmemory")).toEqual(["maxmemory", "8200"]);
    // a write now evicts within the new limit
    await r.set("new", "v".repeat(96));
    info = await r.info("memory");
    expect(field(info, "used_memory")).toBeLessThanOrEqual(8200);
    expect(await r.config("SET", "maxmemory", "1mb")).toBe("OK");
    expect(await r.config("GET", "maxmemory")).toEqual(["maxmemory", "1048576"]);
    for (let i = 0; i < 20; i++) await r.set(`g${i}`, "v".repeat(96));
    expect(field(await r.info(), "evicted_keys")).toBe(51);
    expect(await r.dbsize()).toBe(70);
    await expect(r.config("SET", "maxmemory", "0")).rejects.toThrow(/at least 1024 bytes/);
    await expect(r.config("SET", "maxmemory-policy", "allkeys-lru")).rejects.toThrow(
      "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - the eviction policy is fixed at start (lru)",
    );
    r.disconnect();
  });
});
