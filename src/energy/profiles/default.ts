// The default energy profile: every coefficient the energy model uses, each with its unit and the
// source it comes from. Figures published by Cloud Carbon Footprint (CCF) are quoted as CCF states
// them in its methodology (https://www.cloudcarbonfootprint.org/docs/methodology/, "Appendix I:
// Energy Coefficients" and "Power Usage Effectiveness"); figures that are cachelab's own
// assumptions say so (`assumption: true`). A profile file given with --energy-profile has the same
// shape (JSON or YAML) and replaces any of these; docs/energy.md explains each one.
import type { EnergyProfile } from "../profile.js";

const CCF = "Cloud Carbon Footprint methodology, https://www.cloudcarbonfootprint.org/docs/methodology/";
const CCF_COEF = `${CCF} (Appendix I: Energy Coefficients)`;
const CCF_GRID = `${CCF} (Appendix V: Grid emissions factors)`;
const EPA = `${CCF_GRID}, from US EPA eGRID2020 (NERC region)`;
const CCF_CPU =
  "Cloud Carbon Footprint coefficients per micro-architecture (SPECpower-derived), https://github.com/cloud-carbon-footprint/cloud-carbon-coefficients,";
const CFP = `${CCF_GRID}, from carbonfootprint.com 2021 country electricity factors`;

