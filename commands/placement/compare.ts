import { Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { InputError } from "../../src/core/errors.js";
import { type CompareRow, compareScheme } from "../../src/placement/compare.js";
import { placementSchemes } from "../../src/placement/registry.js";
import { renderCompare } from "../../src/placement/render.js";
import { createPlacement, resolveScheme, SCHEME_KIND } from "../../src/placement/resolve.js";
import { numberedNodes } from "../../src/placement/servers.js";
import { parseRefList } from "../../src/policies/resolve.js";

export interface CompareResult {
  nodes: number;
  keys: number;
  scenario: string | null;
  rows: CompareRow[];
}

export default class PlacementCompare extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary =
    "Compare placement schemes: balance (uniform and under a scenario), keys moved when a node is added or removed, lookups/s.";
  static override description = [
    "Keys are the integer ids 0…K−1 through each scheme's id hash. 'moved on add' is the share of keys whose node changes when node<N> joins; 'moved on remove' when the last node leaves (the only node jump can lose without extra movement). The least possible is 1/(N+1) and 1/N.",
    "With --scenario, 'peak/mean (scenario)' weighs each of the scenario's objects by its requests: the busiest node's requests over the mean.",
    `Schemes: ${Object.values(placementSchemes)
      .map((s) => s.name)
      .join(", ")}, or a module path whose default export is a placement Spec.`,
  ].join("\n\n");
  static override examples = [
    "<%= config.bin %> placement compare --nodes 10 --keys 100000",
    "<%= config.bin %> placement compare --keys 100000 --scenario scenarios/quickstart.yaml",
    "<%= config.bin %> placement compare --keys 100000 --schemes ring,jump,bounded:epsilon=0.1 --json",
  ];
  static override flags = {
    nodes: Flags.integer({ char: "n", description: "nodes", default: 10, min: 1, max: 100_000 }),
    keys: Flags.integer({ char: "k", description: "keys (integer ids)", default: 1_000_000, min: 1, max: 100_000_000 }),
    scenario: Flags.string({ description: "scenario file whose request popularity weighs the keys" }),
    schemes: Flags.string({ description: "comma-separated schemes (default: every built-in)" }),
    markdown: Flags.boolean({ description: "print a Markdown table" }),
    json: Flags.boolean({ description: "print the rows as JSON" }),
  };

  async run(): Promise<CompareResult> {
    const { flags } = await this.parse(PlacementCompare);
    const refs = flags.schemes
      ? parseRefList(flags.schemes, SCHEME_KIND)
      : Object.values(placementSchemes).map((s) => ({ name: s.name, params: {} }));
    if (refs.length === 0) throw new InputError("--schemes: give at least one scheme");
    const schemes = await Promise.all(refs.map((r) => resolveScheme(r)));
    const popularity = flags.scenario ? await scenarioPopularity(flags.scenario) : undefined;
    const nodes = numberedNodes(flags.nodes);
    const rows: CompareRow[] = [];
    for (const s of schemes) {
      rows.push(
        compareScheme(s.label, (list) => createPlacement(s, list), {
          nodes,
          keys: flags.keys,
          popularity: popularity?.counts,
        }),
      );
    }
    const scenario = popularity?.name ?? null;
    if (!flags.json) process.stdout.write(renderCompare(rows, flags.markdown, scenario ?? undefined));
    // with --json oclif prints the returned result
    return { nodes: flags.nodes, keys: flags.keys, scenario, rows };
  }
}

/** Requests per object id of a scenario's workload (its trace or synthetic generator). */
async function scenarioPopularity(file: string): Promise<{ name: string; counts: Uint32Array }> {
  const { loadRun } = await import("../../src/scenario/load.js");
  const { openWorkload } = await import("../../src/cli/workload.js");
  const run = await loadRun(file);
  const workload = await openWorkload(run.workload, run.seed);
  let counts = new Uint32Array(1 << 16);
  const source = workload.open();
  for (const batch of source) {
    for (let i = 0; i < batch.length; i++) {
      const k = batch.key[i];
      if (k >= counts.length) {
        const next = new Uint32Array(Math.max(counts.length * 2, k + 1));
        next.set(counts);
        counts = next;
      }
      counts[k]++;
    }
  }
  return { name: run.name, counts: counts.subarray(0, source.objects) };
}
