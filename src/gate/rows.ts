// Result rows as the gate sees them: named by their configuration, selected by `key=value`
// selectors, read by dotted path. A row's configuration is what was simulated (eviction policy with
// its parameters, admission filter, capacity as written, unit, and a cluster's nodes, placement,
// replication, clients and L1), never what was measured; baseline and current rows are paired by it.
import type { Selector } from "../scenario/gates.js";

export type Row = Record<string, unknown>;

/** The value at a dotted path (`energy.joulesPerRequest`), or undefined. */
export function fieldAt(row: Row, path: string): unknown {
  let v: unknown = row;
  for (const part of path.split(".")) {
    // own fields only: `constructor`, `__proto__` and the like are not fields of a result
    if (v === null || typeof v !== "object" || Array.isArray(v) || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const CLUSTER_FIELDS = ["nodes", "placement", "replication", "clients"] as const;

/**
 * The row's configuration as `key=value` words, e.g. `eviction=lru capacity=1%`,
 * `eviction=s3fifo admission=tinylfu capacity=64MiB unit=bytes cluster.placement=ring cluster.nodes=4`.
 * The same words select the row in a rule.
 */
export function rowName(row: Row): string {
  const words = [`eviction=${String(row.eviction)}`];
  if (row.admission !== null && row.admission !== undefined) words.push(`admission=${String(row.admission)}`);
  words.push(`capacity=${String(row.capacityText ?? row.capacity)}`);
  if (row.unit === "bytes") words.push("unit=bytes");
  const cluster = row.cluster as Row | undefined;
  if (cluster && typeof cluster === "object") {
    for (const f of CLUSTER_FIELDS) if (cluster[f] !== undefined) words.push(`cluster.${f}=${String(cluster[f])}`);
    const l1 = cluster.l1 as Row | null | undefined;
    if (l1 && typeof l1 === "object") words.push(`cluster.l1=${String(l1.policy)}@${String(l1.capacityText)}`);
  }
  return words.join(" ");
}

/**
 * The key rows are paired by: the name, plus every parameter of the policy (a label may leave
 * defaults out; a changed default is a different configuration), the L1's TTL and invalidation,
 * and a cluster's timeline of events.
 */
export function rowKey(row: Row): string {
  const params = row.params && typeof row.params === "object" ? (row.params as Record<string, unknown>) : {};
  const p = Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join(",");
  const l1 = fieldAt(row, "cluster.l1") as Row | null | undefined;
  let extra =
    l1 && typeof l1 === "object" ? ` l1.ttlS=${String(l1.ttlS)} l1.invalidation=${String(l1.invalidation)}` : "";
  const events = fieldAt(row, "cluster.events");
  if (Array.isArray(events)) extra += ` events(${events.map(String).join("; ")})`;
  return `${rowName(row)} params(${p})${extra}`;
}

/**
 * Whether a row is selected: `capacity` matches the capacity as written (`1%`) or as a number
 * (`4897`); `eviction` matches the label (`clock(bits=2)`) or the policy's name (`clock`, any
 * parameters); `admission=none` selects rows without a filter; any other key is a dotted path whose
 * value must read `value`.
 */
export function selects(row: Row, s: Selector): boolean {
  switch (s.key) {
    case "capacity":
      return String(row.capacityText) === s.value || String(row.capacity) === s.value;
    case "eviction":
      return String(row.eviction) === s.value || String(row.policy) === s.value;
    case "admission":
      return row.admission === null ? s.value === "none" || s.value === "null" : String(row.admission) === s.value;
    default: {
      const v = fieldAt(row, s.key);
      return v !== undefined && (typeof v !== "object" || v === null) && String(v) === s.value;
    }
  }
}

/** Whether a selector key names something rows have (so a typo is an error, not "no rows"). */
export function knownSelectorKey(rows: readonly Row[], key: string): boolean {
  if (key === "capacity" || key === "eviction" || key === "admission") return true;
  return rows.some((r) => fieldAt(r, key) !== undefined);
}

/** Every dotted path to a number in a row (for "did you mean" hints). */
export function numericPaths(row: Row, prefix = "", depth = 0): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(row)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "number") out.push(p);
    else if (v && typeof v === "object" && !Array.isArray(v) && depth < 4 && k !== "samples")
      out.push(...numericPaths(v as Row, p, depth + 1));
  }
  return out;
}
