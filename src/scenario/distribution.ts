// Latency distributions: the short strings a scenario writes for each hop of a request (the
// `cluster.latency` section, src/scenario/latency.ts), parsed into a Distribution (all values in
// microseconds), and the closed-form quantile function the simulator's sampler tabulates
// (src/sim/cluster/latency.ts). No zod here: the simulator's worker threads import this file, and
// loading zod costs each of them ~60 ms of start-up.
//
// The forms (units ns | us | µs | ms | s; a bare duration such as `0.3ms` is a constant):
//   constant D                      always D
//   uniform A..B                    uniform on [A, B]
//   normal mean=M sd=S              normal, truncated at 0 (re-normalised, not clipped)
//   lognormal pX=A pY=B             lognormal through two percentiles (p50, p99, p999 = 99.9 %, …):
//                                   mu = ln A − z_X·sigma, sigma = (ln B − ln A)/(z_Y − z_X)
//   exponential mean=M              exponential with mean M
//   pareto min=A alpha=K [max=B]    Pareto (type I) with scale A and shape K, truncated at B if given
//   empirical p0=A p50=B … p100=C   piecewise-linear inverse CDF through the given percentiles
// Every form must stay below one hour even at its far tail (the quantile at 1 − 2^-32, the deepest
// the sampler draws): an unbounded Pareto with a small alpha is refused with a hint to give `max=`.
//
// Defaults (LATENCY_DEFAULTS) each name their source below and in docs/latency.md. The normal
// quantile is Acklam's rational approximation (P. J. Acklam, "An algorithm for computing the inverse
// normal cumulative distribution function", 2003; relative error < 1.15e-9) and the normal CDF uses
// the erfc Chebyshev fit of Numerical Recipes (Press et al., 2nd ed., §6.2, "erfcc"; fractional
// error < 1.2e-7), both written from the published formulas.

/** A parsed latency distribution; every value in microseconds. `text` is what the scenario wrote. */
export type Distribution = { text: string } & (
  | { kind: "constant"; value: number }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "lognormal"; mu: number; sigma: number }
  | { kind: "exponential"; mean: number }
  | { kind: "pareto"; min: number; alpha: number; max: number | null }
  | { kind: "empirical"; p: number[]; value: number[] }
);

/** The hops of a request a scenario can time. */
export const LATENCY_HOPS = ["l1Hit", "network", "service", "backend", "failoverTimeout"] as const;
export type LatencyHop = (typeof LATENCY_HOPS)[number];

/**
 * The defaults, one per hop, as a scenario would write them. Sources (docs/latency.md has the links):
 */
export const LATENCY_DEFAULTS: Readonly<Record<LatencyHop, string>> = {
  // ASSUMPTION, anchored on measurements: an in-process cache read is tens of nanoseconds (Caffeine's
  // bounded cache serves ~182 M reads/s on 8 threads, ~44 ns per read per thread: ben-manes/caffeine
  // wiki, Benchmarks); a client's near cache adds an expiry check and a copy or decode of the value,
  // so we assume ~1 µs typical with a 5 µs tail.
  l1Hit: "lognormal p50=1us p99=5us",
  // "The typical latency of a 1 GBits/s network is about 200 us" (redis.io, Diagnosing latency
  // issues); same-zone round trips between EC2 instances: 0.26 ms average, 0.20–0.35 ms range
  // (orensol.com, "Network Latency Inside And Across Amazon EC2 Availability Zones", 2009). The 1 ms
  // p99 is an assumption (queueing and retransmits; single pings above 1 ms are routine).
  network: "lognormal p50=0.25ms p99=1ms",
  // Redis's own processing of a simple command is "in the sub microsecond range" (redis.io, Diagnosing
  // latency issues); with its read/write system calls a non-pipelined request costs the server ~10 µs:
  // one Redis process served "about 110000 SETs per second, about 81000 GETs per second" to 50 clients
  // (Redis documentation, Benchmarks, redis 2.2). The 50 µs p99 is an assumption.
  service: "lognormal p50=10us p99=50us",
  // ASSUMPTION anchored on a published figure: a primary-key read from the database behind the cache
  // takes about a millisecond ("single-digit millisecond performance at any scale", Amazon DynamoDB
  // Developer Guide); the 10 ms p99 covers buffer-pool misses and lock waits.
  backend: "lognormal p50=1ms p99=10ms",
  // Jedis's default connect and socket timeout, Protocol.DEFAULT_TIMEOUT = 2000 ms (redis/jedis): a
  // read to a dead primary whose host does not answer waits this long before trying the next replica.
  // (ioredis waits connectTimeout = 10000 ms; Redis Cluster itself marks a node failed only after
  // cluster-node-timeout = 15000 ms.)
  failoverTimeout: "constant 2s",
};

