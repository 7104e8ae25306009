// Issue 7, group 3: a user's module is checked when it loads (exit 2, naming the module and the
// missing method), and anything it throws at run time (an Error or not) is one line naming the
// module and the method, exit 1, in the streamed path (one pair) and the worker path (two pairs).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeThrown } from "../../src/policies/resolve.js";
import { FIXTURES, ROOT, run } from "../commands/run.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-mods-"));
const TRACE = `${FIXTURES}cloudPhysicsIO.csv`;

function mod(name: string, body: string): string {
  const p = join(dir, `${name}.js`);
  writeFileSync(p, body);
  return p;
}

const policy = (evict: string, find = "(id) => ids.has(id)") => `export default {
  name: "m", summary: "", defaults: {}, params: {},
  create() {
    const ids = new Set();
    return { find: ${find}, insert(id) { ids.add(id); }, victim: () => -1,
      evict() { ${evict} }, remove: () => false,
      get usedBytes() { return ids.size; }, get count() { return ids.size; } };
  },
};
`;

const throw42 = mod("throw42", policy("throw 42;"));
const boom = mod("boom", policy("return -1;", '() => { throw new Error("boom in find"); }'));
const importThrow = mod("import-throw", "throw 42;\nexport default {};\n");
const nullPolicy = mod(
  "null",
  'export default { name: "n", summary: "", defaults: {}, params: {}, create: () => null };\n',
);
const emptyPolicy = mod(
  "empty",
  'export default { name: "e", summary: "", defaults: {}, params: {}, create: () => ({}) };\n',
);

const sim = (e: string, extra: string[] = []) =>
  run(["simulate", "--trace", TRACE, "-e", e, "-c", "100", "--no-save", ...extra]);

/** The last stderr line, which must be the one error line. */
const lastLine = (s: string) => s.trim().split("\n").at(-1) ?? "";

describe("errors in a user's module (issue 7, group 3)", () => {
  it("describes any thrown value on one line", () => {
    expect(describeThrown(42)).toBe("42");
    expect(describeThrown(undefined)).toBe("undefined");
    expect(describeThrown(new TypeError("x\ny"))).toBe("TypeError: x");
    expect(describeThrown(Object.create(null))).toBe("a value that cannot be printed");
  });

  for (const pairs of [1, 2]) {
    const e = (m: string) => (pairs === 1 ? m : `${m},lru`);
    it(`${pairs} pair(s): a non-Error thrown in evict() is one line naming the module and method, exit 1`, async () => {
      const r = await sim(e(throw42));
      expect(r.code).toBe(1);
      expect(lastLine(r.stderr)).toBe(`cachelab: eviction policy module ${throw42}: evict() threw 42`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
    it(`${pairs} pair(s): an Error thrown in find() names the module`, async () => {
      const r = await sim(e(boom), ["--json"]);
      expect(r.code).toBe(1);
      expect(lastLine(r.stderr)).toBe(`cachelab: eviction policy module ${boom}: find() threw Error: boom in find`);
    });
    it(`${pairs} pair(s): create() returning null or {} is exit 2 naming the missing methods`, async () => {
      const a = await sim(e(nullPolicy));
      expect(a.code).toBe(2);
      expect(lastLine(a.stderr)).toMatch(/eviction policy module .*null\.js: create\(\) returned null/);
      const b = await sim(e(emptyPolicy));
      expect(b.code).toBe(2);
      expect(lastLine(b.stderr)).toMatch(/empty\.js: create\(\) returned an object without find\(\), insert\(\)/);
    });
  }

  it("a non-Error thrown at import is exit 2 naming the module", async () => {
    const r = await sim(importThrow);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/import-throw\.js failed to load: 42$/);
  });

  it("an eviction module given to --admission is exit 2, named, before the trace is read", async () => {
    const r = await sim("lru", ["-a", `${ROOT}examples/mru-policy.js`]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/loading trace/);
    expect(lastLine(r.stderr)).toMatch(
      /admission policy module .*mru-policy\.js: create\(\) returned an object without admit\(\)/,
    );
  });
});
