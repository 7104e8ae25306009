// What most schemes share: the node list, duplicate/unknown-node errors, the default key and id
// hashes, and a replica walk by re-hashing for the schemes with no natural order of owners.
import { InputError } from "../core/errors.js";
import { mix32 } from "../core/rng.js";
import { ketamaHashi } from "./hash.js";
import type { NodeDef, Placement } from "./types.js";

export abstract class BasePlacement implements Placement {
  abstract readonly scheme: string;
  protected readonly names: string[] = [];
  protected readonly weights: number[] = [];

  constructor(nodes: readonly NodeDef[]) {
    for (const n of nodes) this.push(n.name, n.weight);
  }

  get nodes(): readonly string[] {
    return this.names;
  }

  hashKey(key: string): number {
    return ketamaHashi(key);
  }

  hashId(id: number): number {
    return mix32(id >>> 0);
  }

  abstract owner(hash: number): number;

  ownerOfId(id: number): number {
    return this.owner(this.hashId(id));
  }

  /** Primary first, then the owners of successive re-hashes, skipping repeats; index order last. */
  owners(hash: number, replicas: number, out: Int32Array): number {
    const n = this.names.length;
    const want = Math.min(replicas, n, out.length);
    let count = 0;
    if (want <= 0) return 0;
    out[count++] = this.owner(hash);
    let h = hash >>> 0;
    for (let tries = 0; count < want && tries < 64 * want; tries++) {
      h = mix32((h + 0x9e3779b9) >>> 0);
      const o = this.owner(h);
      if (!seen(out, count, o)) out[count++] = o;
    }
    for (let i = 0; count < want && i < n; i++) if (!seen(out, count, i)) out[count++] = i;
    return count;
  }

  point(_hash: number): number {
    return -1;
  }

  add(node: string, weight = 1): void {
    this.push(node, weight);
    this.rebuild();
  }

  remove(node: string): void {
    const i = this.indexOf(node);
    this.names.splice(i, 1);
    this.weights.splice(i, 1);
    this.removed(i);
    this.rebuild();
  }

  protected indexOf(node: string): number {
    const i = this.names.indexOf(node);
    if (i < 0) throw new InputError(`${this.scheme}: no node '${node}'`);
    return i;
  }

  private push(name: string, weight: number): void {
    if (this.names.includes(name)) throw new InputError(`${this.scheme}: node '${name}' is listed twice`);
    if (!(weight > 0) || !Number.isFinite(weight))
      throw new InputError(`${this.scheme}: node '${name}' needs a weight > 0`);
    this.names.push(name);
    this.weights.push(weight);
  }

  /** Called after node `index` left the lists, before rebuild(). */
  protected removed(_index: number): void {}

  /** Recomputes the scheme's tables from `names` and `weights`. */
  protected abstract rebuild(): void;
}

export function seen(out: Int32Array, count: number, v: number): boolean {
  for (let i = 0; i < count; i++) if (out[i] === v) return true;
  return false;
}

export function requireNodes(scheme: string, n: number): void {
  if (n < 1) throw new InputError(`${scheme}: give at least one node`);
}
