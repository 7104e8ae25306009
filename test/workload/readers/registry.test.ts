// Every reader in the registry: a sample of its format is detected as it from the content alone,
// from each of its file name endings, and compressed; its own sample sniffs highest for it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectFormat, FORMAT_NAMES, type FormatName, openTrace } from "../../../src/workload/formats.js";
import { READERS } from "../../../src/workload/readers/registry.js";
import { OG, scratch, VSCSI } from "../helpers.js";

/** A few requests of every format (typed by the registry: a new format without a sample fails to compile). */
const SAMPLES: Record<FormatName, () => Buffer> = {
  oracleGeneral: () => readFileSync(OG).subarray(0, 24 * 100),
  vscsi: () => readFileSync(VSCSI).subarray(0, 32 * 100),
  csv: () => Buffer.from("time,id,size\n1,42,512\n2,43,4096\n3,42,512\n"),
  txt: () => Buffer.from("42\n43\n42\n"),
  twitter: () => Buffer.from("0,key:1,5,100,7,get,0\n1,key:2,5,300,7,set,60\n2,key:1,5,100,7,get,0\n"),
};

describe("reader registry", () => {
  const dir = scratch();
  const sample = (name: FormatName, file: string) => {
    const path = join(dir, file);
    writeFileSync(path, SAMPLES[name]());
    return path;
  };

  it.each(FORMAT_NAMES)("%s: a sample without a telling name is detected by its content", (name) => {
    const path = sample(name, `${name}-sample`);
    expect(detectFormat(path)).toBe(name);
    const source = openTrace(path);
    expect(source.format).toBe(name);
    let requests = 0;
    for (const b of source) requests += b.length;
    expect(requests).toBeGreaterThan(0);
  });

  it.each(FORMAT_NAMES)("%s: its own sample sniffs higher for it than for any other reader", (name) => {
    const bytes = SAMPLES[name]();
    const text = !bytes.some((b) => b < 9 || (b > 13 && b < 32));
    const firstLine = text ? (bytes.toString("latin1").split("\n")[0] ?? "") : "";
    const head = { bytes, size: bytes.length, text, firstLine };
    const own = READERS[name].sniff(head);
    expect(own).toBeGreaterThan(0);
    for (const other of FORMAT_NAMES) if (other !== name) expect(READERS[other].sniff(head)).toBeLessThan(own);
  });

  it.each(FORMAT_NAMES)("%s: each of its file name endings selects it", (name) => {
    const spec = READERS[name];
    const refined = FORMAT_NAMES.filter((n) => READERS[n].refines === name);
    for (const ext of spec.extensions) {
      // a refining format's sample would be detected as that format: use a sample of this one
      expect(detectFormat(sample(name, `by-name${ext}`)), ext).toBe(name);
      expect(refined.every((r) => detectFormat(sample(r, `refined${ext}`)) === r)).toBe(true);
    }
    if (spec.nameContains !== undefined)
      expect(detectFormat(sample(name, `x.${spec.nameContains}.sample7`))).toBe(name);
  });

  it("registry names are unique case-insensitively and every `refines` names a registered format", () => {
    expect(new Set(FORMAT_NAMES.map((n) => n.toLowerCase())).size).toBe(FORMAT_NAMES.length);
    for (const n of FORMAT_NAMES) {
      const refines = READERS[n].refines;
      if (refines !== undefined) expect(FORMAT_NAMES).toContain(refines);
    }
  });
});
