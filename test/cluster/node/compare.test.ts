// Item 1 of issue 12: the shared table of command cases (cases.ts) gives the same replies from a
// cachelab node and from a real redis-server, through ioredis and through redis-cli.
import { execFile } from "node:child_process";
import { Socket } from "node:net";
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

/** Sends `setup`, waits for its reply, then sends `pipeline` in one write; resolves with the bytes of its replies. */
function raw(port: number, setup: string, pipeline: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    let phase = setup === "" ? 1 : 0;
    let text = "";
    let head = "";
    s.on("error", reject);
    s.on("data", (d) => {
      if (phase === 0) {
        // HELLO's reply (it differs: server version, client id) ends with its empty modules array
        head += d.toString("latin1");
        if (head.endsWith("$7\r\nmodules\r\n*0\r\n")) {
          phase = 1;
          s.write(pipeline);
        }
        return;
      }
      text += d.toString("latin1");
      // every test pipeline ends with ECHO END
      if (text.endsWith("$3\r\nEND\r\n")) {
        s.destroy();
        resolve(text);
      }
    });
    s.connect(port, "127.0.0.1", () => s.write(setup === "" ? pipeline : setup));
  });
}

const PIPELINE = [
  "FLUSHALL",
  "SET k v",
  "GET k",
  "GET missing",
  "MGET k missing",
  "CONFIG GET save",
  "SET k v2 NX GET",
  "SET n 41",
  "INCR n",
  "EXISTS k n missing",
  "TTL k",
  "CLIENT GETNAME",
  "FOO bar",
  "DEL k n",
  "PING",
  "ECHO END",
]
  .map((l) => `${l}\r\n`)
  .join("");

describe("raw protocol bytes, pipelined in one write", () => {
  it("RESP2: the same bytes as redis-server", async () => {
    const [mine, theirs] = await Promise.all([raw(node.port, "", PIPELINE), raw(redis.port, "", PIPELINE)]);
    expect(mine).toBe(theirs);
  });

  it("RESP3 after HELLO 3: the same bytes (null `_`, maps `%`)", async () => {
    const [mine, theirs] = await Promise.all([
      raw(node.port, "HELLO 3\r\n", PIPELINE),
      raw(redis.port, "HELLO 3\r\n", PIPELINE),
    ]);
    expect(mine).toContain("_\r\n");
    expect(mine).toContain("%1\r\n");
    expect(mine).toBe(theirs);
  });
});
