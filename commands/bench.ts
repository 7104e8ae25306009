import { renameSync, writeFileSync } from "node:fs";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../src/cli/base-command.js";
import { openWorkload } from "../src/cli/workload.js";
import { stateFile, stateFlags } from "../src/cluster/cli-flags.js";
import { InputError } from "../src/core/errors.js";
import { loadRun } from "../src/scenario/load.js";
import type { BenchProgressHandle } from "../src/ui/bench-progress.js";
import { parseBytes, parseDuration } from "../src/workload/units.js";

function rate(text: string): number | null {
  if (text === "closed-loop") return null;
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  if (!m || !(Number(m[1]) > 0))
    throw new InputError(`--rate ${text}: expected requests per second (20000/s) or closed-loop`);
  return Number(m[1]);
}

function ms(flag: string, text: string): number {
  try {
    return Math.round(parseDuration(text) * 1000);
  } catch (e) {
    throw new InputError(`--${flag} ${text}: ${(e as Error).message}`);
  }
}

export default class Bench extends BaseCommand {
  static override summary =
    "Replay a scenario's requests live against a cache cluster, Redis or a cachelab proxy, and measure.";
  static override description = [
    "Look-aside: GET each key; on a miss wait the backend's latency, then SET a value of the request's size. Requests are spread over --connections clients (one socket per node each), open loop at --rate with latency from each request's due time (coordinated omission corrected), or closed loop. The result is a simulate result with kind \"bench\": hits, misses, hit ratio, latency percentiles (HdrHistogram), the miss ratio over time, throughput, errors, timeouts, and energy from the node processes' measured CPU and memory.",
    "--target local uses the cluster of the state file, or starts one (the scenario's first policy and capacity, --nodes, --placement) and stops it afterwards. Ctrl-C stops every connection and process the bench started and writes nothing. --compare-sim also simulates the same requests per node and shows predicted and measured hit ratios side by side.",
    "The scenario's cluster.events (down, up, pause, resume, add, remove, cutover) are applied to the local cluster while the load runs, each with a phase in the result (hit ratio before, the dip, requests to recover, errors); with --replicas reads fail over along each key's copies. --warm picks the cutover's warm-up when the scenario compares several.",
  ].join("\n\n");
  static override examples = [
    "<%= config.bin %> bench scenarios/quickstart.yaml --requests 2000 --rate closed-loop --ordered --warmup 0s --backend-latency 0 --compare-sim",
    "<%= config.bin %> bench scenarios/quickstart.yaml --requests 2000 --rate 1000/s --connections 8 --warmup 0.2s --duration 0.8s",
  ];
  static override args = { scenario: Args.string({ description: "scenario YAML file", required: true }) };
  static override flags = {
    ...stateFlags,
    target: Flags.string({ description: "local | proxy | redis://[:PASSWORD@]HOST:PORT", default: "local" }),
    connections: Flags.integer({
      description: "client connections (each with one socket per node)",
      default: 50,
      min: 1,
      max: 10_000,
    }),
    driver: Flags.string({
      description:
        "resp: cachelab's RESP load generator; autocannon: the nodes' HTTP port (GET, on 404 PUT) through autocannon, local cluster, closed loop",
      options: ["resp", "autocannon"],
      default: "resp",
    }),
    threads: Flags.integer({
      description: "worker threads of the RESP driver, each with its share of the connections and requests",
      default: 1,
      min: 1,
      max: 64,
    }),
    pipeline: Flags.integer({ description: "requests in flight per connection", default: 1, min: 1, max: 10_000 }),
    rate: Flags.string({
      description: "open loop at this many requests/s (20000/s), or closed-loop",
      default: "20000/s",
    }),
    duration: Flags.string({ description: "measured time after the warm-up", default: "30s" }),
    warmup: Flags.string({ description: "time replayed before measuring", default: "5s" }),
    requests: Flags.integer({ description: "replay at most this many of the workload's requests", min: 1 }),
    eviction: Flags.string({
      char: "e",
      description: "policy of a cluster the bench starts (default: the scenario's first)",
    }),
    capacity: Flags.string({
      char: "c",
      description: "cache size of a cluster the bench starts (default: the scenario's first)",
    }),
    unit: Flags.string({ char: "u", options: ["objects", "bytes"], description: "what --capacity counts" }),
    memory: Flags.string({ description: "memory per node of a cluster the bench starts (default: from the capacity)" }),
    nodes: Flags.integer({
      char: "n",
      description: "nodes of a cluster the bench starts (default: the scenario's cluster.nodes, else 3)",
      min: 1,
      max: 64,
    }),
    replicas: Flags.integer({
      description:
        "replicas of a cluster the bench starts: each key on 1 + N nodes, reads fail over (default: the scenario's cluster.replication − 1, else 0)",
      min: 0,
      max: 63,
    }),
    warm: Flags.string({
      description: "the scenario's cutover warm-up to apply live when it lists several: cold or copy-hot:K",
    }),
    placement: Flags.string({ description: "placement of a cluster the bench starts", default: "ring" }),
    "backend-latency": Flags.string({
      description:
        "what a miss waits before its SET: a latency (5ms, 0) or a distribution (default: the latency model's backend hop)",
    }),
    timeout: Flags.string({
      description: "a connection whose oldest request waits longer is closed (timeouts)",
      default: "1s",
    }),
    ordered: Flags.boolean({
      description:
        "closed loop with one connection per node, each node's requests in trace order: what the simulator replays (for --compare-sim)",
    }),
    "compare-sim": Flags.boolean({ description: "also simulate the same requests per node and show both hit ratios" }),
    output: Flags.string({ char: "o", description: "write the result (JSON) to this file" }),
    json: Flags.boolean({ description: "print the result as JSON" }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Bench);
    const ratePerS = rate(flags.rate);
    const durationMs = ms("duration", flags.duration);
    const warmupMs = ms("warmup", flags.warmup);
    const timeoutMs = ms("timeout", flags.timeout);
    const memory = flags.memory === undefined ? undefined : parseBytes(flags.memory);
    const req = await loadRun(args.scenario, { eviction: flags.eviction, capacity: flags.capacity, unit: flags.unit });
    const workload = await openWorkload(req.workload, req.seed);
    const { runBench } = await import("../src/bench/run.js");
    const cl = req.cluster;
    const scenarioNodes = cl ? ("counts" in cl.nodes ? cl.nodes.counts[0] : cl.nodes.list.length) : undefined;
    const { renderBench } = await import("../src/bench/render.js");
    const ac = new AbortController();
    const interrupt = () => ac.abort();
    process.once("SIGINT", interrupt);
    process.once("SIGTERM", interrupt);
    // the live view (ink) only on a TTY without --json: loaded only then
    const live =
      process.stderr.isTTY && !flags.json ? (await import("../src/ui/bench-progress.js")).benchProgress : null;
    let view: Promise<BenchProgressHandle> | undefined;
    const maxRequests =
      flags.requests ??
      (ratePerS === null ? Number.MAX_SAFE_INTEGER : Math.ceil((ratePerS * (durationMs + warmupMs)) / 1000) + 1);
    try {
      const result = await runBench({
        name: req.name,
        seed: req.seed,
        workload,
        eviction: req.evictions[0].ref,
        capacity: req.capacities[0],
        unit: req.unit,
        energy: req.energy,
        target: flags.target,
        statePath: stateFile(flags),
        nodes: flags.nodes ?? scenarioNodes ?? 3,
        replicas: flags.replicas ?? (cl ? cl.replication - 1 : 0),
        events: cl && cl.events.length > 0 ? { list: cl.events, where: cl.where } : undefined,
        warm: flags.warm,
        placement: flags.placement,
        memory,
        connections: flags.connections,
        pipeline: flags.pipeline,
        ratePerS,
        durationMs,
        warmupMs,
        timeoutMs,
        maxRequests: Math.min(maxRequests, 50_000_000),
        backendLatency: flags["backend-latency"],
        compareSim: flags["compare-sim"],
        ordered: flags.ordered,
        driver: flags.driver as "resp" | "autocannon",
        threads: flags.threads,
        signal: ac.signal,
        onStart: (s) => {
          process.stderr.write(`bench: ${s.target}, ${s.requests} requests${s.notes.map((n) => `; ${n}`).join("")}\n`);
          if (live) view = live({ target: s.target, requests: s.requests, ratePerS, warmupMs, durationMs });
        },
        onProgress: process.stderr.isTTY
          ? live
            ? (p) => void view?.then((v) => v.update(p))
            : (p) =>
                process.stderr.write(
                  `\r${p.elapsedS.toFixed(0)}s  ${p.completed} done  hits ${p.hits}  misses ${p.misses}  errors ${p.errors}   `,
                )
          : undefined,
      });
      if (view) (await view).close();
      else if (process.stderr.isTTY) process.stderr.write("\n");
      if (result === null) {
        process.stderr.write(
          "bench: interrupted; every connection and process it started is stopped, nothing written\n",
        );
        process.exitCode = 130;
        return;
      }
      const text = `${JSON.stringify(result, null, 2)}\n`;
      if (flags.output) {
        const tmp = `${flags.output}.tmp-${process.pid}`;
        writeFileSync(tmp, text);
        renameSync(tmp, flags.output);
      }
      process.stdout.write(flags.json ? text : renderBench(result));
    } finally {
      if (view) (await view).close();
      process.off("SIGINT", interrupt);
      process.off("SIGTERM", interrupt);
    }
  }
}
