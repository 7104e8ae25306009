// Holm's step-down procedure: which of k hypotheses tested together to reject so that the chance
// of rejecting any true one (the family-wise error rate) stays at most α, whatever their
// dependence. The gate applies it to the rows one noisy rule covers: `requestsPerSec -5%` over 16
// rows is one family, so the rule raises a false alarm at most α of the time, not 1 − (1 − α)^16 ≈
// 15 % (α = 0.01).
//
// Source: S. Holm, "A Simple Sequentially Rejective Multiple Test Procedure", Scandinavian Journal
// of Statistics 6(2), 1979, pp. 65–70. Sort the p-values ascending, p(1) ≤ … ≤ p(k); reject H(1),
// H(2), … while p(i) < α / (k − i + 1); stop at the first that is not, keeping it and every later
// one. It rejects everything Bonferroni (p < α/k) rejects and often more; with one hypothesis it is
// the plain test at α.
//
// Parameters: the p-values and α. Returns, for each p-value in its given order, whether it is
// rejected and the threshold it was compared with (the first non-rejected one's for the rest).

export interface HolmDecision {
  rejected: boolean;
  /** α / (k − i + 1) at this p-value's rank. */
  threshold: number;
}

export function holm(pValues: readonly number[], alpha: number): HolmDecision[] {
  const k = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const out: HolmDecision[] = new Array(k);
  let stopped = false;
  order.forEach(({ p, i }, rank) => {
    const threshold = alpha / (k - rank);
    if (!stopped && p < threshold) out[i] = { rejected: true, threshold };
    else {
      stopped = true;
      out[i] = { rejected: false, threshold };
    }
  });
  return out;
}
