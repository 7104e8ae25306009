// The bytes of a trace file, plain or zstd-compressed, read synchronously into the caller's buffer.
// A file that starts with the zstd magic bytes (28 B5 2F FD), whatever its name, is decompressed on
// the fly with fzstd's streaming Decompress: compressed input is read in 256 KiB pieces and the
// decompressed blocks (at most 128 KiB each) are handed out as the reader asks, so memory stays
// bounded however large the trace is.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { Decompress } from "fzstd";
import { InputError } from "../../core/errors.js";

export const ZSTD_MAGIC = 0xfd2fb528; // 28 B5 2F FD, read as a little-endian uint32

const COMPRESSED_PIECE = 256 * 1024;

/**
 * The largest window a zstd frame may ask for, as zstd's own decoder limits it by default
 * (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27): a crafted header declaring ~2 GiB made the decoder allocate
 * it (3.8 GB, 80 s). Raised with the commands' --zstd-window-max flag (which sets ZSTD_WINDOW_ENV,
 * in bytes), as `zstd --long=31` would be.
 */
export const ZSTD_WINDOW_MAX = 128 << 20;
export const ZSTD_WINDOW_ENV = "CACHELAB_ZSTD_WINDOW_MAX";

function windowMax(): number {
  const v = Number(process.env[ZSTD_WINDOW_ENV]);
  return Number.isFinite(v) && v > 0 ? v : ZSTD_WINDOW_MAX;
}

/**
 * Walks the frame and block headers of a zstd stream as its pieces arrive (a few bytes per block,
 * not per byte), and refuses a frame whose window is above the limit before the decoder sees it.
 */
export class ZstdFrameCheck {
  private base = 0; // absolute offset of data[0]
  private next = 0; // absolute offset of the next header
  private inFrame = false;
  private checksum = false;
  private carry: Uint8Array = new Uint8Array(0);
  private off = false;

  constructor(
    private path: string,
    private max = windowMax(),
  ) {}

  check(piece: Uint8Array): void {
    if (this.off) return;
    let data = piece;
    if (this.carry.length > 0) {
      data = new Uint8Array(this.carry.length + piece.length);
      data.set(this.carry);
      data.set(piece, this.carry.length);
    }
    for (;;) {
      const rel = this.next - this.base;
      if (rel >= data.length) {
        this.base += data.length;
        this.carry = new Uint8Array(0);
        return;
      }
      const need = this.inFrame ? 3 : this.headerSize(data, rel);
      if (need < 0 || rel + need > data.length) {
        this.carry = data.slice(rel);
        this.base = this.next;
        return;
      }
      if (this.inFrame) {
        const b = data[rel] | (data[rel + 1] << 8) | (data[rel + 2] << 16);
        const type = (b >>> 1) & 3;
        this.next += 3 + (type === 1 ? 1 : b >>> 3);
        if (b & 1) {
          this.next += this.checksum ? 4 : 0;
          this.inFrame = false;
        }
        continue;
      }
      const magic = (data[rel] | (data[rel + 1] << 8) | (data[rel + 2] << 16) | (data[rel + 3] << 24)) >>> 0;
      if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
        const size = (data[rel + 4] | (data[rel + 5] << 8) | (data[rel + 6] << 16) | (data[rel + 7] << 24)) >>> 0;
        this.next += 8 + size;
        continue;
      }
      if (magic !== ZSTD_MAGIC) {
        this.off = true; // not a frame: the decoder reports it
        return;
      }
      const fhd = data[rel + 4];
      const single = (fhd >>> 5) & 1;
      const fcsSize = [single ? 1 : 0, 2, 4, 8][fhd >>> 6];
      const didSize = [0, 1, 2, 4][fhd & 3];
      let window: number;
      if (!single) {
        const wd = data[rel + 5];
        const log = 10 + (wd >>> 3);
        window = 2 ** log + (2 ** log / 8) * (wd & 7);
      } else {
        const at = rel + 5 + didSize;
        window = 0;
        for (let k = fcsSize - 1; k >= 0; k--) window = window * 256 + data[at + k];
        if (fcsSize === 2) window += 256;
      }
      if (window > this.max) {
        const mib = (x: number) => `${Math.round(x / 2 ** 20).toLocaleString("en-US")} MiB`;
        throw new InputError(
          `${this.path}: the zstd frame asks for a ${mib(window)} window, above the ${mib(this.max)} limit (zstd's own default; --zstd-window-max raises it)`,
        );
      }
      this.checksum = ((fhd >>> 2) & 1) === 1;
      this.next += need;
      this.inFrame = true;
    }
  }

  /** Size of the frame header at data[rel], or 8 for a skippable frame; -1 when not yet known. */
  private headerSize(data: Uint8Array, rel: number): number {
    if (data.length - rel < 5) return -1;
    const magic = (data[rel] | (data[rel + 1] << 8) | (data[rel + 2] << 16) | (data[rel + 3] << 24)) >>> 0;
    if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) return 8;
    if (magic !== ZSTD_MAGIC) return 4;
    const fhd = data[rel + 4];
    const single = (fhd >>> 5) & 1;
    return 5 + (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3] + [single ? 1 : 0, 2, 4, 8][fhd >>> 6];
  }
}

