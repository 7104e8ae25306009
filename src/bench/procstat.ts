// What the cache's processes actually did, for the energy estimate of a live run: CPU time (user +
// system) from /proc/PID/stat fields 14 and 15 (utime, stime, in clock ticks of 1/100 s — USER_HZ,
// which Linux fixes at 100 on every architecture it exposes through /proc) and the resident set from
// /proc/PID/status VmRSS (kB). See proc(5). On a system without /proc (or for a process that is gone)
// a reading is null and the energy is estimated without it.
import { readFileSync } from "node:fs";

const USER_HZ = 100;

export interface ProcSample {
  cpuSeconds: number;
  rssBytes: number;
}

/** CPU-seconds and RSS of a process now; null when it cannot be read. */
export function sampleProcess(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name (field 2) is in parentheses and may hold spaces: split after its last ')'
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): utime is field 14 → index 11, stime 15 → index 12
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    if (!Number.isFinite(ticks)) return null;
    return { cpuSeconds: ticks / USER_HZ, rssBytes: m ? Number(m[1]) * 1024 : 0 };
  } catch {
    return null;
  }
}

export interface ProcessUsage {
  name: string;
  pid: number;
  /** CPU-seconds used between the start and the end of the run; null when unreadable. */
  cpuSeconds: number | null;
  /** Highest resident set seen during the run, bytes; null when unreadable. */
  maxRssBytes: number | null;
}

/** Samples processes at the start, every second, and at the end of a run. */
export class ProcessMeter {
  private readonly start: (ProcSample | null)[];
  private readonly maxRss: number[];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly procs: readonly { name: string; pid: number }[]) {
    this.start = procs.map((p) => sampleProcess(p.pid));
    this.maxRss = this.start.map((s) => s?.rssBytes ?? 0);
    this.timer = setInterval(() => this.sampleRss(), 1000);
    this.timer.unref();
  }

  private sampleRss(): void {
    this.procs.forEach((p, i) => {
      const s = sampleProcess(p.pid);
      if (s && s.rssBytes > this.maxRss[i]) this.maxRss[i] = s.rssBytes;
    });
  }

  stop(): ProcessUsage[] {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.procs.map((p, i) => {
      const a = this.start[i];
      const b = sampleProcess(p.pid);
      if (b && b.rssBytes > this.maxRss[i]) this.maxRss[i] = b.rssBytes;
      return {
        name: p.name,
        pid: p.pid,
        cpuSeconds: a && b ? Math.round((b.cpuSeconds - a.cpuSeconds) * 100) / 100 : null,
        maxRssBytes: a || b ? this.maxRss[i] : null,
      };
    });
  }
}
