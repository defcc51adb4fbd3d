import { open, rename, rm, type FileHandle } from 'node:fs/promises';

/**
 * Writes `path` all or nothing: `write` fills `<path>.tmp-<pid>`, which is synced to disk
 * (so a node crash cannot leave a renamed but empty file) and then renamed over `path`;
 * on any error the temporary file is removed and `path` is untouched.
 */
export async function writeFileAtomically(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    const file = await open(temp, 'w');
    try {
      await write(file);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
