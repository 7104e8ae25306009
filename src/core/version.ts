// The package version, read once from package.json (results record which cachelab produced them).
// Found by walking up from this module, which sits at a different depth in src/ and dist/src/.
import { existsSync, readFileSync } from "node:fs";

function find(): string {
  let dir = new URL(".", import.meta.url);
  for (let i = 0; i < 5; i++) {
    const p = new URL("package.json", dir);
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "cachelab" && pkg.version) return pkg.version;
    }
    dir = new URL("..", dir);
  }
  return "0.0.0";
}

export const version: string = find();
