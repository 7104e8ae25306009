// Issue 8's expectations on 10 nodes (fewer keys than the README's 1 M, with tolerances): jump and
// ring move ≈ 1/(N+1) of the keys when a node is added, modulo ≈ N/(N+1); bounded never puts more
// than ⌈(1+ε)·mean⌉ keys on a node.
import { describe, expect, it } from "vitest";
import { type CompareRow, compareScheme } from "../../src/placement/compare.js";
import { placementSchemes } from "../../src/placement/registry.js";
import { renderCompare } from "../../src/placement/render.js";
import { createPlacement, resolveScheme } from "../../src/placement/resolve.js";
import { numberedNodes } from "../../src/placement/servers.js";

const N = 10;
const KEYS = 60_000;

async function row(name: string, params: Record<string, number> = {}, popularity?: Uint32Array): Promise<CompareRow> {
  const s = await resolveScheme({ name, params });
  return compareScheme(s.label, (nodes) => createPlacement(s, nodes), {
    nodes: numberedNodes(N),
    keys: KEYS,
    popularity,
  });
}

describe("placement compare on 10 nodes", () => {
  it("jump and ring move ≈ 1/(N+1) on add; modulo ≈ N/(N+1)", async () => {
    const jump = await row("jump");
    const ring = await row("ring");
    const modulo = await row("modulo");
    expect(jump.movedOnAdd).toBeCloseTo(1 / 11, 2);
    expect(ring.movedOnAdd).toBeGreaterThan(0.06);
    expect(ring.movedOnAdd).toBeLessThan(0.12);
    expect(modulo.movedOnAdd).toBeCloseTo(10 / 11, 2);
    // removing the last node: jump moves only its keys (1/N); modulo nearly all
    expect(jump.movedOnRemove).toBeCloseTo(1 / 10, 2);
    expect(modulo.movedOnRemove).toBeGreaterThan(0.85);
  });

  it("the consistent schemes move close to the minimum; balance is as expected", async () => {
    for (const name of ["rendezvous", "maglev", "multiprobe", "slots"]) {
      const r = await row(name);
      expect(r.movedOnAdd, name).toBeGreaterThan(0.07);
      expect(r.movedOnAdd, name).toBeLessThan(0.11);
      expect(r.movedOnRemove, name).toBeGreaterThan(0.08);
      expect(r.movedOnRemove, name).toBeLessThan(0.12);
      expect(r.peakToMean, name).toBeLessThan(1.06);
    }
    expect((await row("modulo")).peakToMean).toBeLessThan(1.04);
    expect((await row("ring")).peakToMean).toBeLessThan(1.3);
  });

  it("bounded never exceeds ⌈(1+ε)·mean⌉ on any node", async () => {
    for (const epsilon of [0.02, 0.1, 0.25]) {
      const r = await row("bounded", { epsilon });
      expect(r.maxKeys, `epsilon ${epsilon}`).toBeLessThanOrEqual(Math.ceil((1 + epsilon) * r.meanKeys));
    }
  });

  it("weighs the nodes' loads by a popularity", async () => {
    // one object takes half the requests: whichever node holds it is the busiest
    const pop = new Uint32Array(1000).fill(1);
    pop[0] = 1000;
    const r = await row("jump", {}, pop);
    expect(r.popularPeakToMean).toBeGreaterThan(5);
    expect((await row("jump")).popularPeakToMean).toBeNull();
  });

  it("renders a table with every scheme and the minimum movement", async () => {
    const rows = [];
    for (const s of Object.values(placementSchemes)) rows.push(await row(s.name));
    const text = renderCompare(rows);
    for (const s of Object.values(placementSchemes)) expect(text).toContain(s.name);
    expect(text).toContain("add 1/(N+1) = 9.1 %");
    expect(renderCompare(rows, true)).toMatch(/^\| scheme \|/);
  });
});
