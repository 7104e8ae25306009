// The catalogue of strategies, generated from the registries: `cachelab policies` and the README's
// policy table both come from here, so they cannot drift from the code.
import { admissionPolicies } from "../policies/admission/registry.js";
import { evictionPolicies } from "../policies/eviction/registry.js";
import type { Spec } from "../policies/spec.js";

export interface CatalogEntry {
  kind: "eviction" | "admission";
  name: string;
  aliases: string[];
  summary: string;
  cite: string | null;
  oracle: boolean;
  params: { name: string; default: number; description: string; min?: number; max?: number }[];
}

function entry(kind: CatalogEntry["kind"], s: Spec<unknown, any, any>): CatalogEntry {
  return {
    kind,
    name: s.name,
    aliases: [...(s.aliases ?? [])],
    summary: s.summary,
    cite: s.cite ?? null,
    oracle: s.oracle === true,
    params: Object.entries(s.defaults as Record<string, number>).map(([name, def]) => ({
      name,
      default: def,
      description: s.params?.[name]?.description ?? "",
      min: s.params?.[name]?.min,
      max: s.params?.[name]?.max,
    })),
  };
}

export function policyCatalog(): CatalogEntry[] {
  return [
    ...Object.values(evictionPolicies).map((s) => entry("eviction", s)),
    ...Object.values(admissionPolicies).map((s) => entry("admission", s as Spec<unknown, any, any>)),
  ];
}

/** " [1 … 1024]": the range a parameter accepts, as `cachelab policies` states it. */
function boundsText(min?: number, max?: number): string {
  if (min === undefined && max === undefined) return "";
  const f = (v: number | undefined) =>
    v === undefined ? "" : v >= 2 ** 30 && Number.isInteger(Math.log2(v)) ? `2^${Math.log2(v)}` : `${v}`;
  return ` [${f(min)} … ${f(max)}]`;
}

const paramText = (e: CatalogEntry) => e.params.map((p) => `${p.name}=${p.default}`).join(" ");

export function renderCatalog(entries: CatalogEntry[], style: "text" | "markdown"): string {
  const out: string[] = [];
  for (const kind of ["eviction", "admission"] as const) {
    const rows = entries.filter((e) => e.kind === kind);
    if (rows.length === 0) continue;
    if (style === "markdown") {
      out.push(`| ${kind} | parameters (defaults) | what it does | source |`, "|---|---|---|---|");
      for (const e of rows) {
        const name = e.aliases.length
          ? `\`${e.name}\` (${e.aliases.map((a) => `\`${a}\``).join(", ")})`
          : `\`${e.name}\``;
        out.push(`| ${name} | ${paramText(e) || "—"} | ${e.summary} | ${e.cite ?? ""} |`);
      }
      out.push("");
    } else {
      out.push(
        kind === "eviction"
          ? "Eviction policies (--eviction NAME[:param=value…])"
          : "Admission filters (--admission NAME[:param=value…])",
      );
      const w = Math.max(...rows.map((e) => e.name.length));
      for (const e of rows) {
        out.push(`  ${e.name.padEnd(w)}  ${e.summary}${e.oracle ? " [offline: knows the future]" : ""}`);
        for (const p of e.params) {
          out.push(`  ${"".padEnd(w)}    ${p.name}=${p.default}  ${p.description}${boundsText(p.min, p.max)}`);
        }
      }
      out.push("");
    }
  }
  return out.join("\n").trimEnd();
}
