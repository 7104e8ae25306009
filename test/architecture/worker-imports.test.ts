// What a simulator worker thread loads before it replays anything. Each worker is a fresh isolate
// that loads its modules again, on the critical path of every cluster run (docs/cluster.md), so
// libraries only the main thread needs must stay out of the worker's module graph: zod (~60 ms to
// load, the scenario schemas) and hdr-histogram-js (~45 ms, loaded on first use by the one thread
// that summarises a histogram). This test loads the built worker-side modules in a child process
// with a module hook that lists every file loaded, and fails naming the library that came in.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "cachelab-imports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every URL the ESM loader loads while the child imports `modules` (built files under dist/). */
function loaded(modules: string[]): string[] {
  const hooks = join(dir, "hooks.mjs");
  writeFileSync(
    hooks,
    'export async function load(url, context, next) { process.stderr.write("LOADED " + url + "\\n"); return next(url, context); }\n',
  );
  const register = join(dir, "register.mjs");
  writeFileSync(
    register,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  const urls = modules.map((m) => pathToFileURL(join(root, "dist", m)).href);
  const code = `for (const u of ${JSON.stringify(urls)}) await import(u);`;
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, "--input-type=module", "-e", code], {
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr
    .split("\n")
    .filter((l) => l.startsWith("LOADED "))
    .map((l) => l.slice(7));
}

describe("the simulator worker's module graph", () => {
  it("loads the engine, policies, placement and the cluster model, and neither zod nor hdr-histogram-js", () => {
    const worker = ["src/sim/cluster/run.js", "src/sim/cluster/stream.js", "src/sim/job.js", "src/sim/parallel.js"];
    for (const m of worker) expect(existsSync(join(root, "dist", m)), `dist/${m}: run npm run build`).toBe(true);
    const urls = loaded(worker);
    // the check can fail: the modules it is about are among those listed
    expect(urls.some((u) => u.endsWith("/dist/src/engine/node.js"))).toBe(true);
    expect(urls.some((u) => u.endsWith("/dist/src/sim/cluster/latency.js"))).toBe(true);
    expect(urls.filter((u) => u.includes("/node_modules/zod/"))).toEqual([]);
    expect(urls.filter((u) => u.includes("/node_modules/hdr-histogram-js/"))).toEqual([]);
  });

  it("would see zod if a worker-side module imported the scenario schema", () => {
    const urls = loaded(["src/scenario/latency.js"]);
    expect(urls.some((u) => u.includes("/node_modules/zod/"))).toBe(true);
  });
});
