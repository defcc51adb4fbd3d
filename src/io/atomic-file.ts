import { open, rename, rm, type FileHandle } from 'node:fs/promises';

/**
 * Writes `path` all or nothing: `write` fills `<path>.tmp-<pid>`, which is synced to disk
 * (so a node crash cannot leave a renamed but empty file) and then renamed over `path`;
 * on any error the temporary file is removed and `path` is untouched.
 */
export async function writeFileAtomically(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  await writePathAtomically(path, async (temp) => {
    const file = await open(temp, 'w');
    try {
      await write(file);
    } finally {
      await file.close();
    }
  });
}

/**
 * The same for a writer that opens files by name (h5wasm): `write` creates `temp`, which
 * is then synced and renamed over `path`.
 */
export async function writePathAtomically(path: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    await write(temp);
    const file = await open(temp, 'r+');
    try {
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
