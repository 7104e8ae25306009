// Cache capacities as users write them: `4897` (objects, or bytes), `64MiB` (bytes; units as in
// src/workload/units.ts), `1%` or `0.1%` of the working set (distinct objects, or their bytes).

import { InputError } from "../core/errors.js";
import type { Unit } from "../core/unit.js";
import { parseBytes } from "../workload/units.js";

export interface CapacitySpec {
  /** As written, for labels. */
  text: string;
  /** A fixed amount in the run's unit, or a fraction of the working set. */
  amount?: number;
  fraction?: number;
}

export function parseCapacity(text: string, unit: Unit): CapacitySpec {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?|\.\d+)%$/.exec(t);
  if (pct) {
    const f = Number(pct[1]) / 100;
    if (f <= 0 || f > 1) throw new InputError(`capacity '${t}': a percentage must be in (0%, 100%]`);
    return { text: t, fraction: f };
  }
  if (unit === "objects" && !/^\d+$/.test(t)) {
    const isSize = /[A-Za-z]$/.test(t) && isByteSize(t);
    throw new InputError(
      isSize
        ? `capacity '${t}' is a byte size, but the unit is objects (use --unit bytes, or a count)`
        : `capacity '${t}' is not a whole number of objects or a percentage like 1%`,
    );
  }
  const amount = parseBytes(t);
  if (amount < 1) throw new InputError(`capacity '${t}' must be at least 1`);
  return { text: t, amount };
}

function isByteSize(t: string): boolean {
  try {
    parseBytes(t);
    return true;
  } catch {
    return false;
  }
}

/** The capacity in the run's unit given the working set (objects, bytes). */
export function resolveCapacity(c: CapacitySpec, unit: Unit, objects: number, workingSetBytes: number): number {
  if (c.amount !== undefined) return c.amount;
  const base = unit === "objects" ? objects : workingSetBytes;
  const amount = Math.floor(base * (c.fraction ?? 1));
  if (amount < 1) {
    throw new InputError(
      `capacity ${c.text} of ${base} ${unit === "objects" ? "objects" : "bytes"} is less than 1; use a larger share or a fixed size`,
    );
  }
  return amount;
}
