// Is a node in the state file really there? The state file only records what was started; this
// checks it: the pid still runs a cachelab node (not a zombie, not a pid reused by another program),
// the process is not stopped (SIGSTOP: `cluster pause`), and its port answers a RESP PING within a
// timeout. Any other answer than +PONG (-NOAUTH with a password set) still proves a RESP server.
import { connect } from "node:net";
import { procState, runs } from "./processes.js";

export type NodeHealth = "up" | "paused" | "dead" | "unresponsive";

export interface HealthReport {
  health: NodeHealth;
  /** One line for the status table: why it is not up. */
  detail: string;
}

export async function checkNode(
  n: { pid: number; host: string; port: number },
  marker: string | undefined,
  timeoutMs = 500,
): Promise<HealthReport> {
  if (!runs(n.pid, marker)) {
    const st = procState(n.pid);
    return {
      health: "dead",
      detail: st === null || st === "Z" ? `pid ${n.pid} is gone` : `pid ${n.pid} now runs another program`,
    };
  }
  if (procState(n.pid) === "T") return { health: "paused", detail: `pid ${n.pid} is stopped (SIGSTOP)` };
  const answer = await ping(n.host, n.port, timeoutMs);
  if (answer === null) {
    // stopped meanwhile (a SIGSTOP takes effect when the kernel delivers it)
    if (procState(n.pid) === "T") return { health: "paused", detail: `pid ${n.pid} is stopped (SIGSTOP)` };
    return { health: "unresponsive", detail: `port ${n.port} gave no RESP reply in ${timeoutMs} ms` };
  }
  return { health: "up", detail: "" };
}

/** Sends PING on a fresh connection; the first reply line, or null on error or timeout. */
export function ping(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    let buf = "";
    const done = (v: string | null) => {
      clearTimeout(timer);
      s.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    s.on("connect", () => s.write("*1\r\n$4\r\nPING\r\n"));
    s.on("data", (d) => {
      buf += d.toString("latin1");
      const end = buf.indexOf("\r\n");
      if (end >= 0) done(/^[+-]/.test(buf) ? buf.slice(0, end) : null);
    });
    s.on("error", () => done(null));
    s.on("close", () => done(null));
  });
}
