import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { placementSchemes } from "../../src/placement/registry.js";
import { createPlacement, resolveScheme } from "../../src/placement/resolve.js";
import { Bounded } from "../../src/placement/schemes/bounded.js";
import { Jump } from "../../src/placement/schemes/jump.js";
import { Maglev } from "../../src/placement/schemes/maglev.js";
import { Rendezvous } from "../../src/placement/schemes/rendezvous.js";
import { Slots } from "../../src/placement/schemes/slots.js";
import { numberedNodes, parseServerList } from "../../src/placement/servers.js";
import type { Placement } from "../../src/placement/types.js";

const names = Object.values(placementSchemes).map((s) => s.name);

async function make(name: string, n: number, params: Record<string, number> = {}): Promise<Placement> {
  return createPlacement(await resolveScheme({ name, params }), numberedNodes(n));
}

describe.each(names)("%s", (name) => {
  it("gives distinct owners in range, primary first, and the same answer twice", async () => {
    const p = await make(name, 7);
    const q = await make(name, 7);
    const out = new Int32Array(3);
    const out2 = new Int32Array(3);
    for (let id = 0; id < 2000; id++) {
      const h = p.hashId(id);
      expect(p.owners(h, 3, out)).toBe(3);
      expect(new Set(out).size).toBe(3);
      for (const o of out) expect(o >= 0 && o < 7).toBe(true);
      expect(q.owners(h, 3, out2)).toBe(3);
      expect(Array.from(out2)).toEqual(Array.from(out));
      if (!p.loadAware) expect(p.owner(h)).toBe(out[0]);
    }
    expect(p.owners(1, 99, new Int32Array(99))).toBe(7);
  });

  it("hashes string keys and ids to u32 and places them", async () => {
    const p = await make(name, 4);
    for (const k of ["", "a", "user:42", "{tag}x"]) {
      const h = p.hashKey(k);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
      expect(p.nodes[p.owner(h)]).toMatch(/^node[0-3]$/);
    }
    expect(p.ownerOfId(12345)).toBeGreaterThanOrEqual(0);
  });

  it("adds and removes nodes by name", async () => {
    const p = await make(name, 3);
    p.add("extra");
    expect(p.nodes).toContain("extra");
    p.remove("node0");
    expect(p.nodes).not.toContain("node0");
    expect(p.nodes.length).toBe(3);
    const seen = new Set<number>();
    for (let id = 0; id < 3000; id++) seen.add(p.ownerOfId(id));
    expect([...seen].sort()).toEqual([0, 1, 2]);
    expect(() => p.remove("nope")).toThrow(InputError);
    expect(() => p.add("extra")).toThrow(InputError);
  });

  it("with one node, every key goes to it", async () => {
    const p = await make(name, 1);
    for (let id = 0; id < 100; id++) expect(p.ownerOfId(id)).toBe(0);
  });
});

