// Server lists in libketama's format: one `host:port weight` per line (tab or spaces between),
// lines starting with `#` and empty lines skipped. The weight must be a whole number > 0, as
// libketama requires; cachelab also accepts a line with no weight (weight 1), which libketama
// rejects. libketama drops the last character of the weight token assuming it is the newline, so
// on a last line without a newline it reads `600` as `60`; cachelab reads 600 and says so in a note.
import { InputError } from "../core/errors.js";
import type { NodeDef } from "./types.js";

export interface ServerList {
  nodes: NodeDef[];
  /** Differences from what libketama would read, for the user. */
  notes: string[];
}

export function parseServerList(text: string, where: string): ServerList {
  const nodes: NodeDef[] = [];
  const notes: string[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (line.length < 1 || line.startsWith("#")) return;
    const tokens = line.split(/[\t ]+/).filter((t) => t !== "");
    if (tokens.length === 0) return;
    const [addr, w] = tokens;
    let weight = 1;
    if (w !== undefined) {
      if (!/^\d+$/.test(w) || Number(w) <= 0)
        throw new InputError(`${where}: line ${i + 1}: weight '${w}' must be a whole number > 0`);
      weight = Number(w);
      if (i === lines.length - 1 && w.length > 1)
        notes.push(
          `${where}: the last line has no newline; libketama would read its weight ${w} as ${w.slice(0, -1)} (cachelab reads ${w})`,
        );
    }
    if (nodes.some((n) => n.name === addr)) throw new InputError(`${where}: line ${i + 1}: '${addr}' is listed twice`);
    nodes.push({ name: addr, weight });
  });
  if (nodes.length === 0) throw new InputError(`${where}: no servers (one 'host:port weight' per line)`);
  return { nodes, notes };
}

/** `count` unweighted nodes named node0 … node<count−1>. */
export function numberedNodes(count: number): NodeDef[] {
  return Array.from({ length: count }, (_, i) => ({ name: `node${i}`, weight: 1 }));
}
