// Request context for synthetic workloads: regions with their own time zone and their own hot sets
// that follow the local time of day, and device types with their own object sizes. A context
// prefetcher (src/policies/prefetch/context.ts) then has a real pattern to find; a workload without
// a `context:` section has none, and no context column is even allocated.
//
//   context:
//     regions:                                  # each request comes from one region (by share)
//       - { name: eu, utcOffset: 1, share: 0.4 }
//       - { name: us, utcOffset: -5, share: 0.4 }
//       - { name: apac, utcOffset: 8, share: 0.2 }
//     devices:                                  # optional: each device type its own rendition size
//       - { name: phone, share: 0.7, size: 2KiB }
//       - { name: tv, share: 0.3, size: 16KiB }
//     periods: 6                                # the local day is cut into this many periods
//     hotObjects: 2000                          # objects in each region's hot set of one period
//     hotShare: 0.7                             # share of a region's requests that go to it
//
// The model: a request's region and device are drawn by share (their own random stream, so keys,
// sizes and times of the base workload do not change). With probability `hotShare` the request
// goes to the hot set of (its region, the period of its local time): `hotObjects` objects of their
// own, drawn uniformly, identical every day (so yesterday's morning predicts today's morning);
// otherwise to the base key process (the workload's `keys:`, shared by all regions). With devices,
// every object exists once per device type (ids are multiplied out) and takes that device's size.
// The context table holds one entry per (region, device); the request's index is written to the
// batch's `ctx` column. Local time = trace time + utcOffset hours: set `rate` so that the
// workload spans days (e.g. 4 days at 5 requests/s is 1.7 M requests).
import { z } from "zod";
import type { Rng } from "../../core/rng.js";
import type { RequestContext } from "../types.js";
import { parseBytes } from "../units.js";
import { parsed } from "./schema-fields.js";

const share = z.number().gt(0).max(1);
const name = z.string().min(1).max(40);

export const contextSchema = z
  .strictObject({
    regions: z
      .array(z.strictObject({ name, utcOffset: z.number().min(-12).max(14).default(0), share }))
      .min(1)
      .max(64),
    devices: z
      .array(
        z.strictObject({
          name,
          share,
          size: parsed(parseBytes, "a size such as 4096 or 4KiB").pipe(
            z
              .number()
              .min(1)
              .max(2 ** 32 - 1),
          ),
        }),
      )
      .min(1)
      .max(64)
      .optional(),
    periods: z.number().int().min(1).max(24).default(6),
    hotObjects: z
      .number()
      .int()
      .min(1)
      .max(1 << 24)
      .default(1000),
    hotShare: z.number().min(0).max(1).default(0.7),
  })
  .superRefine((c, ctx) => {
    const sum = (xs: { share: number }[]) => xs.reduce((a, x) => a + x.share, 0);
    if (Math.abs(sum(c.regions) - 1) > 1e-9)
      ctx.addIssue({
        code: "custom",
        path: ["regions"],
        message: `region shares must add up to 1 (they add up to ${+sum(c.regions).toFixed(6)})`,
      });
    if (c.devices && Math.abs(sum(c.devices) - 1) > 1e-9)
      ctx.addIssue({
        code: "custom",
        path: ["devices"],
        message: `device shares must add up to 1 (they add up to ${+sum(c.devices).toFixed(6)})`,
      });
    const names = new Set<string>();
    for (const [i, r] of c.regions.entries()) {
      if (names.has(r.name))
        ctx.addIssue({ code: "custom", path: ["regions", i, "name"], message: `region '${r.name}' is listed twice` });
      names.add(r.name);
    }
  });

export type ContextSpec = z.output<typeof contextSchema>;

/** Ids the context model adds (hot sets), and the factor devices multiply ids by. */
export function contextIds(c: ContextSpec, baseObjects: number): { objects: number; factor: number } {
  const factor = c.devices?.length ?? 1;
  return { objects: (baseObjects + c.regions.length * c.periods * c.hotObjects) * factor, factor };
}

/** The context table: one entry per (region, device), region-major. */
export function contextTable(c: ContextSpec): RequestContext[] {
  const out: RequestContext[] = [];
  for (const r of c.regions)
    for (const d of c.devices ?? [{ name: "" }])
      out.push({ region: r.name, device: d.name, utcOffsetHours: r.utcOffset });
  return out;
}

export class ContextModel {
  private readonly regionCdf: Float64Array;
  private readonly deviceCdf: Float64Array;
  private readonly offsets: Float64Array;
  private readonly deviceSize: Uint32Array | null;
  private readonly devices: number;
  private readonly periodSeconds: number;

  constructor(
    private readonly c: ContextSpec,
    private readonly baseObjects: number,
    private readonly rng: Rng,
  ) {
    this.regionCdf = cdf(c.regions.map((r) => r.share));
    this.devices = c.devices?.length ?? 1;
    this.deviceCdf = cdf((c.devices ?? [{ share: 1 }]).map((d) => d.share));
    this.offsets = Float64Array.from(c.regions, (r) => r.utcOffset * 3600);
    this.deviceSize = c.devices ? Uint32Array.from(c.devices, (d) => d.size) : null;
    this.periodSeconds = 86400 / c.periods;
  }

  /** Rewrites the keys of requests [0, n) and fills `ctx` (sizes follow from the final ids). */
  fill(key: Uint32Array, time: Float64Array, ctx: Uint16Array, n: number): void {
    const rng = this.rng;
    const { hotObjects, hotShare, periods } = this.c;
    const D = this.devices;
    const base = this.baseObjects;
    for (let i = 0; i < n; i++) {
      const r = pick(this.regionCdf, rng.next());
      const d = D === 1 ? 0 : pick(this.deviceCdf, rng.next());
      let local = (time[i] + this.offsets[r]) % 86400;
      if (local < 0) local += 86400;
      const p = Math.min(periods - 1, Math.floor(local / this.periodSeconds));
      let id = key[i];
      if (rng.next() < hotShare) id = base + (r * periods + p) * hotObjects + Math.floor(rng.next() * hotObjects);
      key[i] = D > 1 ? id * D + d : id;
      ctx[i] = r * D + d;
    }
  }

  /** With devices, every request's object takes its device type's size. */
  deviceSizes(size: Uint32Array, ctx: Uint16Array, n: number): void {
    const ds = this.deviceSize;
    if (ds === null) return;
    const D = this.devices;
    for (let i = 0; i < n; i++) size[i] = ds[ctx[i] % D];
  }
}

function cdf(shares: number[]): Float64Array {
  const out = new Float64Array(shares.length);
  let acc = 0;
  for (let i = 0; i < shares.length; i++) out[i] = acc += shares[i];
  out[shares.length - 1] = 1;
  return out;
}

function pick(c: Float64Array, u: number): number {
  let i = 0;
  while (i < c.length - 1 && u >= c[i]) i++;
  return i;
}