/** The longest latency a distribution may reach at its far tail: one hour, in µs. */
export const MAX_LATENCY_US = 3_600_000_000;
/** The deepest quantile the sampler draws (its uniform draws are 32-bit). */
export const TAIL_P = 1 - 2 ** -32;

const UNIT_US: Record<string, number> = { ns: 0.001, us: 1, µs: 1, μs: 1, ms: 1000, s: 1_000_000 };
const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
// µ is the micro sign (U+00B5), μ the Greek letter (U+03BC): both are typed for "micro"
const DURATION = new RegExp(`^(${NUMBER})\\s*(ns|us|µs|μs|ms|s)$`, "i");
const EXAMPLES = {
  constant: "constant 0.05ms",
  uniform: "uniform 0.1ms..0.3ms",
  normal: "normal mean=1ms sd=0.1ms",
  lognormal: "lognormal p50=0.25ms p99=1ms",
  exponential: "exponential mean=5ms",
  pareto: "pareto min=0.1ms alpha=2 max=1s",
  empirical: "empirical p0=0.1ms p50=0.2ms p99=1ms p100=5ms",
} as const;
type Kind = keyof typeof EXAMPLES;

/** A parse failure: the message says what was expected, with an example. */
export class DistributionError extends Error {}

function fail(message: string): never {
  throw new DistributionError(message);
}

/** `0.25ms` → 250 (µs). */
function duration(text: string, what: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) {
    if (new RegExp(`^${NUMBER}$`).test(text.trim()))
      fail(`${what}: "${text}" needs a unit (us, ms or s), e.g. "${text}ms"`);
    fail(`${what}: expected a duration such as 0.25ms, 50us or 2s, got "${text}"`);
  }
  const v = Number(m[1]) * UNIT_US[m[2].toLowerCase()];
  if (!Number.isFinite(v)) fail(`${what}: "${text}" is not a finite duration`);
  return v;
}

/** `p50` → 0.5, `p999` → 0.999, `p0` → 0, `p100` → 1: the digits are a percentage with its point after two digits. */
function percentile(key: string): number | null {
  const m = /^p(\d+)$/i.exec(key);
  if (!m) return null;
  const d = m[1];
  if (d === "100") return 1;
  const pct = d.length <= 2 ? Number(d) : Number(`${d.slice(0, 2)}.${d.slice(2)}`);
  return pct / 100;
}

/** `key=value` pairs after the kind, each key once, only the keys allowed. */
function pairs(kind: Kind, words: string[], allowed: (key: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of words) {
    const eq = w.indexOf("=");
    if (eq <= 0) fail(`${kind}: expected key=value, got "${w}" (e.g. "${EXAMPLES[kind]}")`);
    const key = w.slice(0, eq);
    if (!allowed(key)) fail(`${kind}: unknown parameter "${key}" (e.g. "${EXAMPLES[kind]}")`);
    if (out.has(key)) fail(`${kind}: "${key}" given twice`);
    out.set(key, w.slice(eq + 1));
  }
  return out;
}

function need(kind: Kind, m: Map<string, string>, key: string): string {
  const v = m.get(key);
  if (v === undefined) fail(`${kind} needs ${key}= (e.g. "${EXAMPLES[kind]}")`);
  return v;
}

