// The Markdown report renders as tables on a Markdown viewer: by GitHub-flavoured Markdown's table
// rule, a table is a header row, a delimiter row with as many cells (`:---` / `---:`), and body
// rows; a body row with another number of cells, or an unescaped | inside a cell, breaks it. Every
// table of a report over every kind (with cluster rows, a comparison and awkward labels) is
// checked cell by cell here.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/report/markdown.js";
import { loaded, mrcResult, planResult, row, simResult, small } from "./fixture.js";

/** A row's cells, split on | that are not escaped. */
function cells(line: string): string[] {
  expect(line.startsWith("| ") && line.endsWith(" |"), line).toBe(true);
  return line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

function tables(md: string): string[][] {
  const out: string[][] = [];
  let cur: string[] | null = null;
  for (const line of md.split("\n")) {
    if (line.startsWith("|")) (cur ??= []).push(line);
    else if (cur) {
      out.push(cur);
      cur = null;
    }
  }
  if (cur) out.push(cur);
  return out;
}

describe("GitHub-flavoured tables", () => {
  const cluster = row({
    eviction: "odd|name\\x",
    capacity: 10,
    misses: 100,
    extra: {
      cluster: { nodes: 2, placement: "ring", replication: 1, clients: 1, l1: null },
      nodes: [{ name: "n|1", requests: 1, hits: 0, misses: 1, byteRequests: 1, evictions: 0, loadShare: 1 }],
      phases: [
        {
          index: 0,
          event: "a | b",
          atRequest: 0,
          requests: 1,
          hits: 0,
          misses: 1,
          hitRatioBefore: null,
          lowestHitRatio: null,
          recoveryRequests: null,
          keysRemapped: 0,
        },
      ],
    },
  });
  const md = renderMarkdown(
    [
      loaded(small(), "a.json"),
      loaded(simResult({ rows: [row({ eviction: "lru", capacity: 10, misses: 500 }), cluster] }), "b.json"),
      loaded(mrcResult(), "m.json"),
      loaded(planResult(), "p.json"),
    ],
    { reference: "lru" },
  );
  const all = tables(md);

  it("finds every table: comparison; grid and pairs ×2; per-node load and phases; curves; plan and its curves", () => {
    expect(all).toHaveLength(10);
  });

  it.each(all.map((t, i) => [i, t] as const))(
    "table %i: header, delimiter and rows with the same cell count",
    (_, t) => {
      const n = cells(t[0]).length;
      expect(n).toBeGreaterThan(1);
      expect(cells(t[1]).every((c) => c === ":---" || c === "---:")).toBe(true);
      for (const line of t) expect(cells(line), line).toHaveLength(n);
    },
  );
});
