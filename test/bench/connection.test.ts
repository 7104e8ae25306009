// The driver's RESP connection against a scripted server: replies split at every byte boundary are
// still matched to their commands in order (hit, nil, ok, error), and a connection that closes with
// commands in flight reports each of them as closed.
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import {
  commandHead,
  REPLY_CLOSED,
  REPLY_ERROR,
  REPLY_NIL,
  REPLY_OK,
  REPLY_VALUE,
  RespConnection,
} from "../../src/bench/connection.js";
import { GET_HEAD, keyOf, SET_HEAD } from "../../src/bench/requests.js";

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

/** A server that answers every complete command line… with the next canned reply, written one byte at a time. */
function scripted(replies: string[], onSocket?: (s: Socket) => void): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer((sock) => {
      // a client that hangs up mid-reply resets the socket: not a test failure
      sock.on("error", () => {});
      onSocket?.(sock);
      let pending = "";
      let k = 0;
      sock.on("data", async (d) => {
        pending += d.toString("latin1");
        // each command is an array `*N\r\n` …; count commands by their leading '*'
        const cmds = pending.split("*").length - 1;
        pending = "";
        for (let c = 0; c < cmds && k < replies.length; c++) {
          const bytes = Buffer.from(replies[k++], "latin1");
          for (const b of bytes) {
            sock.write(Buffer.from([b]));
            await new Promise((r) => setImmediate(r));
          }
        }
      });
    });
    servers.push(srv);
    srv.listen(0, "127.0.0.1", () => resolve((srv.address() as { port: number }).port));
  });
}

describe("RespConnection", () => {
  it("matches byte-split replies to commands in order", async () => {
    const value = "x".repeat(300);
    const port = await scripted([
      `$300\r\n${value}\r\n`,
      "$-1\r\n",
      "+OK\r\n",
      "-ERR wrong\r\n",
      ":12\r\n",
      "$0\r\n\r\n",
    ]);
    const got: [number, number, number][] = [];
    let done: () => void = () => {};
    const all = new Promise<void>((r) => {
      done = r;
    });
    const c = await RespConnection.open("127.0.0.1", port, (req, kind, reply) => {
      got.push([req, kind, reply]);
      if (got.length === 6) done();
    });
    for (let i = 0; i < 6; i++) c.send(i, i % 2, 0, Buffer.from(`*2\r\n$3\r\nGET\r\n$1\r\n${i}\r\n`));
    await all;
    expect(got).toEqual([
      [0, 0, REPLY_VALUE],
      [1, 1, REPLY_NIL],
      [2, 0, REPLY_OK],
      [3, 1, REPLY_ERROR],
      [4, 0, REPLY_OK],
      [5, 1, REPLY_VALUE],
    ]);
    expect(c.inFlight).toBe(0);
    c.close();
  });

  it("reports every command in flight as closed when the server hangs up", async () => {
    const port = await scripted(["+OK\r\n"], (s) => setTimeout(() => s.destroy(), 100));
    const got: number[] = [];
    const c = await RespConnection.open("127.0.0.1", port, (_req, _kind, reply) => got.push(reply));
    for (let i = 0; i < 3; i++) c.send(i, 0, 0, Buffer.from("*1\r\n$4\r\nPING\r\n"));
    await new Promise((r) => setTimeout(r, 400));
    expect(got[0]).toBe(REPLY_OK);
    expect(got.slice(1)).toEqual([REPLY_CLOSED, REPLY_CLOSED]);
    // a later send fails at once (asynchronously)
    c.send(9, 0, 0, Buffer.from("*1\r\n$4\r\nPING\r\n"));
    await new Promise((r) => setTimeout(r, 20));
    expect(got.at(-1)).toBe(REPLY_CLOSED);
    expect(got).toHaveLength(4);
  });

  it("encodes keyed GETs and SETs byte for byte as commandHead does, over several flushes", async () => {
    // a server that records every byte and answers nothing
    let got = Buffer.alloc(0);
    const srv = createServer((sock) => {
      sock.on("error", () => {});
      sock.on("data", (d) => {
        got = Buffer.concat([got, d]);
      });
    });
    servers.push(srv);
    const port = await new Promise<number>((r) =>
      srv.listen(0, "127.0.0.1", () => r((srv.address() as { port: number }).port)),
    );
    const c = await RespConnection.open("127.0.0.1", port, () => {});
    const ids = [0, 7, 42, 1_000_000, 2_147_483_648, 4_294_967_295];
    const value = Buffer.alloc(100, 0x61);
    const want: Buffer[] = [];
    for (const [k, id] of ids.entries()) {
      c.sendKeyed(k, 0, 0, GET_HEAD, id);
      want.push(commandHead(["GET", keyOf(id)], null));
      const size = k % 2 === 0 ? 3 : 100;
      c.sendKeyed(k, 1, 0, SET_HEAD, id, Buffer.from(`$${size}\r\n`), value.subarray(0, size), Buffer.from("\r\n"));
      want.push(commandHead(["SET", keyOf(id), "a".repeat(size)], null));
      // every second pair in a later turn of the event loop: the output buffer is reused between
      if (k % 2 === 1) await new Promise((r) => setImmediate(r));
    }
    const expected = Buffer.concat(want);
    for (let i = 0; i < 100 && got.length < expected.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got.toString("latin1")).toBe(expected.toString("latin1"));
    c.close();
  });
});
