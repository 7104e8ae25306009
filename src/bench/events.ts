// Scenario events applied live: the `cluster.events` of a scenario (src/scenario/cluster.ts, the
// simulator's timeline: docs/cluster.md) played against the local cluster a bench runs on, on time.
//
//   down NODE     SIGKILL, as `cachelab cluster kill` (a crash: contents lost). The bench marks it down
//                 first, so no new request goes there; reads in flight fail over (./driver.ts).
//   pause NODE    SIGSTOP (`cluster pause`): the node keeps its sockets and contents and answers
//                 nothing; clients find out through their timeout (`--timeout`), then fail over.
//   resume NODE   SIGCONT (`cluster resume`); clients reconnect to it.
//   up NODE       a node that is down gets a new process under the same name (empty, as after a
//                 crash and restart); the key → node map is the same, so its keys come back to it.
//   add NODE      `cluster add`: one more node (live names are node<next index>, so the event must
//                 name that one), routing recomputed with the placement; keys remapped are misses.
//   remove NODE   routing first moves its keys away, then `cluster remove` stops it.
//   cutover       blue-green (`cluster deploy`, src/cluster/deploy.ts): green nodes with the new policy
//                 and memory under the same names, warmed `cold` or `copy-hot:K` (the K keys this
//                 bench requested most, recently — counts halved every HOT_AGE requests, as the
//                 simulator does — copied from blue), then the bench's routing switches to green and
//                 blue is drained and stopped. Changing the node count or placement at a cutover and
//                 `shadow` warm-ups are simulator-only.
//
// When: an event at a request index fires when that request is issued (open loop: when it is due); a
// share (`30%`) is of the requests the bench plans to replay; a time (`20s`) is on the clock from the
// start of the replay (warm-up included). Events run one after another in the order they fire, each
// while the load goes on. Each is recorded with the request and time it fired at and when it took
// effect; the run's phases (one per event, as the simulator's `phases[]`, src/sim/cluster/phases.ts)
// are computed from the per-request outcomes afterwards (`livePhases`).
import { deploy } from "../cluster/deploy.js";
import { add, kill, pause, remove, startNodes } from "../cluster/manager.js";
import { type ClusterState, requireState, writeState } from "../cluster/state.js";
import { InputError } from "../core/errors.js";
import type { PolicyRef } from "../policies/resolve.js";
import type { CapacitySpec } from "../scenario/capacity.js";
import type { LoadedEvent } from "../scenario/cluster.js";
import { PhaseTracker } from "../sim/cluster/phases.js";
import type { PhaseRow } from "../sim/result.js";
import { type DriverControl, type Endpoint, type LiveHooks, OUT_ERROR, OUT_HIT, type Routing } from "./driver.js";
import { keyOf } from "./requests.js";
import { type KeyHashes, type NameOwners, translate } from "./routing.js";

export interface PlannedEvent {
  /** Position in the scenario's `events` list (for messages). */
  index: number;
  kind: LoadedEvent["kind"];
  label: string;
  node: string | null;
  /** Fires when this request is issued … */
  atRequest: number | null;
  /** … or this many ms after the replay starts. */
  atMs: number | null;
  cutover?: { eviction?: string; capacity?: CapacitySpec; warmHot: number };
}

/** One event as it happened, in the result (`bench.events`). */
export interface BenchEvent {
  label: string;
  kind: string;
  node: string | null;
  /** The request index it fired at (the next request issued), and seconds after the replay started. */
  atRequest: number;
  atS: number;
  /** When it took effect (a cutover: the routing switched to green); null if it failed. */
  appliedAtRequest: number | null;
  appliedS: number | null;
  /** Keys whose primary changed (add, remove). */
  keysRemapped: number;
  /** A cutover's warm-up: keys asked for, known hot, copied from blue. */
  warm?: { text: string; asked: number; hot: number; copied: number };
  error: string | null;
}

export interface PlanOptions {
  /** Requests the bench will replay (a share is of these). */
  requests: number;
  /** `file: cluster` for messages. */
  where: string;
  /** The running cluster's node names, in order, and the index the next added node gets. */
  names: readonly string[];
  nextIndex: number;
  /** `--warm`: the cutover's warm-up when the scenario lists several. */
  warm?: string;
}

const policyText = (p: PolicyRef) =>
  [p.module ?? p.name, ...Object.entries(p.params).map(([k, v]) => `${k}=${v}`)].join(":");

