// Twitter's production cache traces (Yang, Yue, Rashmi: "A large scale analysis of hundreds of
// in-memory cache clusters at Twitter", OSDI 2020; github.com/twitter/cache-trace), CSV without a
// header, usually zstd-compressed:
//   timestamp (s), anonymized key, key size, value size, client id, operation, TTL (s)
// - size = key size + value size (bytes);
// - op: get/gets → GET; set/add/replace/cas/append/prepend → SET; delete → DELETE; incr/decr →
//   GET (they read the value in place; the cache sees an access, not a new value);
// - TTL → batch.ttl (0 = none; the traces give 0 for non-writes); the client id is not used.
// Keys are read as everything between the first comma and the fifth comma from the end, so a key
// holding commas still parses. Plain or zstd-compressed (detected by magic bytes).
import { InputError } from "../../core/errors.js";
import { opTable, packWord, parseNumber, parseUint, shown } from "../input/fields.js";
import { lineBatches } from "../input/lines.js";
import { Interner } from "../interner.js";
import { type TraceSource, traceSource } from "../source.js";
import { DELETE, GET, newBatch, type Op, type RequestBatch, SET } from "../types.js";
import type { ReaderSpec } from "./spec.js";

/** Memcached verbs as they appear in the Twitter traces. incr/decr read the value: GET. */
export const TWITTER_OPS: Record<string, Op> = {
  get: GET,
  gets: GET,
  incr: GET,
  decr: GET,
  set: SET,
  add: SET,
  replace: SET,
  cas: SET,
  append: SET,
  prepend: SET,
  delete: DELETE,
};

const OPS = opTable(TWITTER_OPS);
const COMMA = 44;

export const TWITTER_FIELDS = "timestamp,key,key size,value size,client id,operation,TTL";

export const twitterReader: ReaderSpec = {
  summary: "Twitter cache traces (OSDI'20): timestamp,key,key size,value size,client,op,TTL",
  extensions: [".twr", ".twitter"],
  // a CSV whose lines are Twitter records is a Twitter trace, even when named .csv
  refines: "csv",
  sniff: (head) => (head.text && looksLikeTwitter(head.firstLine) ? 3 : 0),
  open: (path, _options, interner) => readTwitter(path, interner),
};

/** Whether a line looks like a Twitter trace record (for format detection). */
export function looksLikeTwitter(line: string): boolean {
  const f = line.replace(/\r$/, "").split(",");
  if (f.length < 7) return false;
  const tail = f.slice(-5);
  const num = (s: string) => /^\d+$/.test(s.trim());
  return (
    /^\d+(\.\d+)?$/.test(f[0].trim()) &&
    num(tail[0]) &&
    num(tail[1]) &&
    num(tail[2]) &&
    tail[3].trim().toLowerCase() in TWITTER_OPS &&
    num(tail[4])
  );
}

export function readTwitter(path: string, interner = new Interner()): TraceSource {
  return traceSource({ path, format: "twitter", interner, hasTime: true }, function* (): Generator<RequestBatch> {
    const batch = newBatch();
    const ttl = new Uint32Array(batch.key.length);
    batch.ttl = ttl;
    const { time, key, size, op } = batch;
    const commas = new Int32Array(5);
    let line = 0;
    const fail = (what: string): never => {
      throw new InputError(`${path}:${line}: ${what}`);
    };
    yield* lineBatches(path, batch, (buf, s, e, n) => {
      line++;
      if (e > s && buf[e - 1] === 13) e--;
      if (e === s) return false;
      // the first comma ends the timestamp; the last five delimit the fields after the key
      let c1 = s;
      while (c1 < e && buf[c1] !== COMMA) c1++;
      let found = 0;
      for (let i = e - 1; i > c1 && found < 5; i--) if (buf[i] === COMMA) commas[4 - found++] = i;
      if (found < 5) fail(`expected 7 comma-separated fields (${TWITTER_FIELDS})`);
      const t = parseNumber(buf, s, c1);
      if (Number.isNaN(t)) fail(`timestamp '${shown(buf, s, c1)}' is not a number`);
      if (commas[0] === c1 + 1) fail("empty key");
      const ks = parseUint(buf, commas[0] + 1, commas[1]);
      if (Number.isNaN(ks)) fail(`key size '${shown(buf, commas[0] + 1, commas[1])}' is not a number`);
      const vs = parseUint(buf, commas[1] + 1, commas[2]);
      if (Number.isNaN(vs)) fail(`value size '${shown(buf, commas[1] + 1, commas[2])}' is not a number`);
      if (ks + vs > 0xffffffff) fail(`size ${ks + vs} is larger than 4294967295 bytes`);
      const o = OPS.get(packWord(buf, commas[3] + 1, commas[4]));
      if (o === undefined) fail(`unknown operation '${shown(buf, commas[3] + 1, commas[4])}'`);
      const ttlS = parseUint(buf, commas[4] + 1, e);
      if (!(ttlS <= 0xffffffff)) fail(`TTL '${shown(buf, commas[4] + 1, e)}' is not a whole number of seconds`);
      key[n] = interner.internBytes(buf, c1 + 1, commas[0]);
      time[n] = t;
      size[n] = ks + vs;
      op[n] = o ?? GET;
      ttl[n] = ttlS;
      return true;
    });
  });
}
