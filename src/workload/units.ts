// Human-readable sizes and durations, as scenario files and flags write them.
//
// Sizes: a non-negative number of bytes with an optional unit. Decimal units (KB, MB, GB, TB, PB)
// are powers of 1000 and binary units (KiB, MiB, GiB, TiB, PiB) powers of 1024, as in IEC 80000-13;
// units are case-insensitive ("4kib" is 4096 bytes) and the result must be a whole number of bytes
// ("1.5KiB" is 1536, "1.5B" is an error). A plain number, or a numeric string without a unit, is bytes.
//
// Durations: a non-negative number with a unit among us, ms, s, m, h, d (case-sensitive, so "m" is
// minutes and "ms" milliseconds); the result is in seconds and may be fractional. A plain number is
// seconds.
//
// Both throw InputError with a message that names the offending text and says what was expected, so
// the scenario loader can put it after the field path and a command after the flag name.
import { InputError } from "../core/errors.js";

const BYTE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50,
};
const BYTE_UNIT_LIST = "B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB or PiB";

const SECOND_UNITS: Readonly<Record<string, number>> = {
  us: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};
const SECOND_UNIT_LIST = "us, ms, s, m, h or d";

const QUANTITY = /^\s*(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?\s*([A-Za-z]*)\s*$/;

/** Bytes in `input` ("4KiB", "64MiB", "1.5GB", "512", 4096). */
export function parseBytes(input: string | number): number {
  if (typeof input === "number") {
    if (!Number.isSafeInteger(input) || input < 0) {
      throw new InputError(`size ${input} is not a whole number of bytes ≥ 0`);
    }
    return input;
  }
  const m = QUANTITY.exec(input);
  if (m === null) {
    throw new InputError(`expected a size such as 4096, 512B, 4KiB, 64MiB or 1.5GB, got '${input}'`);
  }
  const unit = m[3];
  const factor = unit === "" ? 1 : BYTE_UNITS[unit.toLowerCase()];
  if (factor === undefined) {
    throw new InputError(`unknown size unit '${unit}' in '${input.trim()}'; use ${BYTE_UNIT_LIST}`);
  }
  const value = Number(m[1] + (m[2] !== undefined ? `e${m[2]}` : "")) * factor;
  const whole = Math.round(value);
  if (Math.abs(value - whole) > 1e-6 * Math.max(1, value)) {
    throw new InputError(`size '${input.trim()}' is not a whole number of bytes`);
  }
  if (!Number.isSafeInteger(whole)) {
    throw new InputError(`size '${input.trim()}' is too large (at most ${Number.MAX_SAFE_INTEGER} bytes)`);
  }
  return whole;
}

/** Seconds in `input` ("300s", "5ms", "2m", "1.5h", 30). */
export function parseDuration(input: string | number): number {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0) {
      throw new InputError(`duration ${input} is not a number of seconds ≥ 0`);
    }
    return input;
  }
  const m = QUANTITY.exec(input);
  if (m === null) {
    throw new InputError(`expected a duration such as 300s, 5ms, 2m or 1h, got '${input}'`);
  }
  const unit = m[3];
  const factor = unit === "" ? 1 : SECOND_UNITS[unit];
  if (factor === undefined) {
    throw new InputError(`unknown duration unit '${unit}' in '${input.trim()}'; use ${SECOND_UNIT_LIST}`);
  }
  const value = Number(m[1] + (m[2] !== undefined ? `e${m[2]}` : "")) * factor;
  if (!Number.isFinite(value)) {
    throw new InputError(`duration '${input.trim()}' is too large`);
  }
  return value;
}
