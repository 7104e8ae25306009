// Admission filters: consulted by the engine on a miss, before room is made. A filter may refuse
// to insert the candidate (TinyLFU compares the candidate's estimated frequency with the victim's).
import type { Spec } from "../spec.js";

export interface AdmissionPolicy {
  /**
   * Should `id` (of `size`) be inserted? `victim` is the policy's next victim when room must be made
   * and `usesVictim` is set, else -1. In bytes, only the first victim is shown (TinyLFU compares the
   * candidate with it, not with every object the insert would evict).
   */
  admit(id: number, size: number, victim: number): boolean;
  /** Whether `admit` looks at the victim (finding it can cost a scan, e.g. CLOCK's hand). */
  readonly usesVictim?: boolean;
  /** Called once for every request before the lookup (frequency sketches learn here). */
  record?(id: number): void;
}

export interface AdmissionCtx {
  capacity: number;
  ids: number;
  seed: number;
  /** Slot mode: the node's slot → key map (see EvictionCtx.keys). */
  keys?: { readonly keyOf: Uint32Array };
}

export type AdmissionSpec = Spec<AdmissionPolicy, any, AdmissionCtx>;
