// What happens the day SCHEMA_VERSION is bumped, rehearsed now by pretending this build is version 2:
// a result of the old version is refused with a line saying so, and one of the new version is read.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { parseResult } from "../../src/report/read.js";
import { realResults } from "./real-results.js";

vi.mock("../../src/sim/result.js", () => ({ SCHEMA_VERSION: 2 }));

let v1: Record<string, unknown>;
beforeAll(async () => {
  v1 = JSON.parse(readFileSync((await realResults())[0].file, "utf8"));
});

describe("after a schema version bump (this build pretends to read version 2)", () => {
  it("a result of the older version gets one line saying which versions are involved", () => {
    expect(() => parseResult(v1, "old.json")).toThrow(InputError);
    expect(() => parseResult(v1, "old.json")).toThrow(
      /^old\.json: schemaVersion: the result has schema version 1 \(written by cachelab [^)]+\); this cachelab \([^)]+\) reads schema version 2: re-run it with this cachelab, or read it with the version that wrote it$/,
    );
  });

  it("a result of the current version is read", () => {
    expect(parseResult({ ...v1, schemaVersion: 2 }, "new.json").schemaVersion).toBe(2);
  });
});
