// Statistical checks for the generator tests. Each tolerance is derived from the sample size, so a
// check is as tight as the sample allows and a wrong distribution fails it. The generators are
// seeded, so every test is deterministic; the thresholds are chosen so that a correct generator
// would fail with probability well under 1e-4 for a seed picked at random.
import type { BatchSource } from "../../../src/workload/types.js";

/** z for a two-sided tail of about 6e-7: a proportion check at 5 standard errors. */
export const Z = 5;

/** Half-width of the acceptance band for an observed share of n trials with true probability p. */
export function shareTolerance(p: number, n: number, z = Z): number {
  return z * Math.sqrt((p * (1 - p)) / n);
}

/** Expect |observed/n - p| within the binomial tolerance; returns a message or null. */
export function shareError(observed: number, n: number, p: number, what: string, z = Z): string | null {
  const share = observed / n;
  const tol = shareTolerance(p, n, z);
  return Math.abs(share - p) <= tol ? null : `${what}: share ${share} vs expected ${p} ± ${tol} (n=${n})`;
}

/**
 * Pearson's chi-square statistic of observed counts against probabilities (same indexing), with
 * adjacent cells pooled until each expects at least 5 (the usual validity rule). Returns the
 * statistic and the degrees of freedom.
 */
export function chiSquare(observed: ArrayLike<number>, probs: ArrayLike<number>): { stat: number; df: number } {
  let total = 0;
  for (let i = 0; i < observed.length; i++) total += observed[i];
  const cellO: number[] = [];
  const cellE: number[] = [];
  let o = 0;
  let e = 0;
  for (let i = 0; i < probs.length; i++) {
    o += observed[i];
    e += probs[i] * total;
    if (e >= 5) {
      cellO.push(o);
      cellE.push(e);
      o = 0;
      e = 0;
    }
  }
  if (cellO.length === 0) throw new Error("too few samples for a chi-square test");
  // a leftover tail expecting fewer than 5 joins the last cell
  cellO[cellO.length - 1] += o;
  cellE[cellE.length - 1] += e;
  let stat = 0;
  for (let i = 0; i < cellO.length; i++) stat += (cellO[i] - cellE[i]) ** 2 / cellE[i];
  return { stat, df: cellO.length - 1 };
}

/**
 * Upper critical value of chi-square with df degrees of freedom at tail probability ≈ 1e-5
 * (z = 4.265), by the Wilson–Hilferty cube approximation, good to a few percent for df ≥ 3.
 */
export function chiSquareCritical(df: number, z = 4.265): number {
  const c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}

/** All columns of a stream, concatenated (for small test streams). */
export function collect(source: BatchSource): {
  time: Float64Array;
  key: Uint32Array;
  size: Uint32Array;
  op: Uint8Array;
  ttl: Uint32Array | null;
} {
  const time: number[] = [];
  const key: number[] = [];
  const size: number[] = [];
  const op: number[] = [];
  const ttl: number[] = [];
  let hasTtl = false;
  for (const b of source) {
    for (let i = 0; i < b.length; i++) {
      time.push(b.time[i]);
      key.push(b.key[i]);
      size.push(b.size[i]);
      op.push(b.op[i]);
      if (b.ttl) ttl.push(b.ttl[i]);
    }
    if (b.ttl) hasTtl = true;
  }
  return {
    time: Float64Array.from(time),
    key: Uint32Array.from(key),
    size: Uint32Array.from(size),
    op: Uint8Array.from(op),
    ttl: hasTtl ? Uint32Array.from(ttl) : null,
  };
}

export function min(a: ArrayLike<number>): number {
  let m = Number.POSITIVE_INFINITY;
  for (let i = 0; i < a.length; i++) if (a[i] < m) m = a[i];
  return m;
}

export function max(a: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}
