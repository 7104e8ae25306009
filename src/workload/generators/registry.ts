// The key distributions of synthetic workloads: name → spec (its `keys:` schema and how to build its
// key process). Adding one is a file (see uniform.ts for the smallest) and one line here; the
// scenario schema's `keys` field is the union of these schemas. The first one is the default.
import { z } from "zod";
import { hotspotDist } from "./hotspot.js";
import type { KeyContext, KeyDistSpec, KeyProcess } from "./keys.js";
import { shiftingHotspotDist } from "./shifting-hotspot.js";
import { uniformDist } from "./uniform.js";
import { zipfDist } from "./zipf.js";

export const KEY_DISTS = {
  zipf: zipfDist,
  uniform: uniformDist,
  hotspot: hotspotDist,
  "shifting-hotspot": shiftingHotspotDist,
} satisfies Record<string, KeyDistSpec<any>>;

type Schema = (typeof KEY_DISTS)[keyof typeof KEY_DISTS]["schema"];

/** The `keys:` section: one of the registered distributions, told apart by `dist`. */
export const keysSchema = z.discriminatedUnion(
  "dist",
  Object.values(KEY_DISTS).map((d) => d.schema) as [Schema, ...Schema[]],
);

export type KeysSpec = z.output<typeof keysSchema>;

/** The key process a parsed `keys:` section describes. */
export function keyDistribution(keys: KeysSpec, ctx: KeyContext): KeyProcess {
  return (KEY_DISTS[keys.dist] as KeyDistSpec<z.ZodType<KeysSpec>>).create(keys, ctx);
}