export const defaultProfile: EnergyProfile = {
  name: "ccf-aws",
  description:
    "Cloud Carbon Footprint's AWS averages, world-average grid, backend classes from FAWN-KV and labelled assumptions",
  cloud: "aws",
  clouds: {
    aws: {
      minWattsPerVcpu: { value: 0.74, unit: "W", source: `${CCF_COEF}: AWS average minimum watts (0 % CPU)` },
      maxWattsPerVcpu: { value: 3.5, unit: "W", source: `${CCF_COEF}: AWS average maximum watts (100 % CPU)` },
      pue: { value: 1.135, unit: "ratio", source: `${CCF} (Power Usage Effectiveness): AWS` },
    },
    gcp: {
      minWattsPerVcpu: { value: 0.71, unit: "W", source: `${CCF_COEF}: GCP median minimum watts (0 % CPU)` },
      maxWattsPerVcpu: { value: 4.26, unit: "W", source: `${CCF_COEF}: GCP median maximum watts (100 % CPU)` },
      pue: { value: 1.1, unit: "ratio", source: `${CCF} (Power Usage Effectiveness): GCP` },
    },
    azure: {
      minWattsPerVcpu: { value: 0.78, unit: "W", source: `${CCF_COEF}: Azure average minimum watts (0 % CPU)` },
      maxWattsPerVcpu: { value: 3.76, unit: "W", source: `${CCF_COEF}: Azure average maximum watts (100 % CPU)` },
      pue: {
        value: 1.185,
        unit: "ratio",
        source: `${CCF} (Power Usage Effectiveness): Azure fleet-wide trailing 12-month PUE as Microsoft stated it to CCF (CCF's Appendix I lists 1.125, the PUE of Azure's latest designs)`,
      },
    },
  },
  processors: {
    aws: {
      graviton: {
        minWattsPerVcpu: {
          value: 0.401562,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Graviton`,
        },
        maxWattsPerVcpu: {
          value: 1.671875,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Graviton`,
        },
      },
      graviton2: {
        minWattsPerVcpu: {
          value: 0.401562,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Graviton2`,
        },
        maxWattsPerVcpu: {
          value: 1.671875,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Graviton2`,
        },
      },
      "sky-lake": {
        minWattsPerVcpu: {
          value: 0.430357,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Sky Lake`,
        },
        maxWattsPerVcpu: {
          value: 3.4375,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Sky Lake`,
        },
      },
      "cascade-lake": {
        minWattsPerVcpu: {
          value: 0.557143,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Cascade Lake`,
        },
        maxWattsPerVcpu: {
          value: 3.678571,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Cascade Lake`,
        },
      },
      "epyc-1st-gen": {
        minWattsPerVcpu: {
          value: 0.663281,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS EPYC 1st Gen`,
        },
        maxWattsPerVcpu: {
          value: 2.242188,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS EPYC 1st Gen`,
        },
      },
      "epyc-2nd-gen": {
        minWattsPerVcpu: {
          value: 0.401562,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS EPYC 2nd Gen`,
        },
        maxWattsPerVcpu: {
          value: 1.671875,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS EPYC 2nd Gen`,
        },
      },
      broadwell: {
        minWattsPerVcpu: {
          value: 0.510227,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Broadwell`,
        },
        maxWattsPerVcpu: {
          value: 3.056818,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Broadwell`,
        },
      },
      "coffee-lake": {
        minWattsPerVcpu: {
          value: 1.666667,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Coffee Lake`,
        },
        maxWattsPerVcpu: {
          value: 7.758333,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Coffee Lake`,
        },
      },
      haswell: {
        minWattsPerVcpu: {
          value: 20.8,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Haswell (as published; far above the other micro-architectures)`,
        },
        maxWattsPerVcpu: {
          value: 32.75,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Haswell (as published; far above the other micro-architectures)`,
        },
      },
      "ivy-bridge": {
        minWattsPerVcpu: {
          value: 2.4275,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Ivy Bridge`,
        },
        maxWattsPerVcpu: {
          value: 5.8,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Ivy Bridge`,
        },
      },
      "sandy-bridge": {
        minWattsPerVcpu: {
          value: 2.16875,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Sandy Bridge`,
        },
        maxWattsPerVcpu: {
          value: 9.84375,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-aws-use.csv: AWS Sandy Bridge`,
        },
      },
    },
    gcp: {
      skylake: {
        minWattsPerVcpu: {
          value: 0.644604,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Skylake`,
        },
        maxWattsPerVcpu: {
          value: 3.898474,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Skylake`,
        },
      },
      broadwell: {
        minWattsPerVcpu: {
          value: 0.712834,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Broadwell`,
        },
        maxWattsPerVcpu: {
          value: 3.385747,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Broadwell`,
        },
      },
      haswell: {
        minWattsPerVcpu: {
          value: 1.900568,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Haswell`,
        },
        maxWattsPerVcpu: {
          value: 5.968898,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Haswell`,
        },
      },
      "epyc-2nd-gen": {
        minWattsPerVcpu: {
          value: 0.474262,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP EPYC 2nd Gen`,
        },
        maxWattsPerVcpu: {
          value: 1.575187,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP EPYC 2nd Gen`,
        },
      },
      "epyc-3rd-gen": {
        minWattsPerVcpu: {
          value: 0.44539,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP EPYC 3rd Gen`,
        },
        maxWattsPerVcpu: {
          value: 1.871936,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP EPYC 3rd Gen`,
        },
      },
      "cascade-lake": {
        minWattsPerVcpu: {
          value: 0.638949,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Cascade Lake`,
        },
        maxWattsPerVcpu: {
          value: 3.642452,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Cascade Lake`,
        },
      },
      "ivy-bridge": {
        minWattsPerVcpu: {
          value: 3.036927,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Ivy Bridge`,
        },
        maxWattsPerVcpu: {
          value: 8.19969,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Ivy Bridge`,
        },
      },
      "sandy-bridge": {
        minWattsPerVcpu: {
          value: 2.169441,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Sandy Bridge`,
        },
        maxWattsPerVcpu: {
          value: 8.550186,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-gcp-use.csv: GCP Sandy Bridge`,
        },
      },
    },
    azure: {
      "epyc-3rd-gen": {
        minWattsPerVcpu: {
          value: 0.44539,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure EPYC 3rd Gen`,
        },
        maxWattsPerVcpu: {
          value: 2.019328,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure EPYC 3rd Gen`,
        },
      },
      haswell: {
        minWattsPerVcpu: {
          value: 1.900568,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure Haswell`,
        },
        maxWattsPerVcpu: {
          value: 6.01291,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure Haswell`,
        },
      },
      "cascade-lake": {
        minWattsPerVcpu: {
          value: 0.638949,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure Cascade Lake`,
        },
        maxWattsPerVcpu: {
          value: 3.967305,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure Cascade Lake`,
        },
      },
      skylake: {
        minWattsPerVcpu: {
          value: 0.644604,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure Skylake`,
        },
        maxWattsPerVcpu: {
          value: 4.193436,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure Skylake`,
        },
      },
      broadwell: {
        minWattsPerVcpu: {
          value: 0.712834,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure Broadwell`,
        },
        maxWattsPerVcpu: {
          value: 3.685328,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure Broadwell`,
        },
      },
      "epyc-2nd-gen": {
        minWattsPerVcpu: {
          value: 0.474262,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure EPYC 2nd Gen`,
        },
        maxWattsPerVcpu: {
          value: 1.692962,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure EPYC 2nd Gen`,
        },
      },
      "coffee-lake": {
        minWattsPerVcpu: {
          value: 1.138426,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure Coffee Lake`,
        },
        maxWattsPerVcpu: {
          value: 5.421759,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure Coffee Lake`,
        },
      },
      "epyc-1st-gen": {
        minWattsPerVcpu: {
          value: 0.822656,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure EPYC 1st Gen`,
        },
        maxWattsPerVcpu: {
          value: 2.553125,
          unit: "W",
          source: `${CCF_CPU} output/coefficients-azure-use.csv: Azure EPYC 1st Gen`,
        },
      },
    },
  },
  memoryKwhPerGbHour: { value: 0.000392, unit: "kWh/GB-h", source: `${CCF} (Memory: chosen coefficient)` },
  networkKwhPerGb: {
    value: 0.001,
    unit: "kWh/GB",
    source: `${CCF} (Networking: chosen coefficient, data exchanged between data centres; the smallest published figure)`,
  },
  grid: {
    default: "world",
    regions: {
      world: {
        value: 475,
        unit: "gCO2e/kWh",
        source:
          "IEA, Global Energy & CO2 Status Report 2019: world average carbon intensity of power generation in 2018, 475 gCO2/kWh",
      },
      "us-east-1": { value: 379.069, unit: "gCO2e/kWh", source: `${EPA}: SERC` },
      "us-east-2": { value: 410.608, unit: "gCO2e/kWh", source: `${EPA}: RFC` },
      "us-west-1": { value: 322.167, unit: "gCO2e/kWh", source: `${EPA}: WECC` },
      "us-west-2": { value: 322.167, unit: "gCO2e/kWh", source: `${EPA}: WECC` },
      "ap-south-1": { value: 708.2, unit: "gCO2e/kWh", source: `${CFP}: India` },
      "ap-northeast-1": { value: 465.8, unit: "gCO2e/kWh", source: `${CFP}: Japan` },
      "ap-southeast-1": { value: 408, unit: "gCO2e/kWh", source: `${CFP}: Singapore` },
      "ap-southeast-2": { value: 760, unit: "gCO2e/kWh", source: `${CFP}: Australia` },
      "ca-central-1": { value: 120, unit: "gCO2e/kWh", source: `${CFP}: Canada` },
      "af-south-1": { value: 900.6, unit: "gCO2e/kWh", source: `${CFP}: South Africa` },
    },
  },
  backend: {
    default: "kv",
    classes: {
      kv: {
        value: 1 / 350,
        unit: "J/miss",
        source:
          "FAWN-KV, Andersen et al., SOSP 2009: about 350 queries per joule for a key-value store node (1/350 J per lookup)",
      },
      sql: {
        value: 0.02,
        unit: "J/miss",
        assumption: true,
        source:
          "assumption: a SQL point query (indexed primary-key SELECT) keeps one ~20 W server core busy for ~1 ms (20 W × 1 ms = 0.02 J); no published per-query figure used",
      },
      heavy: {
        value: 1,
        unit: "J/miss",
        assumption: true,
        source:
          "assumption: a heavy service call (rendering, aggregation, fan-out) keeps a ~100 W server busy for ~10 ms (100 W × 10 ms = 1 J); no published figure used",
      },
    },
  },
  cpu: {
    secondsPerRequest: {
      value: 6.7e-6,
      unit: "CPU-s/request",
      source:
        "measured on this kind of machine (2 vCPU, shared): Redis 7.0 serves ~150 k requests/s per core at pipeline depth 1 (/work/shared/DESIGN.md reference figures), i.e. ~6.7 µs of CPU per request served over the network",
    },
    secondsPerMiss: {
      value: 1.8e-8,
      unit: "CPU-s/miss",
      source:
        "measured with bench/calibrate-energy.js on this kind of machine (AMD EPYC, 2 vCPU shared, Node 20, 2026-12-02): extra CPU time of a miss (eviction and insert) over a hit in cachelab's LRU engine, 18.5 ns",
    },
  },
  node: {
    vcpus: {
      value: 2,
      unit: "vCPU",
      assumption: true,
      source:
        "assumption: a cache node holds 2 vCPUs (the smallest memory-optimised cloud instances); override per plan",
    },
  },
};
