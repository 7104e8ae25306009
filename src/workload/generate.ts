// Writes a synthetic workload as a trace file, so the exact same requests can be replayed by
// cachelab later or fed to another simulator (libCacheSim reads oracleGeneral). Generated ids are
// already dense, so they are written as they are (an identity mapping instead of an interner).
import { writeTraceYielding } from "./formats.js";
import type { SyntheticWorkload } from "./generators/schema.js";
import { synthetic } from "./generators/synthetic.js";
import { Interner } from "./interner.js";
import { traceSource } from "./source.js";
import type { WriteSummary } from "./writers/output.js";

/** Maps dense id d to original id d: what writers need for sources that never interned. */
class IdentityIds extends Interner {
  override originalLo(id: number): number {
    return id;
  }
  override originalHi(_id: number): number {
    return 0;
  }
  override originalString(_id: number): string | undefined {
    return undefined;
  }
}

export function generateTrace(w: SyntheticWorkload, seed: number, path: string, format: string): Promise<WriteSummary> {
  const gen = synthetic(w, seed);
  const ids = new IdentityIds(16);
  const source = traceSource(
    { path, format: "synthetic", interner: ids, hasTime: true, firstSeenOrder: false },
    function* () {
      for (const b of gen) {
        ids.size = Math.max(ids.size, gen.objects);
        yield b;
      }
    },
  );
  return writeTraceYielding(source, path, format);
}
