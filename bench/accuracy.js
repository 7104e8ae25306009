#!/usr/bin/env node
// npm run bench:accuracy [-- --trace oracleGeneral|csv|vscsi|txt|all]
//
// Agreement with libCacheSim: runs `cachelab simulate` (the real CLI) on the CloudPhysics sample
// traces for every algorithm that libCacheSim's reference file covers and prints reference vs
// cachelab miss ratios side by side, exact matches marked.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
const fixtures = `${root}test/fixtures/traces/`;
const { values } = parseArgs({ options: { trace: { type: "string", default: "oracleGeneral" } } });
const files = {
  oracleGeneral: "cloudPhysicsIO.oracleGeneral.bin",
  csv: "cloudPhysicsIO.csv",
  vscsi: "cloudPhysicsIO.vscsi",
  txt: "cloudPhysicsIO.txt",
};
const which = values.trace === "all" ? Object.keys(files) : values.trace.split(",");

const ref = readFileSync(`${fixtures}reference-libcachesim.csv`, "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split(","))
  .map((f) => ({
    trace: f[0],
    alg: f[1],
    size: f[2],
    unit: f[3],
    misses: +f[5],
    byteMisses: +f[7],
    mr: +f[8],
    bmr: +f[9],
  }));

const catalog = spawnSync(process.execPath, [`${root}bin/run.js`, "policies", "--json"], { encoding: "utf8" });
const names = new Set(JSON.parse(catalog.stdout).flatMap((e) => [e.name, ...e.aliases]));
const available = (alg) => names.has(alg);

const rows = [];
for (const t of which) {
  const file = files[t];
  const refs = ref.filter((r) => r.trace === file);
  const algs = [...new Set(refs.map((r) => r.alg))];
  for (const unit of ["objects", "bytes"]) {
    const sizes = [...new Set(refs.filter((r) => r.unit === unit).map((r) => r.size))];
    if (sizes.length === 0) continue;
    const known = algs.filter((a) => available(a));
    const r = spawnSync(
      process.execPath,
      [
        `${root}bin/run.js`,
        "simulate",
        "--trace",
        `${fixtures}${file}`,
        "--eviction",
        known.join(","),
        "--capacity",
        sizes.join(","),
        "--unit",
        unit,
        "--json",
        "--no-save",
        // libCacheSim seeds its random generators with 0; so do we here (LHD samples randomly)
        "--seed",
        "0",
      ],
      { encoding: "utf8", maxBuffer: 256 << 20 },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    const res = JSON.parse(r.stdout).results;
    for (const rr of refs.filter((x) => x.unit === unit)) {
      const mine = res.find((x) => x.policy === rr.alg && String(x.capacity) === rr.size);
      const mr = mine ? mine.misses / mine.requests : null;
      rows.push({
        trace: t,
        algorithm: rr.alg,
        size: `${rr.size} ${unit === "objects" ? "obj" : "B"}`,
        libCacheSim: rr.mr.toFixed(6),
        cachelab: mr === null ? "—" : mr.toFixed(6),
        diff: mr === null ? "not implemented" : (Math.abs(mr - rr.mr) < 5e-7 ? 0 : mr - rr.mr).toFixed(6),
        exact: mine ? (mine.misses === rr.misses && mine.byteMisses === rr.byteMisses ? "yes" : "") : "",
      });
    }
  }
}

const cols = Object.keys(rows[0]);
const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
const line = (vals) => `| ${vals.map((v, i) => String(v).padEnd(w[i])).join(" | ")} |`;
const implemented = rows.filter((r) => r.cachelab !== "—");
const worst = Math.max(...implemented.map((r) => Math.abs(Number(r.diff))));
const summary = `${implemented.length} rows compared, ${implemented.filter((r) => r.exact).length} with identical miss and byte-miss counts, largest |diff| ${worst.toFixed(6)}; ${rows.length - implemented.length} rows are for algorithms cachelab does not implement (${[...new Set(rows.filter((r) => r.cachelab === "—").map((r) => r.algorithm))].join(", ")}).`;
const table = [line(cols), line(w.map((n) => "-".repeat(n))), ...rows.map((r) => line(cols.map((c) => r[c])))];
console.log(table.join("\n"));
console.log(`\n${summary}`);
// the README shows the summary and the oracleGeneral rows; the file keeps everything
const og = rows.filter((r) => r.trace === "oracleGeneral" && r.cachelab !== "—");
const short = [line(cols), line(w.map((n) => "-".repeat(n))), ...og.map((r) => line(cols.map((c) => r[c])))];
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(
  `${root}bench/results/accuracy.md`,
  `\`npm run bench:accuracy -- --trace ${values.trace}\`: ${summary}\n\n${(which.includes("oracleGeneral") ? short : table).join("\n")}\n`,
);
