// CSV traces with a column mapping: which columns hold the time (seconds), the object id, the size
// (bytes), the op and the TTL (seconds), each given by header name or 1-based number, or "none".
//
// - Header: `yes`, `no` or `auto` (the default): auto takes the first line as a header when one of
//   its fields is a known column name (below) or a name the user mapped, or when a time/size/ttl
//   column mapped by number holds a word there and a number on the next line.
// - Without flags, a header naming `time`/`timestamp`, `key`/`id`/`obj_id`/`lbn`, `size`, `op` and
//   `ttl` is understood. A header-less file needs --id-col unless it has a single column.
// - Ids: a decimal number up to 2^64 - 1 is that 64-bit id (so the same object as in a binary trace);
//   anything else is a string key (see Interner). Quoted fields ("a,b", "say ""hi""") are understood
//   within one line.
// - Ops (case-insensitive): get/read/r/0 → GET; set/write/w/put/1 → SET; delete/del/2 → DELETE; the
//   memcached verbs of twitter.ts too. A mapped op column with any other value is an error naming
//   the line. A column found by its header name only is looked at first: when the first 1 MiB holds
//   values outside that vocabulary (CloudPhysics' csv has SCSI opcodes such as 2a and 28 under `op`),
//   it is ignored and every request is a GET (as libCacheSim reads that trace), with a note.
// - Missing columns: no size → 1 byte per request; no op → GET; no TTL → none; no time → the
//   request's index (virtual time, see TraceSource.hasTime).
// - Context (optional): a `region` and/or `device` column (--region-col, --device-col, or a header
//   named region / device / device_type) gives every request a context, an index into the
//   source's context table (one entry per distinct region × device, in first-seen order, at most
//   65,536); prefetchers read it (docs/prefetch.md). A CSV has no time zones: every region's UTC
//   offset is 0. Without such a column no context column is allocated.
// - Blank lines are skipped; \r\n line ends are fine; the last line may lack its newline.
// Lines are scanned as bytes in ~1 MiB chunks and numbers parsed from the bytes: no string per field.
import { InputError } from "../../core/errors.js";
import { openInput } from "../input/byte-input.js";
import { opTable, packWord, parseNumber, parseUint, shown } from "../input/fields.js";
import { type LineChunk, lineBatches, lineChunks } from "../input/lines.js";
import { Interner } from "../interner.js";
import { type TraceSource, traceSource } from "../source.js";
import { DELETE, GET, newBatch, type Op, type RequestBatch, type RequestContext, SET } from "../types.js";
import type { ReaderSpec } from "./spec.js";
import { TWITTER_OPS } from "./twitter.js";

export const csvReader: ReaderSpec = {
  summary: "CSV with a column mapping (time, id, size, op, ttl by header name or number)",
  extensions: [".csv"],
  sniff: (head) => (head.text && head.firstLine.includes(",") ? 2 : 0),
  open: (path, options, interner) => readCsv(path, options.csv, interner),
};

/** What a CSV op column may say (case-insensitive): the generic words plus the memcached verbs. */
export const CSV_OPS: Record<string, Op> = {
  get: GET,
  read: GET,
  r: GET,
  "0": GET,
  set: SET,
  write: SET,
  w: SET,
  put: SET,
  "1": SET,
  delete: DELETE,
  del: DELETE,
  "2": DELETE,
  ...TWITTER_OPS,
};

export interface CsvOptions {
  /** Header name or 1-based column number; "none" for no such column. */
  timeCol?: string | number;
  idCol?: string | number;
  sizeCol?: string | number;
  opCol?: string | number;
  ttlCol?: string | number;
  /** Context columns (a region name, a device type), read as text. */
  regionCol?: string | number;
  deviceCol?: string | number;
  header?: "yes" | "no" | "auto";
  /** One character; "tab" or "\t" for a tab. Default ",". */
  delimiter?: string;
}

type Role = "time" | "id" | "size" | "op" | "ttl" | "region" | "device";
const ROLES: readonly Role[] = ["time", "id", "size", "op", "ttl", "region", "device"];

