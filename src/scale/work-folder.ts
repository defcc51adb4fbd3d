/**
 * The work folder of a checkpointed run, `OUT/.smfuse-work/`: `manifest.json` (the key
 * that determines every result, its hash, and what a merge needs to finish the run),
 * one `tile-NNNNN.bin` per finished tile (checkpoint-file.ts) and each shard's done-marker.
 * Method-neutral: GRNN tiles of windows now, pixel tiles of BPANN/EnKF the same way.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, InputError } from '../../core/errors.js';
import { CheckpointError, readCheckpoint, writeCheckpoint, type Checkpoint, type CheckpointArray } from './checkpoint-file.js';

export const WORK_FOLDER = '.smfuse-work';
const MANIFEST = 'manifest.json';

export interface Manifest<Extra> {
  /** Everything the checkpoints' contents depend on (plain JSON). */
  readonly key: Record<string, unknown>;
  readonly hash: string;
  readonly tiles: number;
  /** What finishing the run needs beyond the checkpoints (e.g. the configuration). */
  readonly extra: Extra;
}

export interface WorkFolder<Extra> {
  readonly dir: string;
  readonly manifest: Manifest<Extra>;
  /** The tile's checkpoint, or undefined (absent, or unusable: `onBad` says why). */
  load(tile: number, onBad?: (why: string) => void): Promise<Checkpoint | undefined>;
  save(tile: number, meta: unknown, arrays: Record<string, CheckpointArray>): Promise<void>;
  writeJson(name: string, value: unknown): Promise<void>;
  /** JSON files whose names match, by name. */
  readJsons(pattern: RegExp): Promise<Record<string, unknown>>;
  remove(): Promise<void>;
}

export interface OpenOptions<Extra> {
  key: Record<string, unknown>;
  tiles: number;
  extra: Extra;
  /**
   * 'resume': reuse the checkpoints of the same key; 'fresh': refuse a folder holding
   * checkpoints (continuing needs --resume, starting over deleting them: never silently).
   */
  mode: 'resume' | 'fresh';
}

/**
 * Input hashes (hashInputFiles) reduced to their contents for a work-folder key: a merge
 * may see the same files under another mount point.
 */
export function inputContents(hashes: Record<string, unknown>): Record<string, unknown> {
  const contents = (h: unknown): unknown => (Array.isArray(h) ? h.map(contents) : (h as { sha256: string }).sha256);
  return Object.fromEntries(Object.entries(hashes).map(([k, h]) => [k, contents(h)]));
}

/** Product-input options (reader, variable, resampling) for a key, without their paths. */
export function inputOptions(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, i]) => [k, typeof i === 'string' ? {} : { ...(i as object), path: undefined }]),
  );
}

export function keyHash(key: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}

/** Opens or creates the work folder of a run whose checkpoints are determined by `key`. */
export async function openWorkFolder<Extra>(outDir: string, o: OpenOptions<Extra>): Promise<WorkFolder<Extra>> {
  const dir = join(outDir, WORK_FOLDER);
  const hash = keyHash(o.key);
  const existing = await readManifest<Extra>(dir);
  if (existing) {
    if (existing.hash !== hash) {
      throw new ConfigError(
        `${dir} holds checkpoints of a run with other settings or inputs (${differingFields(existing.key, o.key).join(', ')}): ` +
          'delete that folder, or write to another --out',
      );
    }
    if (o.mode === 'fresh') {
      const done = (await readdir(dir)).filter((n) => TILE_FILE.test(n)).length;
      throw new ConfigError(
        `${dir} holds checkpoints of an unfinished run (${done} of ${existing.tiles} tiles): pass --resume to continue it, or delete the folder to start over`,
      );
    }
    return workFolder(dir, existing);
  }
  await mkdir(dir, { recursive: true });
  const manifest: Manifest<Extra> = { key: o.key, hash, tiles: o.tiles, extra: o.extra };
  const folder = workFolder(dir, manifest);
  // Shards starting together write the same manifest: the last rename wins, with equal bytes.
  await folder.writeJson(MANIFEST, manifest);
  return folder;
}

/** The work folder of sharded runs, to be merged; an InputError when there is none. */
export async function openWorkFolderForMerge<Extra>(outDir: string): Promise<WorkFolder<Extra>> {
  const dir = join(outDir, WORK_FOLDER);
  const manifest = await readManifest<Extra>(dir);
  if (!manifest)
    throw new InputError(outDir, `no ${WORK_FOLDER}/${MANIFEST}: nothing to merge (run the shards first, with --shard i/N and this --out)`);
  return workFolder(dir, manifest);
}

const TILE_FILE = /^tile-\d+\.bin$/;
const tileName = (tile: number) => `tile-${String(tile).padStart(5, '0')}.bin`;

function workFolder<Extra>(dir: string, manifest: Manifest<Extra>): WorkFolder<Extra> {
  return {
    dir,
    manifest,
    async load(tile, onBad) {
      let cp: Checkpoint;
      try {
        cp = await readCheckpoint(join(dir, tileName(tile)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        if (!(e instanceof CheckpointError)) throw e;
        onBad?.(`${tileName(tile)}: ${e.message}`);
        return undefined;
      }
      if (cp.key !== manifest.hash || cp.part !== tile) {
        onBad?.(`${tileName(tile)}: written by a run with other settings or for another tile`);
        return undefined;
      }
      return cp;
    },
    save: (tile, meta, arrays) => writeCheckpoint(join(dir, tileName(tile)), { key: manifest.hash, part: tile, meta, arrays }),
    async writeJson(name, value) {
      const temp = join(dir, `.${name}.tmp-${process.pid}`);
      await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
      await rename(temp, join(dir, name));
    },
    async readJsons(pattern) {
      const names = (await readdir(dir)).filter((n) => pattern.test(n)).sort();
      return Object.fromEntries(await Promise.all(names.map(async (n) => [n, JSON.parse(await readFile(join(dir, n), 'utf8'))])));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function readManifest<Extra>(dir: string): Promise<Manifest<Extra> | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return JSON.parse(text) as Manifest<Extra>;
  } catch {
    throw new InputError(join(dir, MANIFEST), 'is not valid JSON: delete the work folder to start over');
  }
}

/** Top-level key fields (and input names) whose values differ, for the refusal message. */
function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const fields: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const [x, y] = [a[k], b[k]];
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    const nested = x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x);
    fields.push(...(nested ? differingFields(x as Record<string, unknown>, y as Record<string, unknown>).map((f) => `${k}.${f}`) : [k]));
  }
  return fields;
}
