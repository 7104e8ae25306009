// Starting and stopping the processes the node tests talk to: a cachelab node (the built
// dist/src/cluster/node/main.js, as `cachelab cluster` spawns it) and a real redis-server on a free
// port with persistence off. Every process started here is recorded and killed by `stopAll()`
// (call it in afterAll), and on the test process's exit as a last resort.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, Socket } from "node:net";
import { ROOT } from "../../e2e/cli.js";

export const NODE_MAIN = `${ROOT}dist/src/cluster/node/main.js`;

export interface Proc {
  proc: ChildProcess;
  port: number;
  httpPort: number;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const p of running) p.kill("SIGKILL");
});

function track(proc: ChildProcess): () => string {
  running.add(proc);
  proc.on("exit", () => running.delete(proc));
  let err = "";
  proc.stderr?.on("data", (d) => {
    err += d;
  });
  return () => err;
}

function stopper(proc: ChildProcess): (signal?: NodeJS.Signals) => Promise<number | null> {
  return (signal = "SIGTERM") =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
      const kill = setTimeout(() => proc.kill("SIGKILL"), 5000);
      proc.once("exit", (code) => {
        clearTimeout(kill);
        resolve(code);
      });
      proc.kill(signal);
    });
}

/** Spawns a node; resolves with its ports from the ready line (rejects with stderr if it exits first). */
export function startNode(args: string[], env: Record<string, string> = {}): Promise<Proc> {
  const proc = spawn(process.execPath, [NODE_MAIN, "--port", "0", "--http-port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const stderr = track(proc);
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stdout!.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      const ready = JSON.parse(out.slice(0, nl));
      resolve({ proc, port: ready.port, httpPort: ready.httpPort, stderr, stop: stopper(proc) });
    });
    proc.on("exit", (code) => reject(new Error(`node exited ${code} before ready: ${stderr()}`)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function waitPing(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    s.once("error", () => {
      s.destroy();
      if (Date.now() > deadline) reject(new Error(`nothing answers on ${port}`));
      else setTimeout(() => waitPing(port, deadline).then(resolve, reject), 50);
    });
    s.connect(port, "127.0.0.1", () => {
      s.write("PING\r\n");
      s.once("data", () => {
        s.destroy();
        resolve();
      });
    });
  });
}

/** A real redis-server on a free port, persistence off. */
export async function startRedis(extra: string[] = []): Promise<Proc> {
  const port = await freePort();
  const proc = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", ...extra],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const stderr = track(proc);
  await waitPing(port, Date.now() + 10_000);
  return { proc, port, httpPort: -1, stderr, stop: stopper(proc) };
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => stopper(p)("SIGKILL")));
}