/** Header names understood without flags, per role, in order of preference (case-insensitive). */
export const CSV_HEADER_NAMES: Record<Role, readonly string[]> = {
  time: ["time", "timestamp", "ts", "clock_time", "time_s"],
  id: ["key", "id", "obj_id", "object_id", "lbn", "object", "obj"],
  size: ["size", "obj_size", "object_size", "bytes", "size_bytes"],
  op: ["op", "operation"],
  ttl: ["ttl", "ttl_s"],
  region: ["region"],
  device: ["device", "device_type"],
};
const KNOWN = new Set(Object.values(CSV_HEADER_NAMES).flat());
const FLAG: Record<Role, string> = {
  time: "--time-col",
  id: "--id-col",
  size: "--size-col",
  op: "--op-col",
  ttl: "--ttl-col",
  region: "--region-col",
  device: "--device-col",
};

/** How a file's columns map to request fields: 0-based columns, -1 = none. */
export interface CsvLayout {
  header: boolean;
  /** header names, or empty */
  columns: string[];
  time: number;
  id: number;
  size: number;
  op: number;
  ttl: number;
  region: number;
  device: number;
  /** ignore the op column (auto-detected, holds other values) */
  ignoreOp: boolean;
  delimiter: number;
  notes: string[];
}

const QUOTE = 34;
const NL = 10;
const CR = 13;
const OPS = opTable(CSV_OPS);
const OP_WORDS = "get/set/delete, read/write, r/w, put, del, 0/1/2 or a memcached verb";

export function delimiterByte(delimiter: string | undefined): number {
  if (delimiter === undefined) return 44;
  const d = delimiter === "tab" || delimiter === "\\t" ? "\t" : delimiter;
  if (d.length !== 1 || d.charCodeAt(0) > 127 || d === '"' || d === "\n" || d === "\r") {
    throw new InputError(`delimiter must be one ASCII character other than a quote or line break, not '${delimiter}'`);
  }
  return d.charCodeAt(0);
}

/**
 * Splits one line, buf[start, end) without its line break, at delim into fields, up to maxField + 1
 * of them, and returns how many it found (-1: an unterminated quote). Field f is buf[fs[f], fe[f]):
 * unquoted fields without the spaces around them, quoted ones without their quotes; esc[f] = 1 when
 * a quoted field holds doubled quotes ("") to undo.
 */
