// The energy model: estimated, not metered. Every figure comes from a coefficient of an energy
// profile (src/energy/profile.ts), and the same functions serve simulated runs (CPU-seconds
// estimated from the work done) and, later, live runs (measured CPU-seconds, memory and bytes).
//
// IT energy, in kWh, split four ways (Cloud Carbon Footprint's linear model for the first three):
//   cpu     = vCPUs held × hours × minW  +  CPU-hours used × (maxW − minW)          (÷ 1000)
//             (idle power for the vCPUs held, dynamic power for the CPU time used; at a steady
//             utilisation u this is CCF's vCPU-hours × (minW + u × (maxW − minW)))
//   memory  = GB held × hours × memoryKwhPerGbHour
//   network = GB moved × networkKwhPerGb
//   backend = misses × joules per miss of the backend class ÷ 3.6e6
// Facility energy = IT energy × PUE (every part, the backend's included: it runs in a data centre
// too). CO2e = facility kWh × grid intensity of the region. Cost = facility kWh × price, only when
// a price is set. GB here are 10^9 bytes.
import { InputError } from "../core/errors.js";
import type { EnergyProfile } from "./profile.js";

export interface Usage {
  /** How long the resources are held, seconds. */
  durationS: number;
  /** vCPUs held for that time. */
  vcpus: number;
  /** CPU time used, seconds (at most vcpus × durationS). */
  cpuSeconds: number;
  /** Memory held, GB. */
  memoryGB: number;
  /** Data moved over the network, GB. */
  networkGB: number;
  /** Requests the backend served (cache misses). */
  backendRequests: number;
}

/** Which entries of the profile apply; each defaults to the profile's own default. */
export interface Choice {
  cloud?: string;
  /** A processor micro-architecture of the cloud (profile.processors): its watts replace the cloud average. */
  processor?: string;
  region?: string;
  backend?: string;
}

export interface Parts {
  cpu: number;
  memory: number;
  network: number;
  backend: number;
  total: number;
}

export interface Estimate {
  /** IT energy, kWh, before PUE. */
  itKwh: Parts;
  /** Facility energy, kWh (IT × PUE): what CO2e and cost are computed from. */
  kWh: Parts;
  gCO2e: number;
  /** Null when the profile has no electricity price. */
  cost: number | null;
  currency: string | null;
}

export interface Resolved {
  cloud: string;
  region: string;
  backend: string;
  minW: number;
  maxW: number;
  pue: number;
  gridG: number;
  backendJ: number;
}

export const SECONDS_PER_MONTH = (365 * 24 * 3600) / 12;

/** Looks up the coefficients a choice selects; an unknown name is an input error listing the valid ones. */
export function resolveChoice(p: EnergyProfile, c: Choice = {}): Resolved {
  const cloud = c.cloud ?? p.cloud;
  const region = c.region ?? p.grid.default;
  const backend = c.backend ?? p.backend.default;
  const cc = p.clouds[cloud];
  if (!cc)
    throw new InputError(`unknown cloud '${cloud}' (profile ${p.name} has: ${Object.keys(p.clouds).join(", ")})`);
  const g = p.grid.regions[region];
  if (!g)
    throw new InputError(
      `unknown region '${region}' (profile ${p.name} has: ${Object.keys(p.grid.regions).join(", ")}; add one with --coef grid.regions.NAME=gCO2e/kWh)`,
    );
  let minW = cc.minWattsPerVcpu.value;
  let maxW = cc.maxWattsPerVcpu.value;
  if (c.processor) {
    const table = p.processors?.[cloud] ?? {};
    const cpu = table[c.processor];
    if (!cpu)
      throw new InputError(
        `unknown processor '${c.processor}' for ${cloud} (profile ${p.name} has: ${Object.keys(table).join(", ") || "none"})`,
      );
    minW = cpu.minWattsPerVcpu.value;
    maxW = cpu.maxWattsPerVcpu.value;
  }
  const b = p.backend.classes[backend];
  if (!b)
    throw new InputError(
      `unknown backend class '${backend}' (profile ${p.name} has: ${Object.keys(p.backend.classes).join(", ")})`,
    );
  return {
    cloud,
    region,
    backend,
    minW,
    maxW,
    pue: cc.pue.value,
    gridG: g.value,
    backendJ: b.value,
  };
}

function parts(cpu: number, memory: number, network: number, backend: number): Parts {
  return { cpu, memory, network, backend, total: cpu + memory + network + backend };
}

