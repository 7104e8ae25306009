// The node reads every connection into one shared buffer (server.ts): a frame that arrives in pieces
// must survive other connections' reads overwriting that buffer between its pieces. Two clients
// interleave half-frames with a real node; each gets its own replies, and the values stored are
// the bytes each one sent.
import { Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { type Proc, startNode, stopAll } from "./procs.js";

afterAll(stopAll);

function connect(port: number): Promise<Socket & { got: () => string }> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    let text = "";
    s.on("data", (d) => {
      text += d.toString("latin1");
    });
    s.once("error", reject);
    s.connect(port, "127.0.0.1", () => resolve(Object.assign(s, { got: () => text })));
  });
}

const pause = () => new Promise((r) => setTimeout(r, 60));

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await pause();
}

describe("one read buffer for every connection", () => {
  let node: Proc;

  it("keeps each connection's frame in progress while others read", async () => {
    node = await startNode(["--http-port", "-1"]);
    const a = await connect(node.port);
    const b = await connect(node.port);
    const big = "v".repeat(100_000); // more than one read, so it arrives in pieces
    const frameA = `*3\r\n$3\r\nSET\r\n$1\r\na\r\n$${big.length}\r\n${big}\r\n`;
    const frameB = "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$5\r\nbbbbb\r\n";
    // a: half a header, b: a whole command, a: the rest of its header and half the value,
    // b: half a command, a: the rest, b: the rest
    a.write(frameA.slice(0, 7));
    await pause();
    b.write(frameB);
    await until(() => b.got() === "+OK\r\n");
    a.write(frameA.slice(7, 50_000));
    await pause();
    b.write("*2\r\n$3\r\nGET\r");
    await pause();
    a.write(frameA.slice(50_000));
    await until(() => a.got() === "+OK\r\n");
    b.write("\n$1\r\na\r\n");
    await until(() => b.got().length >= 5 + 8 + big.length + 2);
    a.write("*2\r\n$3\r\nGET\r\n$1\r\nb\r\n");
    await until(() => a.got().length >= 5 + 11);
    expect(a.got()).toBe("+OK\r\n$5\r\nbbbbb\r\n");
    expect(b.got()).toBe(`+OK\r\n$${big.length}\r\n${big}\r\n`);
    a.destroy();
    b.destroy();
    expect(await node.stop()).toBe(0);
  });
});
