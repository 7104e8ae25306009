// The RESP parser and writer on hand-worked frames: every split point of a pipelined stream gives
// the same commands, inline commands split as Redis's sdssplitargs does, malformed frames raise
// Redis's exact protocol errors, and the writer's bytes are the spec's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInteger, RespError, RespParser, RespWriter } from "../../../src/cluster/node/resp.js";

function drain(p: RespParser): string[][] {
  const out: string[][] = [];
  while (p.next()) {
    const args: string[] = [];
    for (let i = 0; i < p.argc; i++) args.push(p.str(i));
    out.push(args);
  }
  return out;
}

function parseAll(chunks: Buffer[], limits = {}): string[][] {
  const p = new RespParser(limits);
  const out: string[][] = [];
  for (const c of chunks) {
    p.feed(c);
    out.push(...drain(p));
  }
  return out;
}

function errorOf(text: string, limits = {}): string {
  try {
    parseAll([Buffer.from(text, "latin1")], limits);
  } catch (e) {
    return (e as RespError).message;
  }
  return "no error";
}

const STREAM = Buffer.from(
  "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n*0\r\nPING\r\n\r\n*1\r\n$0\r\n\r\n",
  "latin1",
);
const EXPECTED = [["SET", "key", "va\r\nl"], ["GET", "key"], ["PING"], [""]];

describe("RespParser", () => {
  it("parses pipelined multibulk and inline commands in one chunk", () => {
    expect(parseAll([STREAM])).toEqual(EXPECTED);
  });

  it("gives the same commands for every split of the stream into two and three chunks", () => {
    for (let a = 0; a <= STREAM.length; a++) {
      expect(parseAll([STREAM.subarray(0, a), STREAM.subarray(a)])).toEqual(EXPECTED);
    }
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STREAM.length }), { maxLength: 8 }), (cuts) => {
        const sorted = [0, ...cuts.sort((x, y) => x - y), STREAM.length];
        const chunks = sorted.slice(1).map((c, i) => Buffer.from(STREAM.subarray(sorted[i], c)));
        expect(parseAll(chunks)).toEqual(EXPECTED);
      }),
    );
  });

  it("peekKeys finds each whole command's second argument ahead, as next() parses it, and consumes nothing", () => {
    const arg = fc.uint8Array({ minLength: 0, maxLength: 20 }).map((a) => Buffer.from(a));
    const cmd = fc.array(arg, { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 20 }), fc.nat(40), (cmds, cut) => {
        const frames = cmds.map((args) =>
          Buffer.concat([
            Buffer.from(`*${args.length}\r\n`),
            ...args.flatMap((a) => [Buffer.from(`$${a.length}\r\n`), a, Buffer.from("\r\n")]),
          ]),
        );
        const all = Buffer.concat(frames);
        // a stream cut anywhere: only the commands whose frames are whole are seen
        const fed = all.subarray(0, Math.max(0, all.length - cut));
        const p = new RespParser();
        p.feed(fed);
        const ks = new Int32Array(64);
        const ke = new Int32Array(64);
        const n = p.peekKeys(ks, ke, 64);
        const peeked = Array.from({ length: n }, (_, k) => p.peekBuffer.subarray(ks[k], ke[k]).toString("latin1"));
        const parsed: string[] = [];
        while (p.next()) if (p.argc > 1) parsed.push(p.str(1));
        expect(peeked).toEqual(parsed);
      }),
    );
  });

  it("peekKeys never throws or points outside the bytes fed, whatever they are", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const p = new RespParser();
        const b = Buffer.from([0x2a, ...bytes]);
        p.feed(b);
        const ks = new Int32Array(8);
        const ke = new Int32Array(8);
        const n = p.peekKeys(ks, ke, 8);
        for (let k = 0; k < n; k++) {
          expect(ks[k]).toBeGreaterThanOrEqual(0);
          expect(ke[k]).toBeLessThanOrEqual(b.length);
          expect(ke[k]).toBeGreaterThanOrEqual(ks[k]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps a frame still arriving when the fed memory is reused (one read buffer, release())", () => {
    // as the node reads: every chunk lands in the same buffer, at its start, with stale bytes after it
    const shared = Buffer.alloc(256);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STREAM.length }), { maxLength: 8 }), (cuts) => {
        const sorted = [0, ...cuts.sort((x, y) => x - y), STREAM.length];
        const p = new RespParser();
        const out: string[][] = [];
        for (let i = 1; i < sorted.length; i++) {
          shared.fill(0x2a);
          STREAM.copy(shared, 0, sorted[i - 1], sorted[i]);
          p.feed(shared, sorted[i] - sorted[i - 1]);
          out.push(...drain(p));
          p.release();
        }
        expect(out).toEqual(EXPECTED);
        expect(p.pending).toBe(0);
      }),
    );
  });

  it("reads a large bulk arriving in small chunks into one buffer", () => {
    const value = Buffer.alloc(1 << 20, 0x61);
    const frame = Buffer.concat([Buffer.from(`*2\r\n$4\r\nECHO\r\n$${value.length}\r\n`), value, Buffer.from("\r\n")]);
    const p = new RespParser();
    let got = 0;
    for (let i = 0; i < frame.length; i += 1000) {
      p.feed(frame.subarray(i, i + 1000));
      while (p.next()) {
        got++;
        expect(p.argEnd[1] - p.argStart[1]).toBe(value.length);
        expect(p.arg(1).equals(value)).toBe(true);
      }
    }
    expect(got).toBe(1);
  });

  it("splits inline commands as sdssplitargs does", () => {
    expect(parseAll([Buffer.from('SET "a b" \'c\\\'d\' "\\x41\\n"\r\n  get   x \n')])).toEqual([
      ["SET", "a b", "c'd", "A\n"],
      ["get", "x"],
    ]);
  });

  it("raises Redis's protocol errors", () => {
    expect(errorOf("*x\r\n")).toBe("Protocol error: invalid multibulk length");
    expect(errorOf("*01\r\n")).toBe("Protocol error: invalid multibulk length");
    expect(errorOf("*1\r\n+GET\r\n")).toBe("Protocol error: expected '$', got '+'");
    expect(errorOf("*1\r\n$-1\r\n")).toBe("Protocol error: invalid bulk length");
    expect(errorOf("*1\r\n$abc\r\n")).toBe("Protocol error: invalid bulk length");
    expect(errorOf("*1\r\n$10\r\n", { maxBulk: 5 })).toBe("Protocol error: invalid bulk length");
    expect(errorOf('SET "a\r\n')).toBe("Protocol error: unbalanced quotes in request");
    expect(errorOf('SET "a"b\r\n')).toBe("Protocol error: unbalanced quotes in request");
    expect(errorOf("x".repeat(70_000))).toBe("Protocol error: too big inline request");
    expect(errorOf(`*${"1".repeat(70_000)}`)).toBe("Protocol error: too big mbulk count string");
    expect(errorOf(`*1\r\n$${"1".repeat(70_000)}`)).toBe("Protocol error: too big bulk count string");
    expect(errorOf("*3\r\n", { maxMultibulk: 2 })).toBe("Protocol error: invalid multibulk length");
  });

  it("flags a query buffer over its limit as an overflow (closed without a reply)", () => {
    const p = new RespParser({ maxQueryBuffer: 100 });
    p.feed(Buffer.from("*2\r\n$3\r\nSET\r\n$200\r\n"));
    expect(p.next()).toBe(false);
    let err: RespError | null = null;
    try {
      p.feed(Buffer.alloc(150, 0x61));
      p.next();
    } catch (e) {
      err = e as RespError;
    }
    expect(err?.overflow).toBe(true);
  });

  it("parses integers as string2ll", () => {
    const n = (s: string) => parseInteger(Buffer.from(s), 0, s.length);
    expect(n("0")).toBe(0);
    expect(n("-12")).toBe(-12);
    expect(n("9223372036854775807")).toBe(Number(9223372036854775807n));
    for (const bad of ["", "-", "-0", "01", "+1", " 1", "1 ", "1.5", "99999999999999999999"]) {
      expect(n(bad)).toBeNaN();
    }
  });
});

