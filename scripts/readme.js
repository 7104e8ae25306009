// npm run readme: refreshes the README's generated sections from their sources, so the README
// cannot drift from the code or from the last measurements:
//   policies    ← `cachelab policies --markdown` (the registries)
//   accuracy    ← bench/results/accuracy.md (written by `npm run bench:accuracy`)
//   perf        ← bench/results/performance.md (written by `npm run bench`)
//   nodes       ← bench/results/nodes.md (written by `npm run bench:nodes`)
//   mrc         ← bench/results/mrc.md (written by `npm run bench:mrc`)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const readme = new URL("README.md", root);
const sections = {
  policies: execFileSync(process.execPath, [new URL("bin/run.js", root).pathname, "policies", "--markdown"], {
    encoding: "utf8",
  }).trim(),
  accuracy: file("bench/results/accuracy.md"),
  perf: file("bench/results/performance.md"),
  nodes: file("bench/results/nodes.md"),
  mrc: file("bench/results/mrc.md"),
};

function file(p) {
  const u = new URL(p, root);
  return existsSync(u) ? readFileSync(u, "utf8").trim() : `_(not measured yet: run the benchmark)_`;
}

let text = readFileSync(readme, "utf8");
for (const [name, body] of Object.entries(sections)) {
  const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!re.test(text)) throw new Error(`README.md has no ${name} markers`);
  text = text.replace(re, `$1\n${body}\n$2`);
}
writeFileSync(readme, text);
// the lint step checks Markdown formatting too: leave the README as the formatter would
execFileSync(
  process.execPath,
  [new URL("node_modules/@biomejs/biome/bin/biome", root).pathname, "format", "--write", "README.md"],
  {
    cwd: new URL(".", root).pathname,
    stdio: "ignore",
  },
);
console.log("README.md: generated sections refreshed");
