// Cache capacities as users write them: `4897` (objects, or bytes), `64MiB`, `1%` of the working
// set (distinct objects, or their bytes), `0.1%`.
import { InputError } from "../cli/errors.js";
import type { Unit } from "./cache.js";

export interface CapacitySpec {
  /** As written, for labels. */
  text: string;
  /** A fixed amount in the run's unit, or a fraction of the working set. */
  amount?: number;
  fraction?: number;
}

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

export function parseCapacity(text: string, unit: Unit): CapacitySpec {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (pct) {
    const f = Number(pct[1]) / 100;
    if (f <= 0 || f > 1) throw new InputError(`capacity '${t}': a percentage must be in (0%, 100%]`);
    return { text: t, fraction: f };
  }
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(t);
  if (!m) throw new InputError(`capacity '${t}' is not a number, a size like 64MiB, or a percentage like 1%`);
  const suffix = m[2].toLowerCase();
  if (suffix !== "" && unit === "objects") {
    throw new InputError(`capacity '${t}' is a byte size, but the unit is objects (use --unit bytes, or a count)`);
  }
  const mult = suffix === "" ? 1 : BYTE_UNITS[suffix];
  if (mult === undefined)
    throw new InputError(`capacity '${t}': unknown size suffix '${m[2]}' (use B, KiB, MiB, GiB…)`);
  const amount = Math.floor(Number(m[1]) * mult);
  if (amount < 1) throw new InputError(`capacity '${t}' must be at least 1`);
  return { text: t, amount };
}

/** The capacity in the run's unit given the working set (objects, bytes). */
export function resolveCapacity(c: CapacitySpec, unit: Unit, objects: number, workingSetBytes: number): number {
  if (c.amount !== undefined) return c.amount;
  const base = unit === "objects" ? objects : workingSetBytes;
  return Math.max(1, Math.floor(base * (c.fraction ?? 1)));
}
