/**
 * Worker thread: feeds each file it is sent to the readers and answers how it ended.
 * Only an InputError naming that very file counts as a proper refusal.
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../../core/errors.js';
import type { SeedKind } from './seeds.js';
import { feed } from './targets.js';

export interface CaseRequest {
  file: string;
  kind: SeedKind;
}
export interface CaseReply {
  outcome: 'data' | 'input-error' | 'crash';
  message: string;
}

parentPort!.on('message', async ({ file, kind }: CaseRequest) => {
  let reply: CaseReply;
  try {
    await feed(file, kind);
    reply = { outcome: 'data', message: '' };
  } catch (err) {
    if (err instanceof InputError && err.file === file && err.message.length > file.length + 2) {
      reply = { outcome: 'input-error', message: err.message };
    } else {
      reply = { outcome: 'crash', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
  }
  parentPort!.postMessage(reply);
});
