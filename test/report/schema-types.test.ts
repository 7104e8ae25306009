// The type-level check in src/report/schema.ts (`SchemaAgreesWithEngine`) must bite: each
// `@ts-expect-error` below is a disagreement the check has to reject. If the check ever became
// vacuous (say, Same<> always true), the directive would be unused and `tsc` would fail here.
// `npx tsc -p tsconfig.test.json` type-checks this file; vitest runs the trivial runtime part.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type {
  Agree,
  Compare,
  jobResultSchema,
  Known,
  Same,
  SchemaAgreesWithEngine,
  SimulateResult,
} from "../../src/report/schema.js";
import type { JobResult } from "../../src/sim/job.js";
import type { RunResult, SourceInfo } from "../../src/sim/result.js";

type Row = z.output<typeof jobResultSchema>;

// The real check compiles.
type _Real = SchemaAgreesWithEngine;

// A required field the engine writes but the schema lacks.
// @ts-expect-error
type _EngineExtraRequired = Agree<Compare<SimulateResult, RunResult & { extra: number }>>;
// An optional field the engine writes but the schema lacks.
// @ts-expect-error
type _EngineExtraOptional = Agree<Compare<SimulateResult, RunResult & { extra?: string }>>;
// An optional field the schema has but the engine dropped.
// @ts-expect-error
type _SchemaExtraOptional = Agree<Compare<SimulateResult["source"], Omit<SourceInfo, "notes">>>;
// A field retyped on one side.
// @ts-expect-error
type _Retyped = Agree<Compare<Row, Omit<JobResult, "hits"> & { hits: string }>>;
// A required field made optional on one side.
// @ts-expect-error
type _NowOptional = Agree<Compare<Row, Omit<JobResult, "admission"> & { admission?: string | null }>>;
// A nested field added on one side (under run).
// @ts-expect-error
type _Nested = Agree<Compare<SimulateResult, Omit<RunResult, "run"> & { run: RunResult["run"] & { gpu: string } }>>;
// A narrower type on one side (a literal where the other has number).
// @ts-expect-error
type _Narrower = Agree<Compare<SimulateResult, Omit<RunResult, "schemaVersion"> & { schemaVersion: 1 }>>;
// Inside an array (results[]): a row field added.
// @ts-expect-error
type _InArray = Agree<Compare<SimulateResult, Omit<RunResult, "results"> & { results: (JobResult & { x: number })[] }>>;

describe("schema ↔ engine types", () => {
  it("is checked by tsc (see the @ts-expect-error lines in this file)", () => {
    const ok: Same<Known<Row>, Known<JobResult>> = true;
    expect(ok).toBe(true);
  });
});