/** Resolves each event's time and checks it can be applied live, in order; an error names the event. */
export function planEvents(events: readonly LoadedEvent[], o: PlanOptions): PlannedEvent[] {
  const out: PlannedEvent[] = [];
  const names = new Set(o.names);
  const down = new Set<string>();
  const paused = new Set<string>();
  let next = o.nextIndex;
  // index events in request order (stable), time events where the file has them
  const order = events
    .map((e, i) => ({ e, i, at: "index" in e.at ? e.at.index : "fraction" in e.at ? -1 : -2 }))
    .map((x) => ({
      ...x,
      at: x.at === -1 ? Math.floor(o.requests * (x.e.at as { fraction: number }).fraction) : x.at,
    }));
  const byIndex = order.filter((x) => x.at >= 0).sort((a, b) => a.at - b.at || a.i - b.i);
  let k = 0;
  const sorted = order.map((x) => (x.at >= 0 ? byIndex[k++] : x));
  for (const { e, i, at } of sorted) {
    const bad = (why: string) => new InputError(`${o.where}.events.${i} (${eventLabel(e)}): ${why}`);
    const when =
      at >= 0 ? { atRequest: at, atMs: null } : { atRequest: null, atMs: (e.at as { seconds: number }).seconds * 1000 };
    if (e.kind === "cutover") {
      if (e.nodes !== undefined || e.placement !== undefined)
        throw bad(
          "a live cutover keeps the node names and the placement (cachelab cluster deploy changes the policy and memory); nodes and placement changes are simulator-only",
        );
      const texts = e.warm.map((w) => w.text);
      const text = o.warm ?? (texts.length === 1 ? texts[0] : null);
      if (text === null) throw bad(`the scenario compares ${texts.join(", ")}: choose one with --warm`);
      const warmHot = text === "cold" ? 0 : /^copy-hot:(\d+)$/.exec(text) ? Number(text.slice(9)) : -1;
      if (warmHot < 0) throw bad(`warm-up '${text}' cannot be applied live: give cold or copy-hot:K`);
      down.clear();
      paused.clear();
      out.push({
        index: i,
        kind: e.kind,
        label: `cutover ${text}`,
        node: null,
        ...when,
        cutover: { eviction: e.eviction ? policyText(e.eviction) : undefined, capacity: e.capacity, warmHot },
      });
      continue;
    }
    const node = e.kind === "add" ? e.node.name : e.node;
    if (e.kind === "add") {
      if (node !== `node${next}`)
        throw bad(`a live cluster names the node it adds node${next} (cachelab cluster add); name it so`);
      next++;
      names.add(node);
    } else {
      if (!names.has(node)) throw bad(`no node '${node}' in the cluster at that point (${[...names].join(", ")})`);
      if (e.kind === "down") {
        if (down.has(node)) throw bad(`node '${node}' is already down`);
        down.add(node);
        paused.delete(node);
      } else if (e.kind === "up") {
        if (!down.has(node)) throw bad(`node '${node}' is not down`);
        down.delete(node);
      } else if (e.kind === "pause") {
        if (down.has(node) || paused.has(node)) throw bad(`node '${node}' is already down or paused`);
        paused.add(node);
      } else if (e.kind === "resume") {
        if (!paused.has(node)) throw bad(`node '${node}' is not paused`);
        paused.delete(node);
      } else {
        if (names.size === 1) throw bad("cannot remove the last node");
        names.delete(node);
        down.delete(node);
        paused.delete(node);
      }
    }
    out.push({ index: i, kind: e.kind, label: `${e.kind} ${node}`, node, ...when });
  }
  return out;
}

function eventLabel(e: LoadedEvent): string {
  return e.kind === "cutover" ? "cutover" : e.label;
}

export interface LiveContext {
  statePath: string;
  replicas: number;
  /** Every key's hash, and its owners over the cluster's node names at the start (name i is endpoint i). */
  hashes: KeyHashes;
  owners: NameOwners;
  /** Bytes per node for a cutover's capacity (none: blue's memory). */
  memoryFor(capacity: CapacitySpec | undefined): number | undefined;
  /** Called with a name for every endpoint the events append (for the per-node rows). */
  onEndpoint(name: string): void;
}

/** Applies planned events while the driver replays (the driver's `hooks`). */
export class LiveEvents implements LiveHooks {
  nextIndex: number;
  readonly records: BenchEvent[] = [];
  private readonly byIndex: PlannedEvent[];
  private k = 0;
  private control: DriverControl | null = null;
  private t0 = 0;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private chain: Promise<void> = Promise.resolve();
  /** Node name → its current endpoint index. */
  private readonly at = new Map<string, number>();
  /** The owners over the current membership, by name. */
  private current: NameOwners;
  /** The owners after each add and remove, computed before the run (`prepare`), and the keys remapped. */
  private readonly after = new Map<PlannedEvent, { owners: NameOwners; remapped: number }>();

