/** Corrupt HDF4 files: every one an InputError naming the file, never a crash or a hang. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.js';
import { openHdf4 } from '../../../src/io/hdf4/hdf4-file.js';
import { openProduct } from '../../../src/io/products/open-product.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'hdf4');
const TILE = join(FIXTURES, 'MOD11A1.A2021225.h25v05.061.2021226000000.hdf');
const dir = mkdtempSync(join(tmpdir(), 'smfuse-hdf4-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens and reads every dataset whole; returns the error (or null when it all read). */
function readAll(path: string): unknown {
  try {
    const h = openHdf4(path);
    try {
      for (const v of h.variables())
        h.readRaw(
          v.name,
          v.shape.map(() => 0),
          v.shape,
        );
    } finally {
      h.close();
    }
    return null;
  } catch (err) {
    return err;
  }
}

function write(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function expectInputError(err: unknown, path: string): void {
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).file).toBe(path);
}

/** Offsets of the DDs of the first DD block (after the 4-byte signature and 6-byte header). */
function descriptors(bytes: Buffer): { at: number; tag: number; offset: number; length: number }[] {
  const n = bytes.readUInt16BE(4);
  return Array.from({ length: n }, (_, i) => {
    const at = 10 + 12 * i;
    return { at, tag: bytes.readUInt16BE(at) & 0x3fff, offset: bytes.readUInt32BE(at + 4), length: bytes.readUInt32BE(at + 8) };
  });
}

describe('corrupt HDF4 files', () => {
  for (const fixture of ['types-chunked-deflate.hdf', 'types.hdf', 'MOD11A1.A2021225.h25v05.061.2021226000000.hdf']) {
    it(`${fixture} truncated anywhere: an InputError naming the file`, () => {
      const bytes = readFileSync(join(FIXTURES, fixture));
      // the last byte of the last element (files may end in a byte of padding)
      const end = Math.max(
        ...descriptors(bytes)
          .filter((d) => d.offset !== 0xffffffff)
          .map((d) => d.offset + d.length),
      );
      for (const keep of [0, 3, 4, 9, 100, 1000, Math.floor(bytes.length / 2), bytes.length - 700, end - 1]) {
        const path = write(`cut-${keep}-${fixture}`, bytes.subarray(0, keep));
        expectInputError(readAll(path), path);
      }
    });
  }

  it('a DD offset past the end of the file: an InputError saying the bytes are outside the file', () => {
    const bytes = Buffer.from(readFileSync(join(FIXTURES, 'types-chunked-deflate.hdf')));
    for (const dd of descriptors(bytes)
      .filter((d) => [702, 61, 40, 1962, 1965].includes(d.tag))
      .slice(0, 40)) {
      const bad = Buffer.from(bytes);
      bad.writeUInt32BE(bytes.length + 5, dd.at + 4);
      const path = write(`dd-${dd.at}.hdf`, bad);
      const err = readAll(path);
      expectInputError(err, path);
      expect((err as Error).message).toMatch(/outside the file|no element|ends early|missing|corrupt/);
    }
  });

  it('a DD block list that loops, a wrong signature and a bad deflate stream are refused', () => {
    const bytes = Buffer.from(readFileSync(join(FIXTURES, 'types-chunked-deflate.hdf')));
    const loop = Buffer.from(bytes);
    loop.writeUInt32BE(4, 6); // next DD block = the first one
    const loopPath = write('loop.hdf', loop);
    expect(() => openHdf4(loopPath)).toThrow(/DD block list loops/);

    const sig = Buffer.from(bytes);
    sig[0] = 0x0f;
    const sigPath = write('sig.hdf', sig);
    expect(() => openHdf4(sigPath)).toThrow(/not an HDF4 file/);

    const deflated = descriptors(bytes).find((d) => d.tag === 40)!;
    const garbled = Buffer.from(bytes);
    garbled.fill(0x55, deflated.offset, deflated.offset + deflated.length);
    const garbledPath = write('garbled.hdf', garbled);
    const err = readAll(garbledPath);
    expectInputError(err, garbledPath);
    expect((err as Error).message).toMatch(/DEFLATE data is corrupt/);
  });

  it('a MODIS granule whose StructMetadata names an unsupported projection is refused by the product reader', async () => {
    const bytes = readFileSync(TILE).toString('latin1').replace('Projection=GCTP_SNSOID', 'Projection=GCTP_LAMAZ ');
    const path = write('MOD11A1.A2021225.h25v05.061.2021226000000.hdf', Buffer.from(bytes, 'latin1'));
    await expect(openProduct(path, 'auto')).rejects.toThrow(/projection GCTP_LAMAZ is not supported/);
  });
});
