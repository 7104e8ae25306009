// Real results for the schema tests, from the built binary as a user runs it: a binary trace
// (objects, several pairs), a CSV trace (bytes, an admission filter, parameters, reader notes) and a
// synthetic scenario. Each is run once per test file and cached.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, FIXTURES } from "../e2e/cli.js";

export interface RealResult {
  label: string;
  /** The file `--out` wrote. */
  file: string;
  /** Its exact text. */
  text: string;
}

const runs: Record<string, string[]> = {
  "oracleGeneral trace": [
    "simulate",
    "--trace",
    `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`,
    "-e",
    "lru,sieve",
    "-c",
    "1%,10%",
  ],
  "csv trace, bytes, admission": [
    "simulate",
    "--trace",
    `${FIXTURES}cloudPhysicsIO.csv`,
    "-e",
    "clock:bits=2,s3fifo",
    "-a",
    "tinylfu",
    "-u",
    "bytes",
    "-c",
    "64MiB,1%",
    "--warmup",
    "10%",
  ],
  "synthetic scenario": ["simulate", "scenarios/quickstart.yaml", "-e", "lru,wtinylfu", "-c", "1%"],
};

let cached: Promise<RealResult[]> | undefined;

export function realResults(): Promise<RealResult[]> {
  cached ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "cachelab-schema-"));
    return Promise.all(
      Object.entries(runs).map(async ([label, args], i) => {
        const file = join(dir, `result-${i}.json`);
        const r = await cli([...args, "--out", file]);
        if (r.code !== 0) throw new Error(`${label}: cachelab ${args.join(" ")} failed: ${r.stderr}`);
        return { label, file, text: readFileSync(file, "utf8") };
      }),
    );
  })();
  return cached;
}
