// The trace formats cachelab reads: name → reader spec (file name endings, content sniffing, record
// size where fixed, open). Adding a format is one reader file and one line here; detection, the
// `trace` commands' help and openTrace (../formats.ts) pick it up. The order is the order users see.
import { csvReader } from "./csv.js";
import { oracleGeneralReader } from "./oracle-general.js";
import type { ReaderSpec } from "./spec.js";
import { twitterReader } from "./twitter.js";
import { txtReader } from "./txt.js";
import { vscsiReader } from "./vscsi.js";

export const READERS = {
  oracleGeneral: oracleGeneralReader,
  vscsi: vscsiReader,
  csv: csvReader,
  txt: txtReader,
  twitter: twitterReader,
} satisfies Record<string, ReaderSpec>;

export type FormatName = keyof typeof READERS;
