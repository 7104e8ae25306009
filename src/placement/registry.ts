// name → Spec for every built-in placement scheme. Adding a scheme: one file, one line here.
import { bounded } from "./schemes/bounded.js";
import { jump } from "./schemes/jump.js";
import { maglev } from "./schemes/maglev.js";
import { modulo } from "./schemes/modulo.js";
import { multiprobe } from "./schemes/multiprobe.js";
import { rendezvous } from "./schemes/rendezvous.js";
import { ring } from "./schemes/ring.js";
import { slots } from "./schemes/slots.js";
import type { PlacementSpec } from "./types.js";

export const placementSchemes = {
  modulo,
  ring,
  jump,
  rendezvous,
  maglev,
  bounded,
  multiprobe,
  slots,
} satisfies Record<string, PlacementSpec<any>>;
