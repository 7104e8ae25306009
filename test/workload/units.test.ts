import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { parseBytes, parseDuration } from "../../src/workload/units.js";

describe("parseBytes", () => {
  it("reads plain numbers and decimal and binary units, case-insensitively", () => {
    const cases: [string | number, number][] = [
      [0, 0],
      [4096, 4096],
      ["512", 512],
      ["512B", 512],
      ["4KiB", 4096],
      ["4kib", 4096],
      ["4 KiB", 4096],
      ["64MiB", 64 * 2 ** 20],
      ["1.5GB", 1.5e9],
      ["1.5GiB", 1.5 * 2 ** 30],
      ["1.5KiB", 1536],
      ["2TB", 2e12],
      ["1PiB", 2 ** 50],
      ["0.3MB", 300_000],
      ["1e3", 1000],
      [".5KiB", 512],
      [" 10kb ", 10_000],
    ];
    for (const [input, bytes] of cases) expect(parseBytes(input), String(input)).toBe(bytes);
  });

  it("rejects bad sizes with a message naming the input", () => {
    const cases: [string | number, string][] = [
      ["abc", "expected a size such as 4096, 512B, 4KiB, 64MiB or 1.5GB, got 'abc'"],
      ["", "expected a size such as 4096, 512B, 4KiB, 64MiB or 1.5GB, got ''"],
      ["-1KiB", "expected a size such as 4096, 512B, 4KiB, 64MiB or 1.5GB, got '-1KiB'"],
      ["4 K iB", "expected a size such as 4096, 512B, 4KiB, 64MiB or 1.5GB, got '4 K iB'"],
      ["12XB", "unknown size unit 'XB' in '12XB'; use B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB or PiB"],
      ["4k", "unknown size unit 'k' in '4k'; use B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB or PiB"],
      ["1.5B", "size '1.5B' is not a whole number of bytes"],
      ["0.0005KB", "size '0.0005KB' is not a whole number of bytes"],
      ["1e20PiB", `size '1e20PiB' is too large (at most ${Number.MAX_SAFE_INTEGER} bytes)`],
      [-5, "size -5 is not a whole number of bytes ≥ 0"],
      [1.5, "size 1.5 is not a whole number of bytes ≥ 0"],
    ];
    for (const [input, message] of cases) {
      expect(() => parseBytes(input), String(input)).toThrow(new InputError(message));
      try {
        parseBytes(input);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as InputError).exitCode).toBe(2);
      }
    }
  });
});

describe("parseDuration", () => {
  it("reads seconds, with us/ms/s/m/h/d units", () => {
    const cases: [string | number, number][] = [
      [30, 30],
      [0.25, 0.25],
      ["300s", 300],
      ["5ms", 0.005],
      ["250us", 0.00025],
      ["2m", 120],
      ["1.5h", 5400],
      ["1d", 86400],
      ["45", 45],
      [" 10 s ", 10],
    ];
    for (const [input, seconds] of cases) expect(parseDuration(input), String(input)).toBeCloseTo(seconds, 12);
  });

  it("rejects bad durations with a message naming the input", () => {
    const cases: [string | number, string][] = [
      ["soon", "expected a duration such as 300s, 5ms, 2m or 1h, got 'soon'"],
      ["-5s", "expected a duration such as 300s, 5ms, 2m or 1h, got '-5s'"],
      ["5x", "unknown duration unit 'x' in '5x'; use us, ms, s, m, h or d"],
      ["2M", "unknown duration unit 'M' in '2M'; use us, ms, s, m, h or d"],
      ["3min", "unknown duration unit 'min' in '3min'; use us, ms, s, m, h or d"],
      [-1, "duration -1 is not a number of seconds ≥ 0"],
      [Number.POSITIVE_INFINITY, "duration Infinity is not a number of seconds ≥ 0"],
      ["1e400s", "duration '1e400s' is too large"],
    ];
    for (const [input, message] of cases)
      expect(() => parseDuration(input), String(input)).toThrow(new InputError(message));
  });
});
