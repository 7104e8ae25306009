// The trace formats cachelab writes: name → writer spec. A writer's name is the name of the reader
// that reads its files back (a test round-trips every one). Adding one is a writer file and a line.
import type { FormatName } from "../readers/registry.js";
import { csvWriter } from "./csv.js";
import { oracleGeneralWriter } from "./oracle-general.js";
import type { WriterSpec } from "./output.js";
import { txtWriter } from "./txt.js";

export const WRITERS = {
  oracleGeneral: oracleGeneralWriter,
  csv: csvWriter,
  txt: txtWriter,
} satisfies Partial<Record<FormatName, WriterSpec>>;
