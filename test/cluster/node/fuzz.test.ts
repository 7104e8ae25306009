// Item 4 of issue 12: ≥ 100,000 random and mutated RESP frames (fast-check) at a live node. The
// node never crashes, its used memory never passes its limit (checked while the frames arrive),
// and it answers PING afterwards.
//
// Well-framed frames (random commands from the node's table and random names, random binary
// arguments, argument-level mutations) are pipelined over 4 connections; frame-level mutations
// (a flipped, inserted or deleted byte, a truncation, a bad length, raw random bytes) are sent in
// batches of 100 on fresh connections, since the first protocol error closes a connection.
import { Socket } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Proc, startNode, stopAll } from "./procs.js";

let node: Proc;
const MAXMEMORY = 1 << 20;

beforeAll(async () => {
  node = await startNode(["--memory", String(MAXMEMORY), "--eviction", "s3fifo", "--max-value", "1MiB"]);
}, 20_000);
afterAll(stopAll);

const NAMES = [
  "GET",
  "SET",
  "DEL",
  "EXISTS",
  "EXPIRE",
  "PEXPIRE",
  "TTL",
  "PTTL",
  "MGET",
  "MSET",
  "INCR",
  "DECR",
  "INCRBY",
  "DECRBY",
  "APPEND",
  "STRLEN",
  "PING",
  "ECHO",
  "AUTH",
  "HELLO",
  "SELECT",
  "INFO",
  "DBSIZE",
  "FLUSHALL",
  "CONFIG",
  "COMMAND",
  "CLIENT",
  "CLUSTER",
  "READONLY",
  "ASKING",
  "TYPE",
  "PERSIST",
  "set",
  "get",
  "NOSUCH",
  "",
];
const WORDS = [
  "EX",
  "PX",
  "NX",
  "XX",
  "GET",
  "KEEPTTL",
  "GT",
  "LT",
  "GET",
  "SETNAME",
  "3",
  "2",
  "-1",
  "0",
  "9223372036854775807",
  "SLOTS",
];

const arg = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WORDS).map((s) => Buffer.from(s)) },
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a)) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 50 }).map((k) => Buffer.from(`key:${k}`)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2_000 }).map((n) => Buffer.alloc(n, 0x78)) },
);

const command = fc.tuple(fc.constantFrom(...NAMES), fc.array(arg, { maxLength: 4 })).map(([name, args]) => {
  // CONFIG SET and QUIT would change the rules for the frames after them
  if (name === "CONFIG" && args.length > 0 && args[0].toString().toUpperCase() === "SET") args[0] = Buffer.from("GET");
  return [Buffer.from(name), ...args];
});

function encode(args: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) parts.push(Buffer.from(`$${a.length}\r\n`), a, Buffer.from("\r\n"));
  return Buffer.concat(parts);
}

const mutated = fc.oneof(
  fc.tuple(command, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([c, at, b]) => {
    const f = encode(c);
    f[at % f.length] = b;
    return f;
  }),
  fc.tuple(command, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([c, at, ins]) => {
    const f = encode(c);
    const i = at % f.length;
    return Buffer.concat([f.subarray(0, i), ins, f.subarray(i)]);
  }),
  fc.tuple(command, fc.nat()).map(([c, at]) => {
    const f = encode(c);
    const i = at % f.length;
    return Buffer.concat([f.subarray(0, i), f.subarray(i + 1)]);
  }),
  fc.tuple(command, fc.nat()).map(([c, at]) => encode(c).subarray(0, at % 64)),
  fc
    .constantFrom(
      "*-5\r\n",
      "*99999999999\r\n",
      "$5\r\nhello\r\n",
      "*1\r\n$-3\r\n",
      "*1\r\n:5\r\n",
      '"unbalanced\r\n',
      "*2\r\n$3\r\nGET\r\n$999999999999\r\n",
    )
    .map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
);

function connect(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    s.once("error", reject);
    s.connect(node.port, "127.0.0.1", () => resolve(s));
  });
}

/** Sends frames pipelined, then ECHO token; resolves when the token comes back. */
async function pipelined(frames: Buffer[], token: string): Promise<void> {
  const s = await connect();
  await new Promise<void>((resolve, reject) => {
    let tail = "";
    s.on("data", (d) => {
      tail = (tail + d.toString("latin1")).slice(-200);
      if (tail.includes(token)) resolve();
    });
    s.on("error", reject);
    s.on("close", () => reject(new Error(`connection closed before ${token}`)));
    for (let i = 0; i < frames.length; i += 500) s.write(Buffer.concat(frames.slice(i, i + 500)));
    s.write(encode([Buffer.from("ECHO"), Buffer.from(token)]));
  });
  s.destroy();
}

/** Sends a batch of (maybe malformed) frames on a fresh connection and waits until it is closed or idle. */
async function hostile(frames: Buffer[]): Promise<void> {
  const s = await connect();
  await new Promise<void>((resolve) => {
    s.on("error", () => resolve());
    s.on("close", () => resolve());
    s.on("data", () => {});
    s.end(Buffer.concat(frames));
    setTimeout(() => {
      s.destroy();
      resolve();
    }, 2000);
  });
}

async function info(s: Socket, field: string): Promise<number> {
  return new Promise((resolve) => {
    let text = "";
    const on = (d: Buffer) => {
      text += d.toString();
      const m = new RegExp(`${field}:(\\d+)`).exec(text);
      if (m && text.endsWith("\r\n\r\n")) {
        s.off("data", on);
        resolve(Number(m[1]));
      }
    };
    s.on("data", on);
    s.write("INFO memory\r\n");
  });
}

it("survives 100,000 random and mutated frames, within its memory limit, and answers PING after", async () => {
  const seed = 12345;
  // sampled without shrinking or bias: a crash is reported with its seed, not shrunk (the node is remote)
  const good = fc.sample(fc.noBias(fc.noShrink(command)), { numRuns: 70_000, seed }).map(encode);
  const bad = fc.sample(fc.noBias(fc.noShrink(mutated)), { numRuns: 30_000, seed: seed + 1 });
  expect(good.length + bad.length).toBeGreaterThanOrEqual(100_000);

  const watcher = await connect();
  let peak = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      peak = Math.max(peak, await info(watcher, "used_memory"));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const quarter = Math.ceil(good.length / 4);
  const streams = [0, 1, 2, 3].map((k) => pipelined(good.slice(k * quarter, (k + 1) * quarter), `done-${k}-token`));
  const batches: Promise<void>[] = [];
  for (let i = 0; i < bad.length; i += 100) {
    batches.push(hostile(bad.slice(i, i + 100)));
    if (batches.length % 100 === 0) await Promise.all(batches.slice(-100));
  }
  await Promise.all([...streams, ...batches]);
  watching = false;
  await watch;

  expect(node.proc.exitCode).toBeNull();
  const after = await connect();
  const pong = await new Promise<string>((resolve) => {
    after.once("data", (d) => resolve(d.toString()));
    after.write("PING\r\n");
  });
  expect(pong).toBe("+PONG\r\n");
  const used = await info(after, "used_memory");
  expect(used).toBeLessThanOrEqual(MAXMEMORY);
  expect(peak).toBeLessThanOrEqual(MAXMEMORY);
  expect(peak).toBeGreaterThan(0);
  after.destroy();
  watcher.destroy();
  expect(node.stderr()).not.toMatch(/internal error/);
}, 60_000);
