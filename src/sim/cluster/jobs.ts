// Expands a scenario's `cluster:` section into jobs: one per eviction × capacity × placement ×
// node count × near-cache configuration × cutover warm-up strategy, each fully resolved (node
// capacities in the run's unit, events at trace positions) so that a worker can run it alone.
//
// Capacities: `cache.capacity` is the starting cluster's total, split over the nodes by weight
// (floor, at least 1); a listed node may give its own. A node added later gets a weight-1 node's
// share × its weight; a cutover's cluster gets `cutover.capacity` (default: the same total).
// Event times: a position as is; `30%` → floor(0.3 × requests); `120s` → the first request at or
// after 120 s from the trace's first timestamp (a trace without a clock has every request at 0).
import { InputError } from "../../core/errors.js";
import type { Unit } from "../../core/unit.js";
import type { PolicyRef } from "../../policies/resolve.js";
import { type CapacitySpec, resolveCapacity } from "../../scenario/capacity.js";
import type { ClusterRequest, EventTime, LoadedNode } from "../../scenario/cluster.js";
import type { Job } from "../job.js";
import type { ClusterEvent, ClusterJobSpec, ClusterNodeSpec } from "./config.js";

export interface TraceFacts {
  length: number;
  objects: number;
  workingSetBytes: number;
  /** Per position, seconds (null: the trace has no clock). */
  time: Float64Array | null;
}

/** Phase windows for `window: auto`: 1/200 of the trace, at least 256 positions. */
export function phaseWindowFor(window: number | "auto", length: number): number {
  return window === "auto" ? Math.max(256, Math.ceil(length / 200)) : window;
}

function position(t: EventTime, facts: TraceFacts, from = 0): number {
  if ("index" in t) return t.index;
  if ("fraction" in t) return Math.floor(facts.length * t.fraction);
  return timeAfter(facts, from, t.seconds, true);
}

/** First position ≥ from whose time is ≥ (start, or time[from]) + seconds; length when none. */
function timeAfter(facts: TraceFacts, from: number, seconds: number, fromStart: boolean): number {
  const time = facts.time;
  if (time === null || facts.length === 0) return seconds > 0 ? facts.length : from;
  const origin = (fromStart ? time[0] : time[Math.min(from, facts.length - 1)]) + seconds;
  for (let i = from; i < facts.length; i++) if (time[i] >= origin) return i;
  return facts.length;
}

function splitCapacity(list: LoadedNode[], total: number, unit: Unit, facts: TraceFacts): ClusterNodeSpec[] {
  const shared = list.filter((n) => n.capacity === undefined);
  const weight = shared.reduce((s, n) => s + n.weight, 0);
  return list.map((n) => ({
    name: n.name,
    weight: n.weight,
    capacity:
      n.capacity !== undefined
        ? resolveCapacity(n.capacity, unit, facts.objects, facts.workingSetBytes)
        : Math.max(1, Math.floor((total * n.weight) / weight)),
  }));
}

