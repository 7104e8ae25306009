// npm run bench:interner — interns 20 M distinct string keys (more than a Map can hold: 2^24 ≈
// 16.7 M) the way a CSV or Twitter reader does (bytes straight from the read buffer), then looks
// every key up again. Prints one table row per run: keys, seconds, M keys/s, peak RSS, bytes/key.
// One fresh process; the build (dist/) must be current: npm run build.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
const dist = `${root}dist/src/workload/interner.js`;
if (!existsSync(dist)) {
  console.error("bench/interner-scale.js: run npm run build first");
  process.exit(1);
}
const { Interner } = await import(dist);
const { values } = parseArgs({ options: { keys: { type: "string", default: "20000000" } } });
const n = Number(values.keys);

const rss0 = process.memoryUsage().rss;
const it = new Interner(1 << 16);
const buf = Buffer.alloc(64);
const key = (i) => buf.write(`twitter:user:${i.toString(16)}:timeline`, 0, "latin1");
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const len = key(i);
  if (it.internBytes(buf, 0, len) !== i) throw new Error(`key ${i}: wrong dense id`);
}
const tIntern = (performance.now() - t0) / 1000;
const t1 = performance.now();
for (let i = 0; i < n; i++) {
  const len = key(i);
  if (it.internBytes(buf, 0, len) !== i) throw new Error(`key ${i}: lost`);
}
const tLookup = (performance.now() - t1) / 1000;
if (it.originalString(n - 1) !== `twitter:user:${(n - 1).toString(16)}:timeline`) throw new Error("bad original");
const rss = process.resourceUsage().maxRSS * 1024;
const mib = (b) => (b / 2 ** 20).toFixed(0);
console.log("| distinct keys | intern s | M keys/s | lookup s | peak RSS MiB | bytes per key (RSS growth) |");
console.log("| ------------- | -------- | -------- | -------- | ------------ | -------------------------- |");
console.log(
  `| ${n.toLocaleString("en-US")} | ${tIntern.toFixed(1)} | ${(n / tIntern / 1e6).toFixed(2)} | ${tLookup.toFixed(1)} | ${mib(rss)} | ${((rss - rss0) / n).toFixed(0)} |`,
);