function scale(p: Parts, f: number): Parts {
  return parts(p.cpu * f, p.memory * f, p.network * f, p.backend * f);
}

/** Energy, CO2e and cost of one usage record. */
export function estimate(u: Usage, p: EnergyProfile, c: Choice | Resolved = {}): Estimate {
  const r = "pue" in c ? c : resolveChoice(p, c);
  const hours = u.durationS / 3600;
  const cpuWh = u.vcpus * hours * r.minW + (u.cpuSeconds / 3600) * (r.maxW - r.minW);
  const it = parts(
    cpuWh / 1000,
    u.memoryGB * hours * p.memoryKwhPerGbHour.value,
    u.networkGB * p.networkKwhPerGb.value,
    (u.backendRequests * r.backendJ) / 3.6e6,
  );
  const kWh = scale(it, r.pue);
  return {
    itKwh: it,
    kWh,
    gCO2e: kWh.total * r.gridG,
    cost: p.price ? kWh.total * p.price.perKwh.value : null,
    currency: p.price ? p.price.currency : null,
  };
}

/** The simulator's counters a row's energy is computed from (structurally a sim JobResult). */
export interface RowCounters {
  requests: number;
  misses: number;
  byteRequests: number;
  byteMisses: number;
  capacity: number;
  unit: "objects" | "bytes";
}

export interface RowContext {
  profile: EnergyProfile;
  choice?: Choice;
  /** Requests per second the workload arrives at: the run's requests span requests / rate seconds. */
  requestRatePerS: number;
  /** Mean object size in bytes (working set bytes / objects): turns object counts into bytes. */
  meanObjectBytes: number;
  /** Cache nodes (default 1); each holds the profile's node.vcpus (or vcpusPerNode). */
  nodes?: number;
  vcpusPerNode?: number;
}

export interface RowEnergy {
  profile: string;
  cloud: string;
  region: string;
  backend: string;
  requestRatePerS: number;
  /** What the estimate is computed from, for the run. */
  basis: {
    durationS: number;
    vcpus: number;
    cpuSeconds: number;
    memoryGB: number;
    networkGB: number;
    backendRequests: number;
  };
  joulesPerRequest: number;
  run: Estimate;
  perMonth: Estimate;
}

/**
 * The `energy` of one simulation result row: the run (its requests at the given rate) and the same
 * extrapolated to a month (365 × 24 / 12 hours) at that rate. CPU time = requests × cpu.secondsPerRequest
 * + misses × cpu.secondsPerMiss; memory held = the cache capacity in bytes; network = every response
 * to a client plus every fill from the backend; backend = one backend request per miss.
 */
export function energyForRow(row: RowCounters, ctx: RowContext): RowEnergy {
  if (!(ctx.requestRatePerS > 0)) throw new InputError("the request rate must be above 0 requests/s");
  const p = ctx.profile;
  const r = resolveChoice(p, ctx.choice);
  const bytesPer = row.unit === "bytes" ? 1 : ctx.meanObjectBytes;
  const durationS = row.requests / ctx.requestRatePerS;
  const cpuSeconds = row.requests * p.cpu.secondsPerRequest.value + row.misses * p.cpu.secondsPerMiss.value;
  const nodes = ctx.nodes ?? 1;
  const perNode = ctx.vcpusPerNode ?? p.node.vcpus.value;
  // never hold fewer vCPUs than the CPU time needs
  const vcpus = Math.max(nodes * perNode, durationS > 0 ? Math.ceil(cpuSeconds / durationS) : 0);
  const basis = {
    durationS,
    vcpus,
    cpuSeconds,
    memoryGB: (row.capacity * bytesPer) / 1e9,
    networkGB: ((row.byteRequests + row.byteMisses) * bytesPer) / 1e9,
    backendRequests: row.misses,
  };
  const run = estimate(basis, p, r);
  const f = durationS > 0 ? SECONDS_PER_MONTH / durationS : 0;
  const month: Usage = {
    durationS: SECONDS_PER_MONTH,
    vcpus,
    cpuSeconds: cpuSeconds * f,
    memoryGB: basis.memoryGB,
    networkGB: basis.networkGB * f,
    backendRequests: basis.backendRequests * f,
  };
  return {
    profile: p.name,
    cloud: r.cloud,
    region: r.region,
    backend: r.backend,
    requestRatePerS: ctx.requestRatePerS,
    basis,
    joulesPerRequest: row.requests > 0 ? (run.kWh.total * 3.6e6) / row.requests : 0,
    run,
    perMonth: estimate(month, p, r),
  };
}
