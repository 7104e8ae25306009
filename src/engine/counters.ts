// Counters as data: a registry of named counters with metadata (name, unit, kind, description),
// their values in one Float64Array. A node registers its built-in counters; a tier, a cluster or a
// live server registers its own (latency, energy, invalidations) in the same registry, so a new
// counter is one `define` call and every report that walks `defs` shows it.
//
// Hot path: a counter is an index into `values`. Loops keep plain local variables and add them to
// `values[i]` once per batch range (see CacheNode.replay), so the registry costs nothing per request.

export type CounterKind = "count" | "bytes" | "duration" | "energy" | "ratio";

export interface CounterDef {
  /** camelCase, unique in its registry (e.g. `byteMisses`). */
  name: string;
  /** Unit of the value as stored: `requests`, `bytes`, `objects`, `ms`, `J`, … */
  unit: string;
  kind: CounterKind;
  description: string;
}

export class CounterRegistry {
  readonly defs: CounterDef[] = [];
  /** By counter index. Replaced (grown) when counters are defined after values were written. */
  values = new Float64Array(16);
  private readonly byName = new Map<string, number>();

  /** Adds a counter and returns its index; defining the same name twice is an error. */
  define(def: CounterDef): number {
    if (this.byName.has(def.name)) throw new Error(`counter '${def.name}' is already defined`);
    const i = this.defs.length;
    this.defs.push(def);
    this.byName.set(def.name, i);
    if (i >= this.values.length) {
      const v = new Float64Array(this.values.length * 2);
      v.set(this.values);
      this.values = v;
    }
    return i;
  }

  /** Index of a counter by name, -1 when not defined. */
  index(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  get(name: string): number {
    const i = this.index(name);
    if (i < 0) throw new Error(`no counter '${name}'`);
    return this.values[i];
  }

  add(index: number, amount: number): void {
    this.values[index] += amount;
  }

  /** Every counter back to 0 (e.g. at the end of a warm-up). */
  reset(): void {
    this.values.fill(0);
  }

  /** name → value for every counter, in definition order. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < this.defs.length; i++) out[this.defs[i].name] = this.values[i];
    return out;
  }
}