function positiveNumber(text: string, what: string): number {
  const v = Number(text);
  if (!new RegExp(`^${NUMBER}$`).test(text) || !(v > 0) || !Number.isFinite(v))
    fail(`${what}: expected a positive number, got "${text}"`);
  return v;
}

/** Parses one distribution string; throws DistributionError saying what was expected. */
export function parseDistribution(input: string): Distribution {
  const text = input.trim().replace(/\s+/g, " ");
  if (text === "") fail(`expected a distribution such as "${EXAMPLES.lognormal}" or "${EXAMPLES.constant}"`);
  const [head, ...rest] = text.split(" ");
  const kind = head.toLowerCase();
  if (rest.length === 0 && (DURATION.test(head) || new RegExp(`^${NUMBER}$`).test(head)))
    return finish({ text, kind: "constant", value: duration(head, "constant") });
  if (!(kind in EXAMPLES))
    fail(
      `unknown distribution "${head}": expected one of ${Object.keys(EXAMPLES).join(", ")} (e.g. "${EXAMPLES.lognormal}")`,
    );
  const k = kind as Kind;
  switch (k) {
    case "constant": {
      if (rest.length !== 1) fail(`constant takes one duration (e.g. "${EXAMPLES.constant}")`);
      return finish({ text, kind: k, value: duration(rest[0], "constant") });
    }
    case "uniform": {
      const m = rest.length === 1 ? /^(.+?)\.\.(.+)$/.exec(rest[0]) : null;
      if (!m) fail(`uniform takes a range A..B (e.g. "${EXAMPLES.uniform}")`);
      const min = duration(m[1], "uniform");
      const max = duration(m[2], "uniform");
      if (max < min) fail(`uniform: the range ${m[1]}..${m[2]} ends before it starts`);
      return finish({ text, kind: k, min, max });
    }
    case "normal": {
      const m = pairs(k, rest, (key) => key === "mean" || key === "sd");
      const mean = duration(need(k, m, "mean"), "normal mean");
      const sd = duration(need(k, m, "sd"), "normal sd");
      if (!(mean > 0)) fail(`normal: mean must be above 0`);
      return finish({ text, kind: k, mean, sd });
    }
    case "lognormal": {
      const m = pairs(k, rest, (key) => {
        const p = percentile(key);
        return p !== null && p > 0 && p < 1;
      });
      if (m.size !== 2) fail(`lognormal needs exactly two percentiles (e.g. "${EXAMPLES.lognormal}")`);
      const [[ka, ta], [kb, tb]] = [...m.entries()].sort((x, y) => percentile(x[0])! - percentile(y[0])!);
      const [pa, pb] = [percentile(ka)!, percentile(kb)!];
      if (pa === pb) fail(`lognormal: ${ka} and ${kb} are the same percentile`);
      const a = duration(ta, `lognormal ${ka}`);
      const b = duration(tb, `lognormal ${kb}`);
      if (!(a > 0)) fail(`lognormal: ${ka} must be above 0`);
      if (!(b > a)) fail(`lognormal: ${kb} (${tb}) must be larger than ${ka} (${ta})`);
      const sigma = (Math.log(b) - Math.log(a)) / (normalQuantile(pb) - normalQuantile(pa));
      const mu = Math.log(a) - normalQuantile(pa) * sigma;
      return finish({ text, kind: k, mu, sigma });
    }
    case "exponential": {
      const m = pairs(k, rest, (key) => key === "mean");
      const mean = duration(need(k, m, "mean"), "exponential mean");
      if (!(mean > 0)) fail(`exponential: mean must be above 0`);
      return finish({ text, kind: k, mean });
    }
    case "pareto": {
      const m = pairs(k, rest, (key) => key === "min" || key === "alpha" || key === "max");
      const min = duration(need(k, m, "min"), "pareto min");
      const alpha = positiveNumber(need(k, m, "alpha"), "pareto alpha");
      const maxText = m.get("max");
      const max = maxText === undefined ? null : duration(maxText, "pareto max");
      if (!(min > 0)) fail(`pareto: min must be above 0`);
      if (max !== null && !(max > min)) fail(`pareto: max (${maxText}) must be larger than min`);
      return finish({ text, kind: k, min, alpha, max });
    }
    case "empirical": {
      const m = pairs(k, rest, (key) => percentile(key) !== null);
      const points = [...m.entries()]
        .map(([key, v]) => ({ key, p: percentile(key)!, value: duration(v, `empirical ${key}`) }))
        .sort((x, y) => x.p - y.p);
      if (points.length < 2 || points[0].p !== 0 || points[points.length - 1].p !== 1)
        fail(`empirical needs p0= and p100= and any percentiles between (e.g. "${EXAMPLES.empirical}")`);
      for (let i = 1; i < points.length; i++) {
        if (points[i].p === points[i - 1].p)
          fail(`empirical: ${points[i - 1].key} and ${points[i].key} are the same percentile`);
        if (points[i].value < points[i - 1].value)
          fail(`empirical: ${points[i].key} must not be below ${points[i - 1].key} (the values must not decrease)`);
      }
      return finish({ text, kind: k, p: points.map((x) => x.p), value: points.map((x) => x.value) });
    }
  }
}

