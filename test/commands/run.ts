// Runs a cachelab command in this process, as the binary would (oclif's Config loaded from the repo
// root, the built commands in dist/, which test/global-setup.ts keeps fresh), and returns its exit
// code, stdout and stderr. Many times faster than spawning bin/run.js; test/e2e/ keeps the few tests
// that need a real process (exit codes as the shell sees them, pipes, no TTY).

import { fileURLToPath } from "node:url";
import { Config } from "@oclif/core";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FIXTURES = `${ROOT}test/fixtures/traces/`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let config: Promise<Config> | undefined;

/** The loaded oclif configuration (commands, their flags and examples from the manifest). */
export function cliConfig(): Promise<Config> {
  config ??= Config.load(ROOT);
  return config;
}

type Write = typeof process.stdout.write;

/** `run(["trace", "stats", file, "--json"])`: words before the flags name the command, as on the command line. */
export async function run(
  argv: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const c = await cliConfig();
  let n = Math.min(argv.length, 3);
  while (n > 0 && !c.findCommand(argv.slice(0, n).join(":"))) n--;
  const id = n > 0 ? argv.slice(0, n).join(":") : argv[0];

  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]): Write =>
    ((chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => {
      into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
      const done = typeof enc === "function" ? enc : cb;
      if (typeof done === "function") done();
      return true;
    }) as Write;
  const saved = { out: process.stdout.write, err: process.stderr.write, cwd: process.cwd(), env: { ...process.env } };
  const env: Record<string, string> = { CI: "1", ...opts.env };
  Object.assign(process.env, env);
  if (opts.cwd) process.chdir(opts.cwd);
  process.exitCode = undefined;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  let code: number;
  try {
    await c.runCommand(id, argv.slice(n));
    code = typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    const x = e as Error & { oclif?: { exit?: number } };
    code = x.oclif?.exit ?? 1;
    // what oclif's handler would print for an error no command caught (ExitError: already said)
    if ((x as { code?: string }).code !== "EEXIT") err.push(`${x.message}\n`);
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.chdir(saved.cwd);
    for (const k of Object.keys(env)) {
      if (saved.env[k] === undefined) delete process.env[k];
      else process.env[k] = saved.env[k];
    }
    process.exitCode = undefined;
  }
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/**
 * stderr without the plain progress lines a run writes every 2 s when it takes that long ("lru @ 1%:
 * 45% · 1.9 s · …", "1/2 pairs done · …"): on a loaded machine a small run can take 2 s, and a test
 * that wants "nothing else on stderr" must not depend on the machine's speed.
 */
export function withoutProgress(stderr: string): string {
  return stderr
    .split("\n")
    .filter((l) => !/^.+ @ .+: +(\d+%|[\d,]+) · /.test(l) && !/^\d+\/\d+ pairs? done( · |$)/.test(l))
    .join("\n");
}
