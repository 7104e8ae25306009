// The live router places keys as `cachelab placement lookup --nodes N` does (the simulator's schemes
// over node0 … node<N−1>), replicas are distinct owners primary first, and the slots topology sent to
// the nodes covers all 16384 slots with the same owners the router gives.
import { describe, expect, it } from "vitest";
import { routerFor } from "../../../src/cluster/router.js";
import type { NodeState } from "../../../src/cluster/state.js";
import { buildTopology } from "../../../src/cluster/topology.js";
import { redisKeyHash } from "../../../src/placement/hash.js";
import { run } from "../../commands/run.js";

const names = ["node0", "node1", "node2"];

describe("the live router", () => {
  it.each(["ring", "jump", "rendezvous", "maglev", "slots"])(
    "%s: the same owner as placement lookup",
    async (scheme) => {
      const keys = Array.from({ length: 40 }, (_, i) => `user:${i}`);
      const r = await run(["placement", "lookup", "--scheme", scheme, "--nodes", "3", "--json", ...keys]);
      expect(r.code, r.stderr).toBe(0);
      const router = await routerFor(scheme, names, 0);
      const rows = JSON.parse(r.stdout) as { key: string; server: string }[];
      expect(rows.map((x) => names[router.primary(x.key)])).toEqual(rows.map((x) => x.server));
    },
  );

  it("with replicas: distinct owners, primary first", async () => {
    const router = await routerFor("ring", names, 1);
    for (let i = 0; i < 200; i++) {
      const o = router.owners(`k${i}`);
      expect(o).toHaveLength(2);
      expect(o[0]).toBe(router.primary(`k${i}`));
      expect(o[1]).not.toBe(o[0]);
    }
    expect((await routerFor("jump", names, 5)).copies).toBe(3);
  });

  it("the slots topology: contiguous ranges covering 0…16383, each slot's node the router's owner", async () => {
    const nodes = names.map((name, i) => ({ name, host: "127.0.0.1", port: 7000 + i }) as NodeState);
    const t = (await buildTopology({ generation: 4, placement: "slots", nodes }))!;
    expect(t.epoch).toBe(4);
    // redis-cli --cluster create's split for 3 masters
    expect(t.nodes.map((n) => n.slots)).toEqual([[[0, 5460]], [[5461, 10922]], [[10923, 16383]]]);
    const router = await routerFor("slots", names, 0);
    for (const key of ["foo", "bar", "{user}:1", "x"]) {
      const slot = redisKeyHash(key) & 16383;
      const holder = t.nodes.findIndex((n) => n.slots.some(([a, b]) => slot >= a && slot <= b));
      expect(holder).toBe(router.primary(key));
    }
    expect(await buildTopology({ generation: 1, placement: "ring", nodes })).toBeNull();
  });
});
