// name → Spec for every built-in eviction policy. Adding a policy: one file, one line here.
import { lru } from "./lru.js";
import type { EvictionSpec } from "./types.js";

export const evictionPolicies = {
  lru,
} satisfies Record<string, EvictionSpec>;
