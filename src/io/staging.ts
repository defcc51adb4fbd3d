import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Outputs of one run are written into a hidden staging folder inside the output folder
 * and moved to their final names only when the whole run succeeded, so a crashed or
 * failed run never leaves a mix of new and old files that looks complete.
 */
export interface Staging {
  readonly dir: string;
  /** Path of an output inside the staging folder. */
  path(name: string): string;
  writeText(name: string, text: string): Promise<void>;
  /** Move every staged file into the output folder; `last` goes last (e.g. run.json). */
  commit(last?: string): Promise<string[]>;
  discard(): Promise<void>;
}

/**
 * A run's outputs, all or nothing: `write` stages every file and returns the run's record,
 * written last as run.json (the file that says a run finished); on any error nothing
 * staged reaches `outDir`. Returns the files written, run.json last.
 */
export async function writeRunOutputs(outDir: string, write: (staging: Staging) => Promise<unknown>): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const staging = await openStaging(outDir);
  try {
    const run = await write(staging);
    await staging.writeText('run.json', `${JSON.stringify(run, null, 2)}\n`);
    return await staging.commit('run.json');
  } catch (e) {
    await staging.discard();
    throw e;
  }
}

export async function openStaging(outDir: string): Promise<Staging> {
  const dir = join(outDir, `.smfuse-staging-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  return {
    dir,
    path,
    writeText: (name, text) => writeFile(path(name), text),
    async commit(last) {
      const names = (await readdir(dir)).sort();
      const ordered = last && names.includes(last) ? [...names.filter((n) => n !== last), last] : names;
      for (const name of ordered) await rename(path(name), join(outDir, name));
      await rm(dir, { recursive: true, force: true });
      return ordered;
    },
    discard: () => rm(dir, { recursive: true, force: true }),
  };
}
