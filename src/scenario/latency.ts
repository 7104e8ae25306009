// The `cluster.latency` section of a scenario: one latency distribution per hop of a request, each
// written as a short string, parsed here into a Distribution (all values in microseconds), with the
// closed-form quantile function the simulator's sampler tabulates (src/sim/cluster/latency.ts).
//
//   cluster:
//     latency:                                  # (these are the defaults)
//       l1Hit: lognormal p50=1us p99=5us        # a hit in the client's own near cache (L1)
//       network: lognormal p50=0.25ms p99=1ms   # round trip client ↔ cache node
//       service: lognormal p50=10us p99=50us    # the node's time to serve one command
//       backend: lognormal p50=1ms p99=10ms     # the fetch a miss costs (database, service)
//       failoverTimeout: constant 2s            # a read to a down primary waits this, then tries a replica
//
// The forms, their parsing and their quantiles live in ./distribution.ts (zod-free, for the workers).
import { z } from "zod";
import {
  type Distribution,
  DistributionError,
  LATENCY_DEFAULTS,
  type LatencyHop,
  parseDistribution,
} from "./distribution.js";

export * from "./distribution.js";

/**
 * One hop's distribution in a scenario: a string, parsed; a failure names the field (zod path) and
 * what was expected. A bare YAML number has no unit: it is refused with the fix.
 */
export const distributionSchema = z.union([z.string(), z.number()]).transform((s, ctx): Distribution => {
  try {
    if (typeof s === "number") throw new DistributionError(`${s} needs a unit (us, ms or s), e.g. "${s}ms"`);
    return parseDistribution(s);
  } catch (e) {
    if (!(e instanceof DistributionError)) throw e;
    ctx.addIssue({ code: "custom", message: e.message, input: s });
    return z.NEVER;
  }
});

const hop = (name: LatencyHop) => distributionSchema.prefault(LATENCY_DEFAULTS[name]);

/** The `cluster.latency` section; every hop optional (LATENCY_DEFAULTS), the section too. */
export const latencySchema = z
  .strictObject({
    l1Hit: hop("l1Hit"),
    network: hop("network"),
    service: hop("service"),
    backend: hop("backend"),
    failoverTimeout: hop("failoverTimeout"),
  })
  .prefault({});

/** The parsed section: one Distribution per hop. */
export type LatencyConfig = z.output<typeof latencySchema>;
/** What a scenario may write. */
export type LatencyInput = z.input<typeof latencySchema>;

/** The defaults, parsed. */
export function defaultLatency(): LatencyConfig {
  return latencySchema.parse(undefined);
}
