/**
 * Bounds-checked positional reads of a file, big-endian as HDF4 stores its headers. Every
 * offset and length comes from the file itself, so each read is checked against the file
 * size first: a corrupt file gives an InputError, never a crash or a huge allocation.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../../../core/errors.js';

export class FileSource {
  readonly size: number;
  private fd: number | null;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(path, code === 'ENOENT' ? 'file not found' : `cannot open (${code ?? String(err)})`);
    }
    this.size = fstatSync(this.fd).size;
  }

  /** `length` bytes at `offset`, or an InputError saying what was being read. */
  read(offset: number, length: number, what: string): Buffer {
    if (this.fd === null) throw new InputError(this.path, 'file already closed');
    if (!(Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0 && offset + length <= this.size)) {
      throw new InputError(
        this.path,
        `${what}: bytes ${offset}…${offset + length} are outside the file (${this.size} bytes); truncated or corrupt HDF4 file`,
      );
    }
    const buf = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, offset + done);
      if (n === 0) throw new InputError(this.path, `${what}: file ended early`);
      done += n;
    }
    return buf;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Sequential big-endian reads inside one buffer, failing with an InputError past its end. */
export class Cursor {
  pos = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly path: string,
    private readonly what: string,
  ) {}

  private need(n: number): number {
    if (this.pos + n > this.buf.length)
      throw new InputError(this.path, `${this.what}: record ends early (needs ${this.pos + n} bytes, has ${this.buf.length})`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  u8(): number {
    return this.buf.readUInt8(this.need(1));
  }
  u16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  i16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  u32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }
  i32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  bytes(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }
  skip(n: number): void {
    this.need(n);
  }
  /** A string of `n` bytes, cut at the first NUL. */
  text(n: number): string {
    return cString(this.bytes(n));
  }
}

export function cString(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.subarray(0, nul < 0 ? b.length : nul).toString('latin1');
}
