// Phases of a cluster run: the run starts in phase 0 ("start") and every event (a node down, up,
// added, removed, a cutover) opens the next one. Within a phase the clients' hit ratio is measured
// over windows of `window` trace positions, aligned to the phase's start, so that each phase says:
//
// - hitRatioBefore: the hit ratio just before the event: over the previous phase's last complete
//   window plus the partial one that the event cut short (one to two windows of requests); null
//   when nothing was counted there (the start, or inside the warm-up);
// - lowestHitRatio: the lowest hit ratio of a complete window in the phase (the dip); a phase too
//   short for one complete window reports its partial window; null without counted requests;
// - recoveryRequests: trace positions from the event to the end of the first complete window whose
//   hit ratio is back within 2 % of hitRatioBefore (ratio ≥ 0.98 × before); null when it never is
//   (or there is no level before to return to).
//
// Only counted requests (after the warm-up) enter the windows. The tracker is told about windows
// and events by the run's boundary loop; nothing here runs per request.

import type { PhaseRow } from "../result.js";

/** Back within 2 % of the level before the event (relative). */
export const RECOVERY_TOLERANCE = 0.02;

export class PhaseTracker {
  readonly rows: PhaseRow[] = [];
  private cur: PhaseRow;
  /** Counted requests and hits at the start of the current window, and at the phase's start. */
  private winReq0 = 0;
  private winHit0 = 0;
  private phaseReq0 = 0;
  private phaseHit0 = 0;
  /** The last complete window of the current phase. */
  private lastReq = 0;
  private lastHit = 0;
  private completeWindows = 0;
  /** Position where the current window ends. */
  nextWindow: number;

  constructor(readonly window: number) {
    this.cur = this.row(0, "start", 0, 0, null);
    this.rows.push(this.cur);
    this.nextWindow = window;
  }

  private row(index: number, event: string, at: number, remapped: number, before: number | null): PhaseRow {
    return {
      index,
      event,
      atRequest: at,
      requests: 0,
      hits: 0,
      misses: 0,
      hitRatioBefore: before,
      lowestHitRatio: null,
      recoveryRequests: null,
      keysRemapped: remapped,
    };
  }

  /** The warm-up ended: counters restart from 0 (positions keep counting). */
  resetCounts(): void {
    this.winReq0 = this.winHit0 = this.phaseReq0 = this.phaseHit0 = 0;
    this.lastReq = this.lastHit = 0;
  }

  /** A window ends at `position`; `requests`/`hits` are the run's counted totals so far. */
  windowEnd(position: number, requests: number, hits: number): void {
    const r = requests - this.winReq0;
    const h = hits - this.winHit0;
    this.winReq0 = requests;
    this.winHit0 = hits;
    this.nextWindow = position + this.window;
    if (r === 0) return;
    this.lastReq = r;
    this.lastHit = h;
    this.completeWindows++;
    const ratio = h / r;
    const c = this.cur;
    if (c.lowestHitRatio === null || ratio < c.lowestHitRatio) c.lowestHitRatio = ratio;
    if (
      c.recoveryRequests === null &&
      c.hitRatioBefore !== null &&
      ratio >= c.hitRatioBefore * (1 - RECOVERY_TOLERANCE)
    )
      c.recoveryRequests = position - c.atRequest;
  }

  /** An event at `position` opens a phase. */
  open(position: number, event: string, keysRemapped: number, requests: number, hits: number): PhaseRow {
    const partialReq = requests - this.winReq0;
    const partialHit = hits - this.winHit0;
    const beforeReq = this.lastReq + partialReq;
    const before = beforeReq > 0 ? (this.lastHit + partialHit) / beforeReq : null;
    this.close(requests, hits);
    this.cur = this.row(this.rows.length, event, position, keysRemapped, before);
    this.rows.push(this.cur);
    this.winReq0 = this.phaseReq0 = requests;
    this.winHit0 = this.phaseHit0 = hits;
    this.lastReq = this.lastHit = 0;
    this.completeWindows = 0;
    this.nextWindow = position + this.window;
    return this.cur;
  }

  /** Ends the current phase with the run's counted totals. */
  close(requests: number, hits: number): void {
    const c = this.cur;
    c.requests = requests - this.phaseReq0;
    c.hits = hits - this.phaseHit0;
    c.misses = c.requests - c.hits;
    if (this.completeWindows === 0) {
      const r = requests - this.winReq0;
      if (r > 0) c.lowestHitRatio = (hits - this.winHit0) / r;
    }
  }
}
