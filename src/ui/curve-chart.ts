// Miss-ratio curves as plain text: a small character chart (capacity on a log scale across, miss
// ratio up) and a table. No colours or TTY tricks: the same text goes to a terminal and to CI logs.
import type { Curve } from "../analysis/curve.js";
import { formatBytes } from "../core/format-bytes.js";

const MARKS = ["●", "×", "+", "○", "■", "◆", "▲", "*"];

export function formatCapacity(c: number, unit: "objects" | "bytes"): string {
  return unit === "bytes" ? formatBytes(c) : Math.round(c).toLocaleString("en-US");
}

/** A width × height character plot of every curve; one mark per curve (legend below). */
export function curveChart(curves: readonly Curve[], width = 64, height = 14): string {
  const pts = curves.flatMap((c) => c.points);
  if (pts.length === 0) return "(no points)\n";
  const unit = curves[0].unit;
  const xs = pts.map((p) => Math.log(Math.max(1, p.capacity)));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const yMax = Math.max(0.05, ...pts.map((p) => p.missRatio));
  const grid = Array.from({ length: height }, () => Array<string>(width).fill(" "));
  curves.forEach((c, k) => {
    for (const p of c.points) {
      const col = x1 > x0 ? Math.round(((Math.log(Math.max(1, p.capacity)) - x0) / (x1 - x0)) * (width - 1)) : 0;
      const row = height - 1 - Math.round((p.missRatio / yMax) * (height - 1));
      grid[row][col] = MARKS[k % MARKS.length];
    }
  });
  const lines: string[] = [];
  for (let r = 0; r < height; r++) {
    const y = ((height - 1 - r) / (height - 1)) * yMax;
    const label = r === 0 || r === height - 1 || r === Math.floor(height / 2) ? y.toFixed(2) : "";
    lines.push(`${label.padStart(5)} ┤${grid[r].join("")}`);
  }
  lines.push(`${" ".repeat(5)} └${"─".repeat(width)}`);
  const lo = formatCapacity(Math.exp(x0), unit);
  const hi = formatCapacity(Math.exp(x1), unit);
  lines.push(`${" ".repeat(7)}${lo}${" ".repeat(Math.max(1, width - lo.length - hi.length))}${hi}`);
  lines.push(`${" ".repeat(7)}miss ratio by cache size (${unit}, log scale)`);
  lines.push(
    `${" ".repeat(7)}${curves.map((c, k) => `${MARKS[k % MARKS.length]} ${c.policy} (${c.method})`).join("   ")}`,
  );
  return `${lines.join("\n")}\n`;
}

/** A table: one row per capacity (at most `rows`, evenly spread), a miss-ratio column per curve. */
export function curveTable(curves: readonly Curve[], rows = 24): string {
  // rows at the sizes every curve has when a coarser (simulated) curve is shown beside a fine one
  const coarsest = curves.reduce((a, c) => (c.points.length < a.points.length ? c : a), curves[0]);
  const caps = coarsest ? coarsest.points.map((p) => p.capacity) : [];
  const step = Math.max(1, Math.ceil(caps.length / rows));
  const shown = caps.filter((_, i) => i % step === 0 || i === caps.length - 1);
  const unit = curves[0]?.unit ?? "objects";
  const head = ["capacity", ...curves.map((c) => `${c.policy} miss ratio`)];
  if (unit === "bytes") head.push(...curves.map((c) => `${c.policy} byte miss ratio`));
  const body = shown.map((cap) => {
    const at = (c: Curve) => c.points.find((p) => p.capacity === cap);
    const cells = [formatCapacity(cap, unit), ...curves.map((c) => at(c)?.missRatio.toFixed(4) ?? "")];
    if (unit === "bytes") cells.push(...curves.map((c) => at(c)?.byteMissRatio.toFixed(4) ?? ""));
    return cells;
  });
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return `${all.map((r) => r.map((v, i) => (i === 0 ? v.padEnd(w[i]) : v.padStart(w[i]))).join("  ")).join("\n")}\n`;
}
