// Counters as data: a registry of named counters with metadata (name, unit, kind, description).
// A node registers its built-in counters; a tier, a cluster or a live server registers its own
// (latency, energy, invalidations) in the same registry, so a new counter is one `define` call and
// every report that walks `defs` shows it.
//
// Values live as fields of one plain object (`values.requests`, `values.latencyMs`), a field per
// counter, in definition order: hot loops keep local variables and add them to the fields once per
// batch range (see CacheNode.replay), so the registry costs nothing per request. (Plain fields keep
// small integer counts as V8 small integers; a Float64Array would hand every read in unoptimised
// code a freshly allocated number.)

export type CounterKind = "count" | "bytes" | "duration" | "energy" | "ratio";

export interface CounterDef {
  /** camelCase, unique in its registry (e.g. `byteMisses`): the field of `values`. */
  name: string;
  /** Unit of the value as stored: `requests`, `bytes`, `objects`, `ms`, `J`, … */
  unit: string;
  kind: CounterKind;
  description: string;
}

export class CounterRegistry<V extends Record<string, number> = Record<string, number>> {
  readonly defs: CounterDef[] = [];
  /** name → value, a field per defined counter. */
  readonly values = {} as V;
  private resetHooks: (() => void)[] = [];

  /** Runs `hook` after every reset (a node clears per-object marks that the counters judge). */
  onReset(hook: () => void): void {
    this.resetHooks.push(hook);
  }

  /** Adds a counter (value 0); defining the same name twice is an error. */
  define(def: CounterDef): void {
    if (this.has(def.name)) throw new Error(`counter '${def.name}' is already defined`);
    this.defs.push(def);
    (this.values as Record<string, number>)[def.name] = 0;
  }

  has(name: string): boolean {
    return this.defs.some((d) => d.name === name);
  }

  get(name: string): number {
    if (!this.has(name)) throw new Error(`no counter '${name}'`);
    return this.values[name];
  }

  add(name: string, amount: number): void {
    if (!this.has(name)) throw new Error(`no counter '${name}'`);
    (this.values as Record<string, number>)[name] += amount;
  }

  /** Every counter back to 0 (e.g. at the end of a warm-up). */
  reset(): void {
    const v = this.values as Record<string, number>;
    for (const d of this.defs) v[d.name] = 0;
    for (const h of this.resetHooks) h();
  }

  /** name → value for every counter, in definition order (a copy). */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const d of this.defs) out[d.name] = this.values[d.name];
    return out;
  }
}
