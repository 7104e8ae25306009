// The JUnit file is valid XML of the shape CI test reporters read (testsuites › testsuite ›
// testcase, a <failure> with a message on a failed check), one testcase per rule × row, with the
// counts in the attributes; the step summary is a Markdown table with one line per check.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/gate/evaluate.js";
import { renderJunit, xmlEscape } from "../../src/gate/junit.js";
import { renderGateMarkdown } from "../../src/gate/render.js";
import { sideOf } from "../../src/gate/side.js";
import { parseResult } from "../../src/report/read.js";
import { parseRule } from "../../src/scenario/gates.js";
import { standard } from "./helpers.js";
import { parseXml } from "./xml.js";

const side = (role: "baseline" | "current", r: unknown) => sideOf(role, [parseResult(r, role)], [role]);
const outcome = () =>
  evaluate(
    ["missRatio +0%", "eviction=lru missRatio <= 0.5"].map(parseRule),
    side("current", standard({ "sieve@1%": 560 })),
    side("baseline", standard()),
  );

describe("JUnit XML", () => {
  it("parses, and holds one testcase per rule × row with the failures marked", () => {
    const o = outcome();
    const doc = parseXml(renderJunit(o, "2026-01-01T00:00:00"));
    expect(doc.name).toBe("testsuites");
    expect(doc.attrs).toMatchObject({ tests: "6", failures: "2", errors: "0" });
    expect(doc.children).toHaveLength(1);
    const suite = doc.children[0];
    expect(suite.name).toBe("testsuite");
    expect(suite.attrs).toMatchObject({ name: "cachelab gate", tests: "6", failures: "2", errors: "0", skipped: "0" });
    expect(suite.children.map((c) => c.name)).toEqual(Array(6).fill("testcase"));
    // the rule text with its `<=` survives escaping, and the row is in the name
    expect(suite.children.map((c) => c.attrs.name)).toEqual([
      "missRatio +0% [eviction=lru capacity=1%]",
      "missRatio +0% [eviction=lru capacity=10%]",
      "missRatio +0% [eviction=sieve capacity=1%]",
      "missRatio +0% [eviction=sieve capacity=10%]",
      "eviction=lru missRatio <= 0.5 [eviction=lru capacity=1%]",
      "eviction=lru missRatio <= 0.5 [eviction=lru capacity=10%]",
    ]);
    const failed = suite.children.filter((c) => c.children.length > 0);
    expect(failed.map((c) => c.attrs.name)).toEqual([
      "missRatio +0% [eviction=sieve capacity=1%]",
      "eviction=lru missRatio <= 0.5 [eviction=lru capacity=1%]",
    ]);
    for (const f of failed) {
      expect(f.children).toHaveLength(1);
      expect(f.children[0].name).toBe("failure");
      expect(f.children[0].attrs.message.length).toBeGreaterThan(10);
    }
    expect(failed[0].children[0].attrs.message).toBe("missRatio 0.56 is past the limit <= 0.55 (+0%)");
    expect(failed[0].children[0].text).toContain("baseline: 0.55");
  });

  it("escapes the five special characters and drops characters XML cannot hold", () => {
    expect(xmlEscape(`a<b>&"c'\u0001d\te`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;d\te");
    expect(parseXml(`<x a="${xmlEscape(`<&>"'`)}">${xmlEscape("1 < 2 & 3")}</x>`)).toMatchObject({
      attrs: { a: `<&>"'` },
      text: "1 < 2 & 3",
    });
  });

  it("the checker itself refuses malformed XML", () => {
    expect(() => parseXml("<a><b></a></b>")).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/);
    expect(() => parseXml("<a>1 & 2</a>")).toThrow(/bare '&'/);
    expect(() => parseXml("<a>")).toThrow(/never closed/);
    expect(() => parseXml("<a/><b/>")).toThrow(/after the root/);
    expect(() => parseXml("<a x=1/>")).toThrow(/not quoted/);
  });

  it("an all-pass gate has no failure elements", () => {
    const o = evaluate([parseRule("missRatio +0%")], side("current", standard()), side("baseline", standard()));
    const suite = parseXml(renderJunit(o, "t")).children[0];
    expect(suite.attrs.failures).toBe("0");
    expect(suite.children.every((c) => c.children.length === 0)).toBe(true);
  });
});

describe("Markdown summary", () => {
  it("a heading with the verdict, a table row per check, the failures listed", () => {
    const md = renderGateMarkdown(outcome());
    const lines = md.trimEnd().split("\n");
    expect(lines[0]).toBe("### cachelab gate: ❌ failed: 2 of 6 checks failed");
    expect(lines[2]).toBe("| result | rule | row | metric | value | baseline | delta | limit | test |");
    expect(lines.filter((l) => l.startsWith("| ✅ pass"))).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith("| ❌ **FAIL**"))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith("- **"))).toHaveLength(2);
    // every table line has the same number of unescaped cells
    const cells = (l: string) => l.replace(/\\\|/g, "").split("|").length;
    const table = lines.filter((l) => l.startsWith("|"));
    expect(new Set(table.map(cells)).size).toBe(1);
  });
});