export interface ByteInput {
  /** Fills buf[off, off + len) and returns how many bytes it wrote: fewer than len only at the end. */
  read(buf: Uint8Array, off: number, len: number): number;
  /** Bytes in the file when it is plain; undefined when compressed (known only once read). */
  readonly size: number | undefined;
  readonly compressed: boolean;
  close(): void;
}

/** Whether the first bytes of a file are the zstd frame magic. */
export function isZstd(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd;
}

/**
 * Opens a trace file for reading; compressed files are recognised by their magic bytes.
 * `piece`: how much compressed input to read at a time (tests make it small).
 */
export function openInput(path: string, piece = COMPRESSED_PIECE): ByteInput {
  const fd = openSync(path, "r");
  try {
    const head = new Uint8Array(4);
    const n = readSync(fd, head, 0, 4, 0);
    if (isZstd(head.subarray(0, n))) return new ZstdInput(fd, path, piece);
    return new PlainInput(fd, fstatSync(fd).size);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

class PlainInput implements ByteInput {
  readonly compressed = false;
  constructor(
    private fd: number,
    readonly size: number,
  ) {}

  read(buf: Uint8Array, off: number, len: number): number {
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, buf, off + got, len - got, null);
      if (n === 0) break;
      got += n;
    }
    return got;
  }

  close(): void {
    closeSync(this.fd);
  }
}

class ZstdInput implements ByteInput {
  readonly compressed = true;
  readonly size = undefined;
  private blocks: Uint8Array[] = [];
  /** next block to hand out, and the offset in it */
  private at = 0;
  private offset = 0;
  private ended = false;
  private decoder: Decompress;
  private frames: ZstdFrameCheck;

  constructor(
    private fd: number,
    private path: string,
    private piece: number,
  ) {
    // fzstd hands each decompressed block over once, in a fresh array: keeping it is safe.
    this.decoder = new Decompress((data) => {
      if (data.length > 0) this.blocks.push(data);
    });
    this.frames = new ZstdFrameCheck(path);
  }

  read(buf: Uint8Array, off: number, len: number): number {
    let got = 0;
    while (got < len) {
      if (this.at === this.blocks.length) {
        if (this.ended) break;
        this.blocks.length = 0;
        this.at = 0;
        this.pump();
        continue;
      }
      const block = this.blocks[this.at];
      const take = Math.min(block.length - this.offset, len - got);
      buf.set(block.subarray(this.offset, this.offset + take), off + got);
      got += take;
      this.offset += take;
      if (this.offset === block.length) {
        this.at++;
        this.offset = 0;
      }
    }
    return got;
  }

  /** Reads one piece of compressed input and decompresses what it completes. */
  private pump(): void {
    // fzstd may keep a reference to an incomplete piece until the next push: never reuse it.
    const piece = new Uint8Array(this.piece);
    const n = readSync(this.fd, piece, 0, piece.length, null);
    if (n > 0) this.frames.check(piece.subarray(0, n));
    try {
      if (n === 0) {
        this.ended = true;
        this.decoder.push(new Uint8Array(0), true);
      } else {
        this.decoder.push(piece.subarray(0, n), false);
      }
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new InputError(`${this.path}: bad zstd data (${why})`);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
