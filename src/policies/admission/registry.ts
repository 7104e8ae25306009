// name → Spec for every built-in admission filter. Adding one: one file, one line here.
import { probabilistic } from "./probabilistic.js";
import { size } from "./size.js";
import { tinylfu } from "./tinylfu.js";
import type { AdmissionSpec } from "./types.js";

export const admissionPolicies = {
  tinylfu,
  size,
  probabilistic,
} satisfies Record<string, AdmissionSpec>;
