/**
 * Worker thread: feeds each file it is sent to the readers and answers how it ended.
 * Only an InputError naming that very file counts as a proper refusal.
 */
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { InputError } from '../../src/errors.js';
import type { SeedKind } from './seeds.js';
import { feed } from './targets.js';

export interface CaseRequest { file: string; kind: SeedKind }
export interface CaseReply { outcome: 'data' | 'input-error' | 'crash'; message: string }

// HDF5 prints its error stack to fd 2 for every corrupt file (pages of it here; the outcome says it).
// The write must report full length, or emscripten retries it forever.
const writeSync = fs.writeSync as (fd: number, data: ArrayBufferView | string, ...rest: unknown[]) => number;
fs.writeSync = ((fd: number, data: ArrayBufferView | string, ...rest: unknown[]) =>
  fd !== 2 ? writeSync(fd, data, ...rest) : typeof rest[1] === 'number' ? rest[1] : typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength) as typeof fs.writeSync;

parentPort!.on('message', async ({ file, kind }: CaseRequest) => {
  let reply: CaseReply;
  try {
    await feed(file, kind);
    reply = { outcome: 'data', message: '' };
  } catch (err) {
    if (err instanceof InputError && err.file === file && err.message.length > file.length + 2) {
      reply = { outcome: 'input-error', message: err.message };
    } else {
      reply = { outcome: 'crash', message: err instanceof Error ? err.stack ?? err.message : String(err) };
    }
  }
  parentPort!.postMessage(reply);
});
