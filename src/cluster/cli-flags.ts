// The flag every `cachelab cluster …` command (and `cachelab proxy`) shares: where the state file is.
import { resolve } from "node:path";
import { Flags } from "@oclif/core";
import { statePath } from "./state.js";

export const stateFlags = {
  state: Flags.string({
    description: "cluster state file (default: $CACHELAB_STATE, else .cachelab/cluster.json in this directory)",
  }),
};

/** The state file a command acts on. */
export function stateFile(flags: { state?: string }): string {
  return flags.state ? resolve(flags.state) : statePath();
}
