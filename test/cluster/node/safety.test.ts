// The node's safety rules against a live process: protected mode, AUTH, limits (key length, value
// size, multibulk length, query buffer, connections), a malformed frame answered with Redis's
// protocol error and the connection closed, eviction within maxmemory through the chosen policy,
// TTL expiry (lazy and active), and a graceful SIGTERM shutdown (replies flushed, exit 0).
import { spawn } from "node:child_process";
import { Socket } from "node:net";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { evictionFactory, nodeSettings, parseNodeArgs } from "../../../src/cluster/node/options.js";
import { loadTopology } from "../../../src/cluster/node/topology.js";
import { InputError } from "../../../src/core/errors.js";
import { NODE_MAIN, type Proc, startNode, stopAll } from "./procs.js";

afterAll(stopAll);

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    s.once("error", reject);
    s.connect(port, "127.0.0.1", () => resolve(s));
  });
}

/**
 * Writes bytes, collects what comes back until the server closes or `ms` pass (or, with `lines`,
 * until that many CRLF-ended lines came back and the connection stays open).
 */
async function exchange(
  port: number,
  data: string | Buffer,
  ms = 1500,
  lines = 0,
): Promise<{ reply: string; closed: boolean }> {
  const s = await connect(port);
  return new Promise((resolve) => {
    let reply = "";
    let closed = false;
    s.on("data", (d) => {
      reply += d.toString("latin1");
      if (lines > 0 && reply.split("\r\n").length - 1 >= lines) {
        clearTimeout(t);
        s.removeAllListeners("close");
        s.destroy();
        resolve({ reply, closed: false });
      }
    });
    s.on("error", () => {});
    const t = setTimeout(() => {
      s.destroy();
      resolve({ reply, closed });
    }, ms);
    s.on("close", () => {
      closed = true;
      clearTimeout(t);
      resolve({ reply, closed });
    });
    s.write(data);
  });
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [NODE_MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => {
      stdout += d;
    });
    p.stderr.on("data", (d) => {
      stderr += d;
    });
    p.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("start-up checks", () => {
  it("refuses a non-loopback bind without a password (protected mode), exit 2 with the reason", async () => {
    const r = await run(["--port", "0", "--bind", "0.0.0.0"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/--bind 0\.0\.0\.0: refusing .* without a password \(protected mode/);
  });

  it("names the flag on bad input (InputError: exit 2)", async () => {
    const bad = async (args: string[]) => {
      try {
        const s = nodeSettings(parseNodeArgs(args)!);
        await evictionFactory(s.eviction, s.memory);
        if (s.topology) loadTopology(s.topology);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(await bad(["--memory", "lots"])).toMatch(/^--memory: expected a size/);
    expect(await bad(["--port", "70000"])).toMatch(/^--port: expected 0–65535/);
    expect(await bad(["--eviction", "nosuch"])).toMatch(/nosuch/);
    expect(await bad(["--eviction", "belady"])).toMatch(/oracle policy/);
    expect(await bad(["--frobnicate", "1"])).toMatch(/unknown flag --frobnicate/);
    expect(await bad(["--topology", '{"nodes":[{"name":"a","port":0}]}'])).toMatch(
      /--topology JSON: nodes\[0\]\.port: expected an integer port/,
    );
    expect(await bad(["--eviction", "s3fifo", "--memory", "1MiB"])).toBe("accepted");
    expect(parseNodeArgs(["--help"])).toBeNull();
  });
});

describe("a running node", () => {
  let node: Proc;
  it("starts with a password and a small memory limit", async () => {
    node = await startNode(
      [
        "--memory",
        "64KiB",
        "--eviction",
        "lru",
        "--password",
        "s3cret",
        "--max-key",
        "100",
        "--max-value",
        "100000",
        "--max-multibulk",
        "20",
      ],
      {},
    );
    expect(node.port).toBeGreaterThan(0);
  });

  it("answers NOAUTH before AUTH, and WRONGPASS for a wrong password", async () => {
    const r = await exchange(node.port, "GET k\r\nAUTH nope\r\nAUTH s3cret\r\nPING\r\n", 1500, 4);
    expect(r.reply).toBe(
      "-NOAUTH Authentication required.\r\n-WRONGPASS invalid username-password pair or user is disabled.\r\n+OK\r\n+PONG\r\n",
    );
  });

  it("limits an unauthenticated client's frames as Redis 7 does (10 arguments, 16 KiB each)", async () => {
    const many = await exchange(node.port, "*11\r\n");
    expect(many).toEqual({ reply: "-ERR Protocol error: unauthenticated multibulk length\r\n", closed: true });
    const big = await exchange(node.port, "*2\r\n$4\r\nAUTH\r\n$16385\r\n");
    expect(big).toEqual({ reply: "-ERR Protocol error: unauthenticated bulk length\r\n", closed: true });
    // after AUTH the node's own limits apply
    const after = await exchange(
      node.port,
      `AUTH s3cret\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$20000\r\n${"v".repeat(20000)}\r\n`,
      1500,
      2,
    );
    expect(after.reply).toBe("+OK\r\n+OK\r\n");
  });

  it("answers a malformed frame with Redis's protocol error and closes the connection", async () => {
    const r = await exchange(node.port, "AUTH s3cret\r\n*1\r\n$x\r\nPING\r\n");
    expect(r.reply).toBe("+OK\r\n-ERR Protocol error: invalid bulk length\r\n");
    expect(r.closed).toBe(true);
  });

  it("limits value size (bulk length), key length and multibulk length", async () => {
    const big = await exchange(node.port, "AUTH s3cret\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100001\r\n");
    expect(big.reply).toBe("+OK\r\n-ERR Protocol error: invalid bulk length\r\n");
    const key = await exchange(node.port, `AUTH s3cret\r\nSET ${"k".repeat(101)} v\r\n`, 1500, 2);
    expect(key.reply).toBe("+OK\r\n-ERR key is longer than this node's limit (100 bytes)\r\n");
    const many = await exchange(node.port, "AUTH s3cret\r\n*21\r\n");
    expect(many).toEqual({ reply: "+OK\r\n-ERR Protocol error: invalid multibulk length\r\n", closed: true });
  });

  it("evicts through the policy to stay within maxmemory, and counts the evictions", async () => {
    const r = new Redis({ port: node.port, password: "s3cret", lazyConnect: true });
    await r.connect();
    await r.flushall();
    const value = "x".repeat(1000);
    for (let i = 0; i < 200; i++) await r.set(`key:${i}`, value);
    const info = await r.info();
    const field = (f: string) => Number(new RegExp(`${f}:(\\d+)`).exec(info)![1]);
    expect(field("used_memory")).toBeLessThanOrEqual(64 * 1024);
    expect(field("maxmemory")).toBe(64 * 1024);
    // the newest keys (key:100…key:199) cost 7 + 1000 + 64 = 1071 bytes each: 61 fit in 65,536
    expect(await r.dbsize()).toBe(61);
    expect(field("used_memory")).toBe(61 * 1071);
    expect(field("evicted_keys")).toBe(139);
    // LRU: the newest keys stayed, the oldest went
    expect(await r.get("key:199")).toBe(value);
    expect(await r.get("key:0")).toBeNull();
    // a value larger than maxmemory: Redis's OOM error
    await expect(r.set("huge", "y".repeat(70_000))).rejects.toThrow(
      "OOM command not allowed when used memory > 'maxmemory'.",
    );
    r.disconnect();
  });

  it("expires keys lazily on access and actively by sampling", async () => {
    const r = new Redis({ port: node.port, password: "s3cret", lazyConnect: true });
    await r.connect();
    await r.flushall();
    for (let i = 0; i < 30; i++) await r.set(`t:${i}`, "v", "PX", 50);
    await r.set("lazy", "v", "PX", 50);
    await new Promise((res) => setTimeout(res, 400));
    // the active cycle (hz 10) removed most of them without any access
    const before = Number(/expired_keys:(\d+)/.exec(await r.info("stats"))![1]);
    expect(before).toBeGreaterThanOrEqual(25);
    expect(await r.get("lazy")).toBeNull();
    expect(await r.dbsize()).toBe(0);
    r.disconnect();
  });

  it("refuses connections over --max-clients, and closes a client over the query buffer limit without a reply", async () => {
    const small = await startNode(["--max-clients", "2", "--max-query-buffer", "4KiB"]);
    const big = Buffer.concat([Buffer.from("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$9000\r\n"), Buffer.alloc(5000, 0x61)]);
    expect(await exchange(small.port, big)).toEqual({ reply: "", closed: true });
    expect(await exchange(small.port, "PING\r\n", 1500, 1)).toEqual({ reply: "+PONG\r\n", closed: false });
    const a = await connect(small.port);
    const b = await connect(small.port);
    await new Promise((res) => setTimeout(res, 100));
    const r = await exchange(small.port, "PING\r\n", 1000);
    expect(r.reply).toBe("-ERR max number of clients reached\r\n");
    a.destroy();
    b.destroy();
    await small.stop();
  });

  it("shuts down on SIGTERM after flushing the replies in flight, exit 0", async () => {
    const s = await connect(node.port);
    const got = new Promise<string>((resolve) => {
      let text = "";
      s.on("data", (d) => {
        text += d;
      });
      s.on("close", () => resolve(text));
    });
    s.write("AUTH s3cret\r\nPING\r\n");
    await new Promise((res) => setTimeout(res, 100));
    const code = await node.stop("SIGTERM");
    expect(code).toBe(0);
    expect(await got).toBe("+OK\r\n+PONG\r\n");
  });
});
