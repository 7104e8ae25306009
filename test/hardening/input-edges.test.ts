// Issue 7, group 8: input edge cases. A UTF-8 BOM is not part of a CSV header; a workload without
// requests (header only, blank lines, CR-only line ends, only DELETEs) is exit 2, not a miss ratio
// of 0; parameter names are own properties only; a whitespace-only CSV line is blank; empty flag
// values are refused; an unknown YAML tag is one line; a random or mutated trace never throws
// anything but the project's InputError, and never hangs (fast-check).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { evictionPolicies } from "../../src/policies/eviction/registry.js";
import { parseRef, resolveParams } from "../../src/policies/resolve.js";
import { openTrace } from "../../src/workload/formats.js";
import { FIXTURES, run } from "../commands/run.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-edges-"));
let n = 0;
function file(ext: string, bytes: string | Buffer): string {
  const p = join(dir, `f${n++}.${ext}`);
  writeFileSync(p, bytes);
  return p;
}

const sim = (trace: string, e = "lru", extra: string[] = []) =>
  run(["simulate", "--trace", trace, "-e", e, "-c", "10", "--no-save", "--json", ...extra]);

describe("input edge cases (issue 7, group 8)", () => {
  it("a UTF-8 BOM is not part of the CSV header", async () => {
    const bom = file(
      "csv",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("key,size\n1,10\n2,20\n1,10\n")]),
    );
    const r = await sim(bom);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).trace.requests).toBe(3);
    expect(r.stderr).not.toMatch(/ï»¿/);
  });

  for (const [what, ext, text] of [
    ["a header-only CSV", "csv", "key,size\n"],
    ["a blank-only txt", "txt", "\n  \n\n"],
    ["a CR-only CSV", "csv", "key,size\r1,10\r2,10\r"],
    ["an all-DELETE workload", "csv", "key,size,op\n1,10,delete\n2,10,delete\n"],
  ] as const) {
    for (const e of ["lru", "lru,fifo"]) {
      it(`${what} has no requests: exit 2 (${e})`, async () => {
        const r = await sim(file(ext, text), e);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/the workload has no requests/);
      });
    }
  }

  it("a whitespace-only CSV line is skipped like a blank one", async () => {
    const r = await sim(file("csv", "key,size\n1,10\n   \n\t\n2,10\n"));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).trace.requests).toBe(2);
  });

  it("parameter names are own properties only", async () => {
    for (const p of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      const ref = parseRef(`clock:${p}=1`, "eviction policy");
      expect(Object.keys(ref.params)).toEqual([p]);
      expect(() => resolveParams(evictionPolicies.clock, ref.params, "eviction policy")).toThrow(
        new RegExp(`has no parameter '${p}'`),
      );
    }
    const r = await sim(`${FIXTURES}cloudPhysicsIO.csv`, "lru:__proto__=1");
    expect(r.code).toBe(2);
  });

  it("empty -c, -e, -a values are refused", async () => {
    for (const f of ["-c", "-e", "-a"]) {
      const r = await run(["simulate", "--trace", `${FIXTURES}cloudPhysicsIO.csv`, f, "", "--no-save"]);
      expect(r.code).toBe(2);
    }
  });

  it("an unknown YAML tag is one line, exit 2", async () => {
    const r = await run(["simulate", file("yaml", "workload: !foo\n  type: trace\n"), "--no-save"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cachelab: .*:1: unknown YAML tag: .*!foo\n$/);
  });

  it("trace generate --out x.csv.zst is refused (it would be plain text)", async () => {
    const r = await run(["trace", "generate", "--requests", "10", "--format", "csv", "--out", join(dir, "x.csv.zst")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not write zstd/);
  });

  const FORMATS = ["csv", "txt", "oracleGeneral", "vscsi", "twitter"];
  const seeds = [
    Buffer.from('key,size,op,ttl\n1,10,get,0\n2,20,set,5\n"a,b",3,delete,1\n'),
    Buffer.from("1\n2\n3\nabc\n"),
    Buffer.from("0,key1,10,5,get,0\n1,key2,10,5,set,60\n"),
    Buffer.alloc(48, 7),
  ];
  it("fuzz: random and mutated bytes in every reader raise only InputError, in bounded time", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMATS),
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          fc
            .tuple(
              fc.constantFrom(...seeds),
              fc.array(fc.tuple(fc.nat(200), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
              fc.nat(80),
            )
            .map(([s, edits, cut]) => {
              const b = Buffer.from(s);
              for (const [at, v] of edits) b[at % b.length] = v;
              return b.subarray(0, Math.max(1, b.length - cut));
            }),
        ),
        fc.boolean(),
        (format, bytes, zst) => {
          const body = zst ? Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), bytes]) : bytes;
          const p = file("bin", body);
          const t0 = performance.now();
          try {
            const src = openTrace(p, { format });
            let requests = 0;
            for (const b of src) requests += b.length;
            expect(requests).toBeGreaterThanOrEqual(0);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
          }
          expect(performance.now() - t0).toBeLessThan(2000);
        },
      ),
      { numRuns: 300 },
    );
  });
});
