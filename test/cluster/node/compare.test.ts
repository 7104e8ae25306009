// Item 1 of issue 12: the shared table of command cases (cases.ts) gives the same replies from a
// cachelab node and from a real redis-server, through ioredis and through redis-cli.
import { execFile } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASES } from "./cases.js";
import { type Proc, startNode, startRedis, stopAll } from "./procs.js";

let node: Proc;
let redis: Proc;

beforeAll(async () => {
  [node, redis] = await Promise.all([startNode(["--memory", "16MiB", "--eviction", "s3fifo"]), startRedis()]);
}, 20_000);

afterAll(async () => {
  await stopAll();
});

type Reply = { ok: unknown } | { err: string };

async function viaIoredis(port: number): Promise<Reply[]> {
  const r = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0 });
  await r.connect();
  await r.flushall();
  const out: Reply[] = [];
  for (const [cmd, ...args] of CASES) {
    try {
      out.push({ ok: await r.call(cmd, ...args) });
    } catch (e) {
      out.push({ err: (e as Error).message });
    }
  }
  r.disconnect();
  return out;
}

function quote(arg: string): string {
  return `"${arg.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function viaCli(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("redis-cli", ["-p", String(port)], (err, stdout) => (err ? reject(err) : resolve(stdout)));
    child.stdin!.end(`FLUSHALL\n${CASES.map((c) => c.map(quote).join(" ")).join("\n")}\n`);
  });
}

describe("the same replies as redis-server", () => {
  it("through ioredis, case by case", async () => {
    const [mine, theirs] = await Promise.all([viaIoredis(node.port), viaIoredis(redis.port)]);
    expect(mine).toHaveLength(CASES.length);
    for (let i = 0; i < CASES.length; i++) {
      expect({ case: CASES[i].join(" "), reply: mine[i] }).toEqual({ case: CASES[i].join(" "), reply: theirs[i] });
    }
  });

  it("through redis-cli, byte for byte", async () => {
    const [mine, theirs] = await Promise.all([viaCli(node.port), viaCli(redis.port)]);
    const a = mine.split("\n");
    const b = theirs.split("\n");
    expect(a.length).toBeGreaterThan(CASES.length);
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      expect({ line: i, text: a[i] }).toEqual({ line: i, text: b[i] });
  });
});
