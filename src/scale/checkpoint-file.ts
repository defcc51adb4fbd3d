/**
 * One checkpoint file: named typed arrays plus JSON, tagged with the hash of the run's
 * settings and inputs and with its part (tile) number, and sealed with a SHA-256 of its
 * bytes. Written under a temporary name and renamed, so a killed run leaves either the
 * whole file or none.
 *
 * Layout: "SMFCKPT\0", u32 version, u32 header length, the header (UTF-8 JSON: key, part,
 * meta, and each array's name, type and length), then each array's bytes (little-endian,
 * each starting at a multiple of 8), then the SHA-256 of everything before it.
 */
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../io/atomic-file.js';

const MAGIC = Buffer.from('SMFCKPT\0', 'latin1');
const VERSION = 1;
const DIGEST_BYTES = 32;

const TYPES = { float32: Float32Array, float64: Float64Array, uint8: Uint8Array, int32: Int32Array } as const;
type TypeName = keyof typeof TYPES;
export type CheckpointArray = Float32Array | Float64Array | Uint8Array | Int32Array;

export interface Checkpoint {
  /** Hash of everything that determines the contents (settings, inputs, backend). */
  readonly key: string;
  readonly part: number;
  readonly meta: unknown;
  readonly arrays: Readonly<Record<string, CheckpointArray>>;
}

/** A checkpoint that cannot be used: why, for the message that says it is recomputed or refused. */
export class CheckpointError extends Error {}

if (endianness() !== 'LE') throw new Error('checkpoint files are little-endian; this machine is not');

function typeName(a: CheckpointArray): TypeName {
  for (const [name, type] of Object.entries(TYPES)) if (a instanceof type) return name as TypeName;
  throw new TypeError('unsupported checkpoint array type');
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

export async function writeCheckpoint(path: string, cp: Checkpoint): Promise<void> {
  const names = Object.keys(cp.arrays);
  const header = Buffer.from(
    JSON.stringify({
      key: cp.key,
      part: cp.part,
      meta: cp.meta,
      arrays: names.map((n) => ({ name: n, type: typeName(cp.arrays[n]), length: cp.arrays[n].length })),
    }),
    'utf8',
  );
  const fixed = Buffer.alloc(8);
  fixed.writeUInt32LE(VERSION, 0);
  fixed.writeUInt32LE(header.length, 4);
  const chunks: Buffer[] = [MAGIC, fixed, header, Buffer.alloc(pad8(MAGIC.length + 8 + header.length))];
  for (const n of names) {
    const a = cp.arrays[n];
    chunks.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.alloc(pad8(a.byteLength)));
  }
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  chunks.push(hash.digest());
  await writeFileAtomically(path, (file) => file.writeFile(Buffer.concat(chunks)));
}

/** Reads and verifies a checkpoint; a damaged or foreign file is a CheckpointError saying why. */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  const bytes = await readFile(path);
  if (bytes.length < MAGIC.length + 8 + DIGEST_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC))
    throw new CheckpointError('not a checkpoint file');
  const body = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  if (!createHash('sha256').update(body).digest().equals(bytes.subarray(body.length)))
    throw new CheckpointError('checksum mismatch (damaged)');
  const version = bytes.readUInt32LE(MAGIC.length);
  if (version !== VERSION) throw new CheckpointError(`format version ${version}, expected ${VERSION}`);
  const headerEnd = MAGIC.length + 8 + bytes.readUInt32LE(MAGIC.length + 4);
  const header = JSON.parse(body.subarray(MAGIC.length + 8, headerEnd).toString('utf8')) as {
    key: string;
    part: number;
    meta: unknown;
    arrays: { name: string; type: TypeName; length: number }[];
  };
  let at = headerEnd + pad8(headerEnd);
  const arrays: Record<string, CheckpointArray> = {};
  for (const { name, type, length } of header.arrays) {
    const Type = TYPES[type];
    if (!Type) throw new CheckpointError(`array ${name} has unknown type ${type}`);
    const byteLength = length * Type.BYTES_PER_ELEMENT;
    if (at + byteLength > body.length) throw new CheckpointError(`array ${name} runs past the end`);
    // A copy: aligned for the typed array, and independent of the file's buffer.
    arrays[name] = new Type(body.buffer.slice(body.byteOffset + at, body.byteOffset + at + byteLength));
    at += byteLength + pad8(byteLength);
  }
  return { key: header.key, part: header.part, meta: header.meta, arrays };
}