  constructor(
    private readonly plan: readonly PlannedEvent[],
    private readonly ctx: LiveContext,
  ) {
    this.byIndex = plan.filter((e) => e.atRequest !== null);
    this.nextIndex = this.byIndex[0]?.atRequest ?? Number.POSITIVE_INFINITY;
    this.current = ctx.owners;
    for (const [i, n] of ctx.owners.names.entries()) this.at.set(n, i);
  }

  /**
   * The owners of every membership the events create (add, remove), in the order they are planned
   * (index events by request, then time events): computed before the run, so that applying one is a
   * table translation, not a pass of the placement over every key while the load runs.
   */
  async prepare(): Promise<void> {
    let owners = this.ctx.owners;
    const ordered = [...this.byIndex, ...this.plan.filter((e) => e.atRequest === null)];
    for (const e of ordered) {
      if (e.kind !== "add" && e.kind !== "remove") continue;
      const names = e.kind === "add" ? [...owners.names, e.node!] : owners.names.filter((n) => n !== e.node);
      const next = await this.ctx.hashes.ownersOver(names, this.ctx.replicas);
      let remapped = 0;
      for (let id = 0; id < this.ctx.hashes.hashes.length; id++)
        if (owners.names[owners.table[id * owners.r]] !== next.names[next.table[id * next.r]]) remapped++;
      this.after.set(e, { owners: next, remapped });
      owners = next;
    }
  }

  start(control: DriverControl, t0: number): void {
    this.control = control;
    this.t0 = t0;
    for (const e of this.plan)
      if (e.atMs !== null) this.timers.push(setTimeout(() => this.enqueue(e), Math.max(0, e.atMs)));
  }

  fire(i: number): void {
    while (this.k < this.byIndex.length && (this.byIndex[this.k].atRequest ?? 0) <= i)
      this.enqueue(this.byIndex[this.k++]);
    this.nextIndex = this.byIndex[this.k]?.atRequest ?? Number.POSITIVE_INFINITY;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.nextIndex = Number.POSITIVE_INFINITY;
  }

  /** Resolves once every event that fired has finished (applied or failed). */
  settled(): Promise<void> {
    return this.chain;
  }

  private now(): { atRequest: number; atS: number } {
    const c = this.control!;
    return { atRequest: c.position(), atS: Math.round(performance.now() - this.t0) / 1000 };
  }

  private enqueue(e: PlannedEvent): void {
    if (this.stopped || !this.control) return;
    const fired = this.now();
    const rec: BenchEvent = {
      label: e.label,
      kind: e.kind,
      node: e.node,
      atRequest: e.atRequest ?? fired.atRequest,
      atS: fired.atS,
      appliedAtRequest: null,
      appliedS: null,
      keysRemapped: 0,
      error: null,
    };
    this.records.push(rec);
    this.chain = this.chain
      .then(() => this.apply(e, rec))
      .catch((err: Error) => {
        rec.error = err.message;
      });
  }

  private applied(rec: BenchEvent): void {
    const t = this.now();
    rec.appliedAtRequest = t.atRequest;
    rec.appliedS = t.atS;
  }

  /**
   * Opens sockets to `eps` (their names then map to the new endpoints) and switches the driver to
   * `owners` (default: the current membership's) over the endpoints.
   */
  private async reroute(eps: { name: string; label: string; host: string; port: number }[], owners?: NameOwners) {
    const c = this.control!;
    const base = c.endpoints();
    const at = new Map(this.at);
    for (const [j, e] of eps.entries()) at.set(e.name, base + j);
    const next = owners ?? this.current;
    const routing: Routing = translate(next, (n) => at.get(n)!);
    await c.reroute(
      eps.map((e): Endpoint => ({ host: e.host, port: e.port })),
      routing,
    );
    for (const [k, v] of at) this.at.set(k, v);
    for (const e of eps) this.ctx.onEndpoint(e.label);
    this.current = next;
  }