function numbered(count: number, prefix = ""): LoadedNode[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}node${i}`, weight: 1 }));
}

/** Every cluster job of a run. `base` is one eviction × capacity job as the single-cache path builds it. */
export function clusterJobs(base: Job, capacity: CapacitySpec, c: ClusterRequest, facts: TraceFacts): Job[] {
  const jobs: Job[] = [];
  const lists: LoadedNode[][] = "counts" in c.nodes ? c.nodes.counts.map((n) => numbered(n)) : [c.nodes.list];
  const cutover = c.events.find((e) => e.kind === "cutover");
  const warms = cutover && cutover.kind === "cutover" ? cutover.warm : [null];
  for (const placement of c.placements) {
    for (const list of lists) {
      const nodes = splitCapacity(list, base.capacity, base.unit, facts);
      const weightTotal = list.reduce((s, n) => s + n.weight, 0);
      for (const l1 of c.l1) {
        for (const warm of warms) {
          const events: ClusterEvent[] = [];
          for (const e of c.events) {
            const at = position(e.at, facts);
            if (e.kind === "add") {
              events.push({
                at,
                label: e.label,
                kind: "add",
                node: {
                  name: e.node.name,
                  weight: e.node.weight,
                  capacity:
                    e.node.capacity !== undefined
                      ? resolveCapacity(e.node.capacity, base.unit, facts.objects, facts.workingSetBytes)
                      : Math.max(1, Math.floor((base.capacity * e.node.weight) / weightTotal)),
                },
              });
            } else if (e.kind === "cutover") {
              const w = warm!;
              const total = e.capacity
                ? resolveCapacity(e.capacity, base.unit, facts.objects, facts.workingSetBytes)
                : base.capacity;
              const green =
                e.nodes === undefined
                  ? numbered(list.length, "green-")
                  : typeof e.nodes === "number"
                    ? numbered(e.nodes, "green-")
                    : e.nodes;
              const until =
                w.warm.kind === "shadow"
                  ? w.warm.requests !== undefined
                    ? at + w.warm.requests
                    : timeAfter(facts, Math.min(at, facts.length), w.warm.seconds ?? 0, false)
                  : at;
              events.push({
                at,
                label: `cutover ${w.text}`,
                kind: "cutover",
                eviction: (e.eviction ?? base.eviction) as PolicyRef,
                placement: e.placement?.ref ?? placement.ref,
                placementLabel: e.placement?.label ?? placement.label,
                nodes: splitCapacity(green, total, base.unit, facts),
                warm:
                  w.warm.kind === "shadow"
                    ? { kind: "shadow", until }
                    : w.warm.kind === "copy-hot"
                      ? { kind: "copy-hot", keys: w.warm.keys }
                      : { kind: "cold" },
              });
            } else if (e.kind === "pause" || e.kind === "resume")
              // a paused node keeps its contents but answers nothing: the model has no such state
              throw new InputError(
                `${c.where}.events.${c.events.indexOf(e)}: ${e.kind} is applied live only (cachelab bench); the simulator models a failed node with down and up`,
              );
            else events.push({ at, label: e.label, kind: e.kind, node: e.node });
          }
          // stable: the file's order among events at the same position
          const order = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at);
          checkNames(order, nodes, c.where);
          events.sort((a, b) => a.at - b.at);
          const spec: ClusterJobSpec = {
            nodes,
            placement: placement.ref,
            placementLabel: placement.label,
            replication: c.replication,
            clients: c.clients,
            l1:
              l1 === null
                ? null
                : {
                    eviction: l1.eviction,
                    capacity: resolveCapacity(l1.capacity, base.unit, facts.objects, facts.workingSetBytes),
                    capacityText: l1.capacity.text,
                    ttlS: l1.ttlS,
                    invalidation: l1.invalidation,
                  },
            events,
            phaseWindow: phaseWindowFor(base.window, facts.length),
            meanObjectBytes: facts.objects > 0 ? facts.workingSetBytes / facts.objects : 1,
            latency: c.latency,
          };
          jobs.push({ ...base, capacityText: capacity.text, cluster: spec });
        }
      }
    }
  }
  return jobs;
}

/**
 * Follows the node names through the events in the order they happen, so that an event naming a
 * node the cluster does not have at that point (or one already down, or a name taken) fails before
 * anything runs, naming the event's field.
 */
function checkNames(order: { e: ClusterEvent; i: number }[], start: ClusterNodeSpec[], where: string): void {
  let names = new Set(start.map((n) => n.name));
  const down = new Set<string>();
  for (const { e, i } of order) {
    const bad = (why: string) => new InputError(`${where}.events.${i}: ${why}`);
    if (e.kind === "cutover") {
      for (const n of e.nodes) if (names.has(n.name)) throw bad(`node '${n.name}' exists already`);
      names = new Set(e.nodes.map((n) => n.name));
      down.clear();
    } else if (e.kind === "add") {
      if (names.has(e.node.name)) throw bad(`node '${e.node.name}' exists already`);
      names.add(e.node.name);
    } else {
      if (!names.has(e.node)) throw bad(`no node '${e.node}' in the cluster at that point (${[...names].join(", ")})`);
      if (e.kind === "down") {
        if (down.has(e.node)) throw bad(`node '${e.node}' is already down`);
        down.add(e.node);
      } else if (e.kind === "up") {
        if (!down.has(e.node)) throw bad(`node '${e.node}' is not down`);
        down.delete(e.node);
      } else {
        if (names.size === 1) throw bad("cannot remove the last node");
        names.delete(e.node);
        down.delete(e.node);
      }
    }
  }
}

/** What the progress view shows for a cluster job: `lru ring×4 l1 ttl copy-hot:1000`. */
export function clusterJobLabel(j: Job): string {
  const c = j.cluster!;
  const parts = [j.eviction.name, `${c.placementLabel}×${c.nodes.length}`];
  if (c.l1) parts.push(`L1 ${c.l1.invalidation}`);
  const co = c.events.find((e) => e.kind === "cutover");
  if (co) parts.push(co.label.replace(/^cutover /, ""));
  return parts.join(" ");
}

/** Whether a cluster reads the trace's clock: near-cache TTLs, events or shadow warm-ups given as times. */
export function clusterNeedsClock(c: ClusterRequest): boolean {
  if (c.l1.some((l) => l !== null && l.ttlS !== null)) return true;
  return c.events.some(
    (e) =>
      "seconds" in e.at ||
      (e.kind === "cutover" && e.warm.some((w) => w.warm.kind === "shadow" && w.warm.seconds !== undefined)),
  );
}
