import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 of a file, hex: recorded in run.json so a result can be traced to its inputs. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * SHA-256 of every input for run.json, by input name: one `{path, sha256}` for an input
 * read from one file, a list of them for one read from many (daily files, an ISMN folder).
 */
export async function hashInputFiles(sources: Record<string, readonly string[]>): Promise<Record<string, unknown>> {
  const one = async (path: string) => ({ path, sha256: await sha256File(path) });
  const hashOf = (paths: readonly string[]) => (paths.length === 1 ? one(paths[0]) : Promise.all(paths.map(one)));
  return Object.fromEntries(await Promise.all(Object.entries(sources).map(async ([k, ps]) => [k, await hashOf(ps)])));
}