/** Checks what every form shares: a finite tail within MAX_LATENCY_US. */
function finish(d: Distribution): Distribution {
  const tail = quantile(d, TAIL_P);
  if (!(tail <= MAX_LATENCY_US)) {
    const hint = d.kind === "pareto" && d.max === null ? "; give it a bound with max=" : "";
    fail(
      `"${d.text}" reaches ${Number.isFinite(tail) ? `${(tail / 1e6).toPrecision(3)} s` : "infinity"} at its tail (p 1−2^-32); latencies above 1 hour are not modelled${hint}`,
    );
  }
  return d;
}

// Acklam's coefficients for the inverse normal CDF.
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** The standard normal quantile Φ⁻¹(p) (Acklam 2003); ±Infinity at 0 and 1. */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < P_LOW ? p : 1 - p));
    const x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    return p < P_LOW ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

// Numerical Recipes' erfc fit: erfc(z) ≈ t·exp(−z² + Σ ERFC[k]·t^k), t = 1/(1 + z/2).
const ERFC = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223,
  0.17087277,
];

/** The standard normal CDF Φ(x), from the Numerical Recipes erfc fit (fractional error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  let poly = 0;
  for (let k = ERFC.length - 1; k >= 0; k--) poly = poly * t + ERFC[k];
  const erfc = t * Math.exp(-z * z + poly);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The value (µs) below which a share p of the distribution lies, p in [0, 1]. */
export function quantile(d: Distribution, p: number): number {
  switch (d.kind) {
    case "constant":
      return d.value;
    case "uniform":
      return d.min + p * (d.max - d.min);
    case "normal": {
      if (d.sd === 0) return d.mean;
      // truncated at 0: map p into the part of the untruncated normal above 0
      const below = normalCdf(-d.mean / d.sd);
      const x = d.mean + d.sd * normalQuantile(below + p * (1 - below));
      return Math.max(x, 0);
    }
    case "lognormal":
      return p <= 0 ? 0 : Math.exp(d.mu + d.sigma * normalQuantile(p));
    case "exponential":
      return -d.mean * Math.log1p(-p);
    case "pareto": {
      if (d.max === null) return d.min * (1 - p) ** (-1 / d.alpha);
      const keep = 1 - (d.min / d.max) ** d.alpha;
      return Math.min(d.max, d.min * (1 - p * keep) ** (-1 / d.alpha));
    }
    case "empirical": {
      const { p: ps, value: vs } = d;
      let i = 1;
      while (i < ps.length - 1 && ps[i] < p) i++;
      const f = (p - ps[i - 1]) / (ps[i] - ps[i - 1]);
      return vs[i - 1] + Math.min(1, Math.max(0, f)) * (vs[i] - vs[i - 1]);
    }
  }
}
