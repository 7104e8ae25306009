// Starting and stopping node processes. A node runs detached (its own process group, so it outlives
// the `cluster up` that started it and a Ctrl-C in that terminal does not reach it), with stdout and
// stderr appended to its log file. It is ready when its log shows the node's one JSON line
// `{"ready":true,"name":…,"pid":…,"port":…,"httpPort":…}`; a node that exits first, or stays silent
// past the timeout, is an error that quotes the log's last lines.
//
// Stopping is SIGTERM (the node shuts down gracefully), a wait, then SIGKILL after the timeout, and
// a check that the pid is really gone. A pid is only signalled when it still runs a cachelab node
// (its command line names the node entry): a pid the kernel has since given to another program is
// never touched.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError } from "../core/errors.js";

/** The package root: the nearest folder above this file with bin/run.js (from src/ or dist/src/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "bin", "run.js")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The built node entry (dist/src/cluster/node/main.js); `CACHELAB_NODE_ENTRY` overrides it. */
export function nodeEntry(): string {
  return process.env.CACHELAB_NODE_ENTRY ?? join(packageRoot(), "dist", "src", "cluster", "node", "main.js");
}

/** The CLI entry (bin/run.js), for the proxy process that deploy starts. */
export function cliEntry(): string {
  return join(packageRoot(), "bin", "run.js");
}

export interface Ready {
  ready: true;
  name: string;
  pid: number;
  port: number;
  httpPort: number;
}

export interface SpawnOptions {
  /** Arguments after the entry script. */
  args: string[];
  log: string;
  /** The script to run with this Node (default: the node entry). */
  entry?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Called with the pid as soon as the process is spawned (before it is ready). */
  onSpawn?: (pid: number) => void;
}

/** Spawns a detached process logging to `o.log` and waits for its ready line. */
export async function spawnReady(o: SpawnOptions): Promise<Ready> {
  mkdirSync(dirname(o.log), { recursive: true, mode: 0o700 });
  const fd = openSync(o.log, "a", 0o600);
  const start = existsSync(o.log) ? readFileSync(o.log).length : 0;
  const child = spawn(process.execPath, [o.entry ?? nodeEntry(), ...o.args], {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, ...o.env },
  });
  closeSync(fd);
  if (child.pid) o.onSpawn?.(child.pid);
  let exited: number | string | null = null;
  child.once("exit", (code, signal) => {
    exited = code ?? signal ?? "?";
  });
  child.once("error", (e) => {
    exited = e.message;
  });
  child.unref();
  const deadline = Date.now() + (o.timeoutMs ?? 10_000);
  for (;;) {
    const text = readFileSync(o.log).subarray(start).toString("utf8");
    for (const line of text.split("\n")) {
      if (!line.startsWith("{")) continue;
      try {
        const r = JSON.parse(line) as Ready;
        if (r.ready === true && Number.isInteger(r.port)) return { ...r, pid: child.pid ?? r.pid };
      } catch {
        // not the ready line
      }
    }
    if (exited !== null) throw new CliError(`process exited (${exited}) before it was ready; ${logTail(o.log)}`, 1);
    if (Date.now() > deadline) {
      if (child.pid) killQuietly(child.pid, "SIGKILL");
      throw new CliError(`process not ready after ${o.timeoutMs ?? 10_000} ms; ${logTail(o.log)}`, 1);
    }
    await sleep(25);
  }
}

function logTail(log: string): string {
  try {
    const lines = readFileSync(log, "utf8").trimEnd().split("\n").slice(-5);
    return `its log ${log} ends:\n  ${lines.join("\n  ")}`;
  } catch {
    return `see ${log}`;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The state letter of a pid from /proc (R, S, T stopped, Z zombie…), or null when it does not run. */
export function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    if (process.platform === "linux") return null;
  }
  try {
    process.kill(pid, 0);
    return "?";
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM" ? "?" : null;
  }
}

/** Does pid run (not a zombie) and does its command line contain `marker`? */
export function runs(pid: number, marker?: string): boolean {
  const st = procState(pid);
  if (st === null || st === "Z" || st === "X") return false;
  if (!marker || process.platform !== "linux") return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker);
  } catch {
    return false;
  }
}

/** What identifies a cachelab node process in its command line. */
export function nodeMarker(): string {
  return process.env.CACHELAB_NODE_ENTRY ?? join("cluster", "node", "main.js");
}

export function killQuietly(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM, wait up to `timeoutMs`, then SIGKILL and wait again. Returns how it ended: "absent" (not
 * running, or not ours), "terminated" or "killed". A stopped (SIGSTOP) process gets SIGCONT too, so
 * that it can act on the SIGTERM.
 */
export async function stopProcess(
  pid: number,
  marker: string | undefined,
  timeoutMs = 3000,
): Promise<"absent" | "terminated" | "killed"> {
  if (!runs(pid, marker)) return "absent";
  killQuietly(pid, "SIGTERM");
  killQuietly(pid, "SIGCONT");
  if (await gone(pid, timeoutMs)) return "terminated";
  killQuietly(pid, "SIGKILL");
  if (await gone(pid, 2000)) return "killed";
  throw new CliError(`process ${pid} is still running after SIGKILL`, 1);
}

async function gone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!runs(pid)) return true;
    await sleep(20);
  }
  return !runs(pid);
}