export function splitFields(
  buf: Buffer,
  start: number,
  end: number,
  delim: number,
  fs: Int32Array,
  fe: Int32Array,
  esc: Uint8Array,
  maxField: number,
): number {
  let f = 0;
  let i = start;
  for (;;) {
    while (i < end && (buf[i] === 32 || buf[i] === 9) && buf[i] !== delim) i++;
    if (i < end && buf[i] === QUOTE) {
      let j = i + 1;
      let escaped = 0;
      for (;;) {
        if (j >= end) return -1;
        if (buf[j] === QUOTE) {
          if (j + 1 < end && buf[j + 1] === QUOTE) {
            escaped = 1;
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      fs[f] = i + 1;
      fe[f] = j;
      esc[f] = escaped;
      i = j + 1;
      while (i < end && buf[i] !== delim) i++;
    } else {
      let j = i;
      while (j < end && buf[j] !== delim) j++;
      let k = j;
      while (k > i && (buf[k - 1] === 32 || buf[k - 1] === 9) && buf[k - 1] !== delim) k--;
      fs[f] = i;
      fe[f] = k;
      esc[f] = 0;
      i = j;
    }
    f++;
    if (i >= end || f > maxField) return f;
    i++; // past the delimiter
  }
}

/** A line's fields as strings (quotes removed), for header and layout decisions. */
function lineFields(line: string, delim: string): string[] {
  const buf = Buffer.from(line, "latin1");
  const fs = new Int32Array(buf.length + 1);
  const fe = new Int32Array(buf.length + 1);
  const esc = new Uint8Array(buf.length + 1);
  const n = splitFields(buf, 0, buf.length, delim.charCodeAt(0), fs, fe, esc, buf.length);
  const out: string[] = [];
  for (let f = 0; f < n; f++) out.push(buf.toString("latin1", fs[f], fe[f]).replaceAll('""', '"'));
  return out;
}

function column(
  role: Role,
  spec: string | number | undefined,
  header: boolean,
  columns: string[],
  fields: number,
  path: string,
): number | undefined {
  if (spec === undefined || spec === "") return undefined;
  const s = String(spec).trim();
  if (s.toLowerCase() === "none") {
    if (role === "id") throw new InputError(`${FLAG.id} cannot be 'none': every request needs an object id`);
    return -1;
  }
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n < 1) throw new InputError(`${FLAG[role]} ${s}: columns are numbered from 1`);
    if (n > fields) throw new InputError(`${FLAG[role]} ${s}: ${path} has ${fields} column${fields === 1 ? "" : "s"}`);
    return n - 1;
  }
  if (!header) {
    throw new InputError(
      `${FLAG[role]} '${s}' names a column, but ${path} has no header: give a 1-based column number (or --header yes)`,
    );
  }
  const at = columns.findIndex((c) => c.toLowerCase() === s.toLowerCase());
  if (at < 0) throw new InputError(`${FLAG[role]} '${s}': no such column in ${path} (columns: ${columns.join(", ")})`);
  return at;
}

/** Decides header and column mapping from the first chunk of the file. */
export function csvLayout(path: string, head: Buffer, headEnd: number, options: CsvOptions): CsvLayout {
  const delimiter = delimiterByte(options.delimiter);
  const delim = String.fromCharCode(delimiter);
  // the first two non-blank lines
  const lines: string[] = [];
  let pos = 0;
  while (pos < headEnd && lines.length < 2) {
    let nl = head.indexOf(NL, pos);
    if (nl < 0 || nl > headEnd) nl = headEnd;
    const line = head.toString("latin1", pos, nl).replace(/\r$/, "");
    pos = nl + 1;
    if (line.trim() !== "") lines.push(line);
  }
  const fields = lineFields(lines[0] ?? "", delim);
  const second = lines.length > 1 ? lineFields(lines[1], delim) : undefined;
  const lower = fields.map((f) => f.toLowerCase());
  const named = ROLES.map((r) => options[`${r}Col`])
    .filter((s) => s !== undefined && !/^\d+$/.test(String(s).trim()) && String(s).trim().toLowerCase() !== "none")
    .map((s) => String(s).trim().toLowerCase());
  // numeric columns mapped by number whose first-line value is not a number but whose second is
  const isNumber = (v: string | undefined) => v !== undefined && v.trim() !== "" && Number.isFinite(Number(v));
  const wordsOverNumbers = (["time", "size", "ttl"] as const).some((r) => {
    const spec = String(options[`${r}Col`] ?? "").trim();
    if (!/^\d+$/.test(spec)) return false;
    const i = Number(spec) - 1;
    return !isNumber(fields[i]) && isNumber(second?.[i]);
  });
  const mode = options.header ?? "auto";
  const header =
    mode === "yes" || (mode === "auto" && (wordsOverNumbers || lower.some((f) => KNOWN.has(f) || named.includes(f))));
  const columns = header ? fields : [];
  const layout: CsvLayout = {
    header,
    columns,
    time: -1,
    id: -1,
    size: -1,
    op: -1,
    ttl: -1,
    region: -1,
    device: -1,
    ignoreOp: false,
    delimiter,
    notes: [],
  };
  for (const role of ROLES) {
    const given = column(role, options[`${role}Col`], header, columns, fields.length, path);
    if (given !== undefined) {
      layout[role] = given;
    } else if (header) {
      layout[role] = CSV_HEADER_NAMES[role].map((n) => lower.indexOf(n)).find((i) => i >= 0) ?? -1;
    }
  }
  if (layout.id < 0) {
    if (fields.length === 1) layout.id = 0;
    else {
      const cols = header ? ` (columns: ${columns.join(", ")})` : "";
      throw new InputError(
        `cannot tell which column of ${path} holds the object id${cols}: pass ${FLAG.id} (a header name or a 1-based number)`,
      );
    }
  }
  if (layout.op >= 0 && options.opCol === undefined) {
    const odd = firstOddOp(head, headEnd, layout);
    if (odd !== undefined) {
      layout.ignoreOp = true;
      layout.notes.push(
        `${path}: column '${columns[layout.op]}' holds values other than get/set/delete (e.g. '${odd}'), so it is ` +
          `ignored and every request is a GET; pass ${FLAG.op} ${columns[layout.op]} to read it as ops, or ${FLAG.op} none`,
      );
    }
  }
  return layout;
}

/** The first op value outside the vocabulary among the data lines of the first chunk, if any. */
function firstOddOp(head: Buffer, headEnd: number, layout: CsvLayout): string | undefined {
  const fs = new Int32Array(layout.op + 2);
  const fe = new Int32Array(layout.op + 2);
  const esc = new Uint8Array(layout.op + 2);
  let pos = 0;
  let skipHeader = layout.header;
  while (pos < headEnd) {
    let nl = head.indexOf(NL, pos);
    if (nl < 0 || nl > headEnd) nl = headEnd;
    let e = nl;
    if (e > pos && head[e - 1] === CR) e--;
    const start = pos;
    pos = nl + 1;
    if (e === start) continue;
    if (skipHeader) {
      skipHeader = false;
      continue;
    }
    const n = splitFields(head, start, e, layout.delimiter, fs, fe, esc, layout.op);
    if (n <= layout.op) continue;
    const a = fs[layout.op];
    const b = fe[layout.op];
    if (OPS.get(packWord(head, a, b)) === undefined) return shown(head, a, b);
  }
  return undefined;
}

/** Reads the first chunk of a file (for layout and format decisions). */
export function readHead(path: string): { buf: Buffer; end: number } {
  const input = openInput(path);
  try {
    const first = lineChunks(input, path).next();
    if (first.done) return { buf: Buffer.alloc(0), end: 0 };
    const chunk: LineChunk = first.value;
    return { buf: Buffer.from(chunk.buf.subarray(0, chunk.end)), end: chunk.end };
  } finally {
    input.close();
  }
}

export function readCsv(path: string, options: CsvOptions = {}, interner = new Interner()): TraceSource {
  const head = readHead(path);
  const layout = csvLayout(path, head.buf, head.end, options);
  const hasTime = layout.time >= 0;
  // the context table fills as the file is read (the same array on every iteration)
  const contexts: RequestContext[] | undefined = layout.region >= 0 || layout.device >= 0 ? [] : undefined;
  return traceSource({ path, format: "csv", interner, hasTime, notes: layout.notes, contexts }, () =>
    csvBatches(path, layout, interner, options.header === undefined || options.header === "auto", contexts),
  );
}

/** Maps a request's region and device text to its context index, adding table entries as they appear. */
class ContextColumns {
  private readonly packed = new Map<number, number>();
  private readonly named = new Map<string, number>();

  constructor(readonly table: RequestContext[]) {}

  index(buf: Buffer, ra: number, rb: number, da: number, db: number): number {
    // short ASCII values (most region and device names) need no string
    const r = ra < 0 ? 0 : packWord(buf, ra, rb);
    const d = da < 0 ? 0 : packWord(buf, da, db);
    if (r >= 0 && d >= 0 && r < 2 ** 26 && d < 2 ** 26) {
      const k = r * 2 ** 26 + d;
      const hit = this.packed.get(k);
      if (hit !== undefined) return hit;
      const i = this.add(buf, ra, rb, da, db);
      this.packed.set(k, i);
      return i;
    }
    return this.add(buf, ra, rb, da, db);
  }

  private add(buf: Buffer, ra: number, rb: number, da: number, db: number): number {
    const region = ra < 0 ? "" : buf.toString("latin1", ra, rb);
    const device = da < 0 ? "" : buf.toString("latin1", da, db);
    const name = `${region}\u0000${device}`;
    const known = this.named.get(name);
    if (known !== undefined) return known;
    if (this.table.length === 65536) throw new InputError("more than 65,536 distinct region × device contexts");
    this.table.push({ region, device, utcOffsetHours: 0 });
    this.named.set(name, this.table.length - 1);
    return this.table.length - 1;
  }
}

function* csvBatches(
  path: string,
  layout: CsvLayout,
  interner: Interner,
  autoHeader: boolean,
  contexts?: RequestContext[],
): Generator<RequestBatch> {
  const { delimiter, time: tCol, id: idCol, size: sCol, ttl: ttlCol, ignoreOp, region: rCol, device: dCol } = layout;
  const opCol = ignoreOp ? -1 : layout.op;
  const maxCol = Math.max(tCol, idCol, sCol, opCol, ttlCol, rCol, dCol);
  const fs = new Int32Array(maxCol + 2);
  const fe = new Int32Array(maxCol + 2);
  const esc = new Uint8Array(maxCol + 2);
  const batch = newBatch();
  batch.op.fill(GET);
  if (ttlCol >= 0) batch.ttl = new Uint32Array(batch.key.length);
  const cx = contexts ? new ContextColumns(contexts) : null;
  if (cx) batch.ctx = new Uint16Array(batch.key.length);
  const ctxCol = batch.ctx;
  const { time, key, size, op } = batch;
  const ttl = batch.ttl;
  let requests = 0;
  let line = 0;
  let headerPending = layout.header;
  let lastWord = -2;
  let lastOp: number = GET;

  const fail = (what: string): never => {
    const hint = line === 1 && autoHeader && !layout.header ? " (if line 1 is a header, pass --header yes)" : "";
    throw new InputError(`${path}:${line}: ${what}${hint}`);
  };

  yield* lineBatches(path, batch, (buf, start, e, n) => {
    line++;
    if (e > start && buf[e - 1] === CR) e--;
    if (e === start) return false;
    // a line of only spaces and tabs is blank, like an empty one (not an error, not the header)
    if (buf[start] === 32 || buf[start] === 9) {
      let k = start;
      while (k < e && (buf[k] === 32 || buf[k] === 9)) k++;
      if (k === e) return false;
    }
    if (headerPending) {
      headerPending = false;
      return false;
    }
    const got = splitFields(buf, start, e, delimiter, fs, fe, esc, maxCol);
    if (got < 0) fail("unterminated quote");
    if (got <= maxCol) fail(`${got} field${got === 1 ? "" : "s"}, but column ${maxCol + 1} is mapped`);

    let a = fs[idCol];
    let b = fe[idCol];
    if (a === b) fail("empty id");
    key[n] =
      esc[idCol] === 0
        ? interner.internBytes(buf, a, b)
        : interner.internString(buf.toString("latin1", a, b).replaceAll('""', '"'));
    if (sCol >= 0) {
      a = fs[sCol];
      b = fe[sCol];
      let v = parseUint(buf, a, b);
      if (!(v <= 0xffffffff)) {
        const x = parseNumber(buf, a, b);
        if (Number.isInteger(x) && x >= 0) v = x;
        if (!(v <= 0xffffffff)) {
          fail(
            Number.isNaN(x)
              ? `size '${shown(buf, a, b)}' is not a number`
              : `size ${shown(buf, a, b)} is not a whole number of bytes from 0 to 4294967295`,
          );
        }
      }
      size[n] = v;
    } else {
      size[n] = 1;
    }
    if (tCol >= 0) {
      a = fs[tCol];
      b = fe[tCol];
      const t = parseNumber(buf, a, b);
      if (Number.isNaN(t)) fail(`time '${shown(buf, a, b)}' is not a number`);
      time[n] = t;
    } else {
      time[n] = requests;
    }
    if (opCol >= 0) {
      a = fs[opCol];
      b = fe[opCol];
      const w = packWord(buf, a, b);
      if (w !== lastWord) {
        // ops come in runs: look the word up only when it changes
        const o = OPS.get(w);
        if (o === undefined) fail(`unknown op '${shown(buf, a, b)}' (expected ${OP_WORDS})`);
        lastWord = w;
        lastOp = o as number;
      }
      op[n] = lastOp;
    }
    if (ttl !== undefined) {
      a = fs[ttlCol];
      b = fe[ttlCol];
      const v = parseUint(buf, a, b);
      if (!(v <= 0xffffffff)) fail(`ttl '${shown(buf, a, b)}' is not a whole number of seconds`);
      ttl[n] = v;
    }
    if (cx !== null && ctxCol !== undefined) {
      ctxCol[n] = cx.index(
        buf,
        rCol < 0 ? -1 : fs[rCol],
        rCol < 0 ? -1 : fe[rCol],
        dCol < 0 ? -1 : fs[dCol],
        dCol < 0 ? -1 : fe[dCol],
      );
    }
    requests++;
    return true;
  });
}
