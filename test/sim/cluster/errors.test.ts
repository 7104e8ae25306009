// Bad `cluster:` input is one line naming the file, the field and what was expected (exit 2).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors.js";
import { loadRun } from "../../../src/scenario/load.js";
import { runScenario } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-cluster-err-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const head =
  "workload: { type: synthetic, requests: 2000, objects: 200 }\ncache: { capacity: [10%], eviction: [lru] }\n";

async function loadError(cluster: string): Promise<string> {
  const file = join(dir, "s.yaml");
  writeFileSync(file, `${head}cluster: ${cluster}\n`);
  try {
    await loadRun(file, {});
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message.replace(file, "FILE");
  }
  throw new Error("no error");
}

describe("cluster section errors", () => {
  it.each([
    ["{ nodes: 0 }", "FILE: cluster.nodes: "],
    ["{ placement: rnig }", "FILE: cluster.placement.0: unknown placement scheme 'rnig'"],
    ["{ replication: 0 }", "FILE: cluster.replication: "],
    [
      "{ l1: { capacity: 10, invalidation: sometimes } }",
      "FILE: cluster.l1.invalidation: expected one of ttl, broadcast",
    ],
    ["{ l1: { capacity: 10, eviction: belady } }", "FILE: cluster.l1.eviction: belady is an oracle policy"],
    [
      "{ events: [{ at: 10%, down: node1, up: node1 }] }",
      "FILE: cluster.events.0: give exactly one of down, up, add, remove, cutover",
    ],
    ["{ events: [{ at: soon, down: node1 }] }", "FILE: cluster.events.0.at: "],
    ["{ events: [{ at: 1, cutover: { warm: lukewarm } }] }", "FILE: cluster.events.0.cutover.warm: "],
    ["{ latency: { backend: fast } }", "FILE: cluster.latency"],
    ["{ nodess: 3 }", "FILE: cluster: unknown field nodess"],
  ])("%s", async (cluster, start) => {
    expect(await loadError(cluster)).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it.each([
    ["[{ at: 10, down: node7 }]", "cluster.events.0: no node 'node7' in the cluster at that point (node0, node1)"],
    ["[{ at: 10, down: node1 }, { at: 5, down: node1 }]", "cluster.events.0: node 'node1' is already down"],
    ["[{ at: 10, up: node1 }]", "cluster.events.0: node 'node1' is not down"],
    ["[{ at: 10, add: node1 }]", "cluster.events.0: node 'node1' exists already"],
    ["[{ at: 10, remove: node1 }, { at: 20, up: node1 }]", "cluster.events.1: no node 'node1'"],
  ])("events %s fail before anything runs, naming the event", async (events, message) => {
    await expect(runScenario(`${head}cluster: { nodes: 2, events: ${events} }\n`)).rejects.toThrow(message);
  });
});
