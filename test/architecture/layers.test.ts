// The import graph runs one way: commands → cli → ui → report → analysis / bench → cluster → sim
// → engine → scenario → workload / policies / placement / energy → core. A module may import its own layer and any layer below;
// layers of the same rank (workload, policies, placement) do not import each other. This test reads
// every import of every source file (type-only imports included: they are dependencies too) and
// fails naming the file and the import that goes the wrong way.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** Layer of a repo-relative path, or null for files outside the layered tree. */
function layerOf(path: string): { name: string; rank: number } | null {
  const p = path.replace(/\\/g, "/");
  if (p.startsWith("commands/")) return { name: "commands", rank: 10 };
  const m = /^src\/([^/]+)\//.exec(p);
  if (!m) return null;
  const ranks: Record<string, number> = {
    core: 0,
    workload: 1,
    policies: 1,
    placement: 1,
    energy: 1,
    scenario: 2,
    engine: 3,
    sim: 4,
    cluster: 5,
    bench: 6,
    analysis: 6,
    gate: 8,
    report: 7,
    ui: 8,
    cli: 9,
  };
  const rank = ranks[m[1]];
  if (rank === undefined)
    throw new Error(`${p}: src/${m[1]}/ has no layer; add it to test/architecture/layers.test.ts`);
  return { name: m[1], rank };
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir))) {
    const p = join(dir, e);
    if (statSync(join(root, p)).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|tsx)$/.test(e)) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"|import\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g;

function wrongWay(file: string, text: string): string[] {
  const from = layerOf(file);
  if (!from) return [];
  const bad: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    const target = relative(root, resolve(root, dirname(file), spec));
    const to = layerOf(target);
    if (!to || to.name === from.name) continue;
    if (to.rank > from.rank || (to.rank === from.rank && to.name !== from.name))
      bad.push(`${file} (${from.name}) imports ${target} (${to.name})`);
  }
  return bad;
}

describe("layers", () => {
  it("classifies the layers in order", () => {
    expect(layerOf("src/core/grow.ts")?.rank).toBeLessThan(layerOf("src/policies/eviction/lru.ts")!.rank);
    expect(layerOf("src/sim/job.ts")?.rank).toBeLessThan(layerOf("src/report/table.ts")!.rank);
    expect(layerOf("commands/simulate.ts")?.rank).toBeGreaterThan(layerOf("src/cli/errors.ts")!.rank);
    expect(layerOf("test/x.ts")).toBeNull();
  });

  it("flags an upward import and a sideways one, and allows a downward one", () => {
    expect(wrongWay("src/sim/job.ts", 'import { x } from "../report/table.js";')).toHaveLength(1);
    expect(wrongWay("src/workload/a.ts", 'import type { y } from "../policies/b.js";')).toHaveLength(1);
    expect(wrongWay("src/core/a.ts", 'const m = await import("../sim/job.js");')).toHaveLength(1);
    expect(wrongWay("src/report/a.ts", 'import { z } from "../sim/job.js";\nimport { w } from "./b.js";')).toEqual([]);
  });

  it("no module imports a higher layer or a sibling layer", () => {
    const files = [...sources("src"), ...sources("commands")];
    expect(files.length).toBeGreaterThan(50);
    const bad = files.flatMap((f) => wrongWay(f, readFileSync(join(root, f), "utf8")));
    expect(bad).toEqual([]);
  });
});
