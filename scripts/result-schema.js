// Writes docs/result.schema.json, the JSON Schema of a result file, from the zod schema in
// src/report/schema.ts as built into dist/ (`npm run schema` builds first). With --check it writes
// nothing and exits 1 when the checked-in file differs from what it would write.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const built = new URL("../dist/src/report/schema.js", import.meta.url);
const out = new URL("../docs/result.schema.json", import.meta.url);

if (!existsSync(built)) {
  console.error("dist/src/report/schema.js not found: run `npm run build` first (or `npm run schema`, which builds)");
  process.exit(1);
}
const { resultJsonSchemaText } = await import(built.href);
const text = resultJsonSchemaText();

if (process.argv.includes("--check")) {
  const current = existsSync(out) ? readFileSync(out, "utf8") : "";
  if (current !== text) {
    console.error("docs/result.schema.json is out of date with src/report/schema.ts: run `npm run schema`");
    process.exit(1);
  }
  console.log("docs/result.schema.json is up to date");
} else {
  writeFileSync(out, text);
  console.log(`docs/result.schema.json: ${text.length} bytes`);
}
