// What one cluster job is, fully resolved and plain data (it crosses into a worker thread as
// workerData): nodes with their capacities in the run's unit, the placement scheme to create, the
// replication factor, clients and their near caches, and the timeline's events at trace positions.
// src/sim/simulate.ts builds these from the scenario's `cluster:` section (src/scenario/cluster.ts);
// src/sim/cluster/run.ts runs them.
import type { PolicyRef } from "../../policies/resolve.js";
import type { LatencyConfig } from "../../scenario/latency.js";

export interface PlacementRef {
  name: string;
  params: Record<string, number>;
  module?: string;
}

/** A simulated server: its name, placement weight and capacity in the run's unit. */
export interface ClusterNodeSpec {
  name: string;
  weight: number;
  capacity: number;
}

export interface NearCacheSpec {
  eviction: PolicyRef;
  /** Per client, in the run's unit. */
  capacity: number;
  capacityText: string;
  /** Seconds an L1 copy lives; null = until evicted or invalidated. */
  ttlS: number | null;
  invalidation: "ttl" | "broadcast";
}

/** How a new cluster is warmed before traffic switches to it. */
export type WarmSpec =
  | { kind: "cold" }
  | { kind: "copy-hot"; keys: number }
  /** Shadow traffic from the event until `until` (a trace position), then switch. */
  | { kind: "shadow"; until: number };

export type ClusterEvent =
  | { at: number; label: string; kind: "down" | "up" | "remove"; node: string }
  | { at: number; label: string; kind: "add"; node: ClusterNodeSpec }
  | {
      at: number;
      label: string;
      kind: "cutover";
      eviction: PolicyRef;
      placement: PlacementRef;
      placementLabel: string;
      nodes: ClusterNodeSpec[];
      warm: WarmSpec;
    };

export interface ClusterJobSpec {
  nodes: ClusterNodeSpec[];
  placement: PlacementRef;
  /** The scheme as labelled in results (`ring`, `bounded(epsilon=0.1)`). */
  placementLabel: string;
  replication: number;
  clients: number;
  l1: NearCacheSpec | null;
  /** Sorted by position (stable: the file's order among equal positions). */
  events: ClusterEvent[];
  /** Window of the per-phase hit ratio, in trace positions. */
  phaseWindow: number;
  /** Mean object size in bytes (sizes slot maps in bytes unit). */
  meanObjectBytes: number;
  /** The latency model (src/scenario/latency.ts), or null (`latency: off`). */
  latency: LatencyConfig | null;
}
