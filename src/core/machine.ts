// What a result records about the machine and the process that produced it.
import { readFileSync } from "node:fs";
import { cpus, platform, release } from "node:os";

export interface MachineInfo {
  node: string;
  platform: string;
  cpu: string;
  cpus: number;
}

/**
 * Peak resident set of this process. Linux's VmHWM belongs to the process image, so unlike
 * getrusage's maxrss it does not include what a parent held before it spawned us.
 */
export function peakRssBytes(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: c[0]?.model ?? "unknown",
    cpus: c.length,
  };
}