describe("scheme specifics", () => {
  it("rejects an empty node list", async () => {
    for (const name of names) await expect(make(name, 0)).rejects.toThrow(InputError);
  });

  it("slots: redis-cli's initial split of 16384 slots over 3 masters", () => {
    const s = new Slots(numberedNodes(3));
    const ranges: [number, number, number][] = [];
    for (let i = 0; i < 16384; i++) {
      const o = s.slotOwner[i];
      const last = ranges.at(-1);
      if (last && last[2] === o) last[1] = i;
      else ranges.push([i, i, o]);
    }
    expect(ranges).toEqual([
      [0, 5460, 0],
      [5461, 10922, 1],
      [10923, 16383, 2],
    ]);
  });

  it("slots: adding a node moves ⌊16384/(N+1)⌋ slots to it and leaves the split even; removing hands its slots on", () => {
    const s = new Slots(numberedNodes(10));
    const before = Int32Array.from(s.slotOwner);
    s.add("node10");
    const counts = s.counts();
    expect(counts[10]).toBe(Math.floor(16384 / 11));
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    let moved = 0;
    for (let i = 0; i < 16384; i++) if (s.slotOwner[i] !== before[i]) moved++;
    expect(moved).toBe(Math.floor(16384 / 11));
    s.remove("node3");
    const after = s.counts();
    expect(after.length).toBe(10);
    expect(after.reduce((a, b) => a + b, 0)).toBe(16384);
    expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(1);
  });

  it("slots: a string key's point is its hash slot", () => {
    const s = new Slots(numberedNodes(3));
    expect(s.point(s.hashKey("somekey"))).toBe(11058);
    expect(s.owner(s.hashKey("foo{hash_tag}"))).toBe(s.owner(s.hashKey("bar{hash_tag}")));
  });

  it("maglev: needs a prime size; each node's share of the table is within one entry of the others", () => {
    expect(() => new Maglev(numberedNodes(3), 65536)).toThrow(/prime/);
    const m = new Maglev(numberedNodes(7), 65537);
    const counts = new Array(7).fill(0);
    for (const o of m.table) counts[o]++;
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(m.point(65538)).toBe(1);
  });

  it("jump: removing a middle node moves the last node into its bucket", () => {
    const j = new Jump(numberedNodes(5));
    j.remove("node1");
    expect(j.nodes).toEqual(["node0", "node4", "node2", "node3"]);
  });

  it("rendezvous: weights set the shares", () => {
    const r = new Rendezvous([
      { name: "a", weight: 1 },
      { name: "b", weight: 3 },
    ]);
    let b = 0;
    const n = 40000;
    for (let id = 0; id < n; id++) if (r.ownerOfId(id) === 1) b++;
    expect(b / n).toBeGreaterThan(0.73);
    expect(b / n).toBeLessThan(0.77);
  });

  it("bounded: no node exceeds ⌈(1+ε)·mean⌉ at any point; reset() forgets the placements", () => {
    for (const epsilon of [0.05, 0.25, 1]) {
      const b = new Bounded(numberedNodes(10), epsilon, 100);
      for (let m = 1; m <= 20000; m++) {
        b.ownerOfId(m);
        if (m % 997 === 0 || m === 20000) {
          const cap = Math.ceil(((1 + epsilon) * m) / 10);
          expect(Math.max(...b.load)).toBeLessThanOrEqual(cap);
        }
      }
      expect(b.placed).toBe(20000);
      b.reset();
      expect(b.placed).toBe(0);
      expect(Math.max(...b.load)).toBe(0);
    }
  });

  it("ring: weights from a server list set the points per server", async () => {
    const { nodes } = parseServerList("a:1 300\nb:1 100\n", "list");
    const p = createPlacement(await resolveScheme({ name: "ketama", params: {} }), nodes);
    let a = 0;
    for (let id = 0; id < 20000; id++) if (p.ownerOfId(id) === 0) a++;
    expect(a / 20000).toBeGreaterThan(0.65);
    expect(a / 20000).toBeLessThan(0.85);
  });

  it("resolves aliases, checks parameters and loads a user's module spec", async () => {
    expect((await resolveScheme({ name: "HRW", params: {} })).spec.name).toBe("rendezvous");
    expect((await resolveScheme({ name: "bounded", params: { epsilon: 0.1 } })).label).toBe("bounded(epsilon=0.1)");
    await expect(resolveScheme({ name: "bounded", params: { eps: 1 } })).rejects.toThrow(/no parameter 'eps'/);
    await expect(resolveScheme({ name: "maglev", params: { size: 1.5 } })).rejects.toThrow(/integer/);
    await expect(resolveScheme({ name: "rnig", params: {} })).rejects.toThrow(/did you mean ring/i);

    const dir = mkdtempSync(join(tmpdir(), "cachelab-placement-"));
    const file = join(dir, "first.mjs");
    writeFileSync(
      file,
      `export default {
        name: "first", summary: "everything on the first node", defaults: { k: 1 }, params: { k: { description: "unused", min: 0 } },
        create: (p, ctx) => ({
          scheme: "first", nodes: ctx.nodes.map((n) => n.name),
          hashKey: () => 0, hashId: () => 0, owner: () => 0, ownerOfId: () => 0,
          owners: (h, r, out) => { out[0] = 0; return 1; }, point: () => -1, add() {}, remove() {},
        }),
      };\n`,
    );
    const s = await resolveScheme({ name: "./first.mjs", params: { k: 2 }, module: file });
    expect(s.label).toBe("./first.mjs(k=2)");
    const p = createPlacement(s, numberedNodes(3));
    expect(p.ownerOfId(7)).toBe(0);
    await expect(resolveScheme({ name: "./none.mjs", params: {}, module: join(dir, "none.mjs") })).rejects.toThrow(
      /not found/,
    );
  });
});

describe("server lists", () => {
  it("reads libketama's format: comments, tabs or spaces, CRLF", () => {
    const { nodes, notes } = parseServerList("# c\n\na:1\t600\r\nb:2   400\n", "f");
    expect(nodes).toEqual([
      { name: "a:1", weight: 600 },
      { name: "b:2", weight: 400 },
    ]);
    expect(notes).toEqual([]);
  });
  it("notes how libketama would misread a last line without a newline", () => {
    expect(parseServerList("a:1 600", "f").notes[0]).toMatch(/600 as 60/);
  });
  it("rejects bad weights and duplicate servers, naming the line", () => {
    expect(() => parseServerList("a:1 600\nb:1 two\n", "f")).toThrow(/f: line 2: weight 'two'/);
    expect(() => parseServerList("a:1 600\na:1 1\n", "f")).toThrow(/line 2: 'a:1' is listed twice/);
    expect(() => parseServerList("# only\n", "f")).toThrow(/no servers/);
  });
});