describe("RespWriter", () => {
  it("writes RESP2 and RESP3 replies byte for byte", () => {
    const w = new RespWriter(16);
    w.ok();
    w.simple("PONG");
    w.error("ERR x");
    w.int(0);
    w.int(-42);
    w.int(1234567890123);
    w.bulk(Buffer.from("hello"));
    w.bulkString("é");
    w.nil();
    w.array(2);
    w.map(1);
    w.nullArray();
    expect(w.take().toString("utf8")).toBe(
      "+OK\r\n+PONG\r\n-ERR x\r\n:0\r\n:-42\r\n:1234567890123\r\n$5\r\nhello\r\n$2\r\né\r\n$-1\r\n*2\r\n*2\r\n*-1\r\n",
    );
    w.resp3 = true;
    w.nil();
    w.map(1);
    w.set(2);
    w.verbatim("ab");
    w.nullArray();
    expect(w.take().toString()).toBe("_\r\n%1\r\n~2\r\n=6\r\ntxt:ab\r\n_\r\n");
  });
});

describe("RespParser on arbitrary bytes", () => {
  it("yields commands or throws RespError, nothing else, however the bytes are split", () => {
    const frame = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
      fc
        .array(fc.uint8Array({ maxLength: 10 }), { maxLength: 4 })
        .map((args) =>
          Buffer.concat([
            Buffer.from(`*${args.length}\r\n`),
            ...args.flatMap((a) => [Buffer.from(`$${a.length}\r\n`), Buffer.from(a), Buffer.from("\r\n")]),
          ]),
        ),
      fc.constantFrom("*", "$", "\r\n", "*1\r\n", "$3\r\n", '"', "'", "*-1\r\n").map((s) => Buffer.from(s)),
    );
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 12 }), fc.array(fc.nat(200), { maxLength: 4 }), (frames, cuts) => {
        const all = Buffer.concat(frames);
        const points = [0, ...cuts.map((c) => c % (all.length + 1)).sort((x, y) => x - y), all.length];
        const p = new RespParser({ maxBulk: 64, maxMultibulk: 8, maxInline: 64, maxQueryBuffer: 1024 });
        try {
          for (let i = 1; i < points.length; i++) {
            p.feed(Buffer.from(all.subarray(points[i - 1], points[i])));
            while (p.next()) {
              expect(p.argc).toBeGreaterThan(0);
              for (let a = 0; a < p.argc; a++) expect(p.argEnd[a]).toBeGreaterThanOrEqual(p.argStart[a]);
            }
          }
        } catch (e) {
          expect(e).toBeInstanceOf(RespError);
        }
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
