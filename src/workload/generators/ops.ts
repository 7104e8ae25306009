// The operation mix of a synthetic workload: each request is independently a GET, SET or DELETE
// with the given probabilities (they sum to 1). One 32-bit draw per request from the workload's
// "ops" random stream, compared against cumulative thresholds; a mix that is all one operation
// draws nothing and just fills the column.
import type { Rng } from "../../core/rng.js";
import { DELETE, GET, SET } from "../types.js";

export interface OpMixSpec {
  get: number;
  set: number;
  delete: number;
}

export class OpMix {
  /** A single operation for every request, or -1 for a real mix. */
  private readonly only: number;
  private readonly getBelow: number;
  private readonly setBelow: number;

  constructor(
    readonly spec: OpMixSpec,
    private readonly rng: Rng,
  ) {
    const { get, set } = spec;
    const del = spec.delete;
    if (!(get >= 0 && set >= 0 && del >= 0) || Math.abs(get + set + del - 1) > 1e-9) {
      throw new RangeError(`op fractions must be ≥ 0 and add up to 1, got ${get} + ${set} + ${del}`);
    }
    this.only = get === 1 ? GET : set === 1 ? SET : del === 1 ? DELETE : -1;
    this.getBelow = Math.round(get * 2 ** 32);
    this.setBelow = Math.round((get + set) * 2 ** 32);
  }

  fill(op: Uint8Array, n: number): void {
    if (this.only >= 0) {
      op.fill(this.only, 0, n);
      return;
    }
    const rng = this.rng;
    const getBelow = this.getBelow;
    const setBelow = this.setBelow;
    for (let i = 0; i < n; i++) {
      const u = rng.nextU32();
      op[i] = u < getBelow ? GET : u < setBelow ? SET : DELETE;
    }
  }
}
