// Shared by the benchmark scripts: the benchmark trace (generated once, deterministically, with
// `cachelab trace generate`) and the Markdown table every script prints.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";

export const root = new URL("..", import.meta.url).pathname;

/**
 * The Zipf(1.0) benchmark trace of `requests` requests over `objects` objects, 4 KiB each, seed 1,
 * in oracleGeneral format under bench/.data/; generated on first use. Returns its path.
 */
export function benchTrace(requests, objects) {
  const trace = benchTracePath(requests, objects);
  if (existsSync(trace)) return trace;
  mkdirSync(`${root}bench/.data/`, { recursive: true });
  process.stderr.write(`generating ${trace} …\n`);
  const args = ["trace", "generate", "--keys", "zipf:alpha=1.0", "--objects", String(objects)];
  args.push("--requests", String(requests), "--size", "4096", "--seed", "1");
  args.push("--out", trace, "--format", "oracleGeneral");
  const g = spawnSync(process.execPath, [`${root}bin/run.js`, ...args], { stdio: ["ignore", "inherit", "inherit"] });
  if (g.status !== 0) process.exit(1);
  return trace;
}

/** Rows (objects with the same keys) as a Markdown table, columns in the first row's key order. */
export function markdownTable(rows) {
  const cols = Object.keys(rows[0]);
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals) => `| ${vals.map((v, i) => String(v).padEnd(w[i])).join(" | ")} |`;
  return [line(cols), line(w.map((n) => "-".repeat(n))), ...rows.map((r) => line(cols.map((c) => r[c])))].join("\n");
}

/** Where benchTrace keeps that trace (without generating it). */
export function benchTracePath(requests, objects) {
  return `${root}bench/.data/zipf1.0-${objects}obj-${requests}req.oracleGeneral.bin`;
}