  private async apply(e: PlannedEvent, rec: BenchEvent): Promise<void> {
    if (this.stopped) throw new Error("the run ended first");
    const c = this.control!;
    const path = this.ctx.statePath;
    const node = e.node!;
    switch (e.kind) {
      case "down": {
        c.setDown(this.at.get(node)!, true);
        // kill() signals before its first await (then waits for the process to go): in effect now
        const killed = kill(path, node, "SIGKILL");
        this.applied(rec);
        await killed;
        return;
      }
      case "pause": {
        await pause(path, node);
        this.applied(rec);
        return;
      }
      case "resume": {
        const n = await pause(path, node, true);
        await this.reroute([{ name: node, label: node, host: n.host, port: n.port }]);
        this.applied(rec);
        return;
      }
      case "up": {
        const s = requireState(path);
        const [n] = await startNodes(path, [node], {
          eviction: s.eviction,
          memory: s.memory,
          password: s.password,
          basePort: 0,
        });
        const now = requireState(path);
        now.nodes = now.nodes.map((x) => (x.name === node ? n : x));
        writeState(path, now);
        await publish(path, now);
        await this.reroute([{ name: node, label: node, host: n.host, port: n.port }]);
        this.applied(rec);
        return;
      }
      case "add": {
        const n = await add(path);
        const next = this.after.get(e)!;
        if (n.name !== node) throw new Error(`the cluster named the new node ${n.name}, not ${node}`);
        await this.reroute([{ name: n.name, label: n.name, host: n.host, port: n.port }], next.owners);
        rec.keysRemapped = next.remapped;
        this.applied(rec);
        return;
      }
      case "remove": {
        const next = this.after.get(e)!;
        await this.reroute([], next.owners);
        rec.keysRemapped = next.remapped;
        this.applied(rec);
        await remove(path, node);
        return;
      }
      case "cutover": {
        const co = e.cutover!;
        const hot = c.hot;
        const r = await deploy(path, {
          eviction: co.eviction,
          memory: this.ctx.memoryFor(co.capacity),
          warmHot: co.warmHot,
          drainMs: 200,
          hotKeys: (k) => {
            const ids: number[] = [];
            for (let id = 0; id < hot.length; id++) if (hot[id] > 0) ids.push(id);
            ids.sort((a, b) => hot[b] - hot[a] || a - b);
            return ids.slice(0, k).map(keyOf);
          },
          // green has blue's names (a live cutover keeps them): the same owners, new endpoints
          onSwitch: async (green: ClusterState) => {
            await this.reroute(
              green.nodes.map((n) => ({
                name: n.name,
                label: `${n.name} (g${green.generation})`,
                host: n.host,
                port: n.port,
              })),
            );
            this.applied(rec);
          },
        });
        rec.warm = {
          text: e.label.replace(/^cutover /, ""),
          asked: r.warm.asked,
          hot: r.warm.hot,
          copied: r.warm.copied,
        };
        return;
      }
    }
  }
}

async function publish(path: string, s: ClusterState): Promise<void> {
  await (await import("../cluster/topology.js")).publishTopology(path, s);
}

/** A phase of a live run: the simulator's phase row plus the requests that failed in it. */
export interface BenchPhase extends PhaseRow {
  errors: number;
}

/**
 * The run's phases from the per-request outcomes in request order (the simulator's PhaseTracker over
 * windows of `window` requests): a phase per event that took effect, opened at the request it fired at.
 * Errors count as requests that did not hit; never-sent requests are left out.
 */
export function livePhases(
  outcome: Uint8Array,
  from: number,
  events: readonly BenchEvent[],
  window: number,
): BenchPhase[] {
  // a phase opens where its event took effect (a cutover: the switch to green, seconds after it fired)
  const opens = events
    .filter((e) => e.error === null && e.appliedAtRequest !== null)
    .map((e) => ({ at: e.appliedAtRequest!, label: e.label, keysRemapped: e.keysRemapped }))
    .sort((a, b) => a.at - b.at);
  const t = new PhaseTracker(window);
  const errorsAt: number[] = [0];
  let req = 0;
  let hit = 0;
  let err = 0;
  let k = 0;
  for (let i = 0; i <= outcome.length; i++) {
    while (k < opens.length && opens[k].at <= i) {
      while (i >= t.nextWindow) t.windowEnd(t.nextWindow, req, hit);
      t.open(i, opens[k].label, opens[k].keysRemapped, req, hit);
      errorsAt.push(err);
      k++;
    }
    if (i === outcome.length) break;
    while (i >= t.nextWindow) t.windowEnd(t.nextWindow, req, hit);
    const out = outcome[i];
    if (i < from || out === 0) continue;
    req++;
    if (out === OUT_HIT) hit++;
    else if (out === OUT_ERROR) err++;
  }
  t.close(req, hit);
  errorsAt.push(err);
  return t.rows.map((row, j) => {
    const errors = errorsAt[j + 1] - errorsAt[j];
    return { ...row, misses: row.requests - row.hits - errors, errors };
  });
}
