/** What a file is, from its first bytes (never its extension; but an SRTM .hgt has no magic bytes: its name and size tell it). */
import { type FileHandle, open } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import { looksLikeSrtm } from './products/srtm.js';

export type FileFormat = 'netcdf-classic' | 'hdf5' | 'hdf4' | 'geotiff' | 'srtm' | 'text';

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
/** HDF5 allows a user block before the superblock: it then starts at 512, 1024, 2048, … */
const HDF5_OFFSETS = [0, 512, 1024, 2048, 4096];
/** HDF4 (and HDF4-EOS: MODIS) files start with 0e 03 13 01. */
const HDF4_SIGNATURE = Buffer.from([0x0e, 0x03, 0x13, 0x01]);
const HEAD_BYTES = 4096 + 8;

export async function sniffFormat(path: string): Promise<FileFormat> {
  const head = await readHead(path);
  if (head.length === 0) throw new InputError(path, 'empty file');
  const ascii = head.subarray(0, 4).toString('latin1');
  if (ascii === 'CDF\x01' || ascii === 'CDF\x02' || ascii === 'CDF\x05') return 'netcdf-classic';
  if (['II*\0', 'MM\0*', 'II+\0', 'MM\0+'].includes(ascii)) return 'geotiff';
  if (HDF5_OFFSETS.some((o) => head.subarray(o, o + 8).equals(HDF5_SIGNATURE))) return 'hdf5';
  if (head.subarray(0, 4).equals(HDF4_SIGNATURE)) return 'hdf4';
  if (await looksLikeSrtm(path, head)) return 'srtm';
  if (ascii === 'PK\x03\x04')
    throw new InputError(path, 'a zip archive: smfuse reads zipped SRTM tiles (N28E086.hgt.zip) only; unzip it first');
  if (looksLikeText(head)) return 'text';
  throw new InputError(path, 'unknown format (not NetCDF, HDF5, HDF4, GeoTIFF or text)');
}

async function readHead(path: string): Promise<Buffer> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(path, code === 'ENOENT' ? 'file not found' : `cannot open (${code ?? String(err)})`);
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } catch (err) {
    throw new InputError(path, `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  } finally {
    await file.close();
  }
}

/** No NUL and few control bytes: CSV, ISMN .stm, JSON. */
function looksLikeText(head: Buffer): boolean {
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control <= head.length / 100;
}
