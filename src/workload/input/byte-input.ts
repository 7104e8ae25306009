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

  constructor(
    private fd: number,
    private path: string,
    private piece: number,
  ) {
    // fzstd hands each decompressed block over once, in a fresh array: keeping it is safe.
    this.decoder = new Decompress((data) => {
      if (data.length > 0) this.blocks.push(data);
    });
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
