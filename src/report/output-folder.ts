/**
 * Read access to what a run wrote: run.json (required), and the optional CSVs and
 * GeoTIFFs of the folder or of the inputs that run.json records. Optional files that
 * are absent read as null, so a report section can be left out instead of failing.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { read } from 'vega';
import { InputError } from '../../core/errors.js';
import type { GridSpec } from '../grid/gridspec.js';
import { readGeoTiffStack, type RasterStack } from '../io/geotiff-read.js';
import { rasterName } from '../io/netcdf-write-run.js';
import { readNetcdfRaster } from '../io/netcdf-write-readback.js';

/** The parts of run.json the report uses. */
export interface RunRecord {
  readonly smfuse: string;
  readonly command: string;
  readonly config: Record<string, unknown> & { year: number };
  /** One file per input, or a list of them for an input read from many (daily product files, an ISMN folder). */
  readonly inputs: Record<string, InputRecord | InputRecord[]>;
  readonly backend: string;
  readonly threads: number;
  readonly grid: GridSpec;
  readonly windows?: Record<string, number>;
  readonly coverage?: Record<string, number>;
  readonly timings?: Record<string, number>;
}

export interface InputRecord {
  readonly path: string;
  readonly sha256: string;
}

/** The run.json of `smfuse bpann|enkf --config`: a grid run with one network or filter per pixel. */
export interface PixelGridRunRecord extends RunRecord {
  readonly command: 'bpann' | 'enkf';
  readonly mode: 'grid';
  /** Pixels per status (fused, too_few_obs, fit_failed). */
  readonly pixels: Record<string, number>;
}

export type CsvRow = Record<string, string>;

/** The parts of a site run's run.json (`smfuse bpann|enkf --site`) the report uses. */
export interface SiteRunRecord {
  readonly version: string;
  readonly method: 'bpann' | 'enkf';
  readonly site: string;
  /** The two SM inputs, LST, then the observations. */
  readonly columns: readonly [string, string, string, string];
  readonly splitDate: string | null;
  /** BPANN: the training MSE goal (scaled). */
  readonly errorGoal?: number;
  readonly timings?: Record<string, number>;
}

export interface OutputFolder<Run = RunRecord> {
  readonly dir: string;
  readonly run: Run;
  /** Rows of `name` in the folder as strings, or null when the file is absent. */
  csv(name: string): Promise<CsvRow[] | null>;
  /** A GeoTIFF of the folder, or null when absent. */
  raster(name: string): Promise<RasterStack | null>;
  /** An input recorded in run.json (`ecv`, `stations`, …), or null when not recorded or moved away. */
  inputPath(key: string): string | null;
}

/** The run.json of `dir`: a GRNN run's, a site run's (`method`) or a gridded BPANN/EnKF run's (`mode: grid`). */
export type AnyRun =
  | { kind: 'grnn'; folder: OutputFolder }
  | { kind: 'site'; folder: OutputFolder<SiteRunRecord> }
  | { kind: 'pixel-grid'; folder: OutputFolder<PixelGridRunRecord> };

export async function openOutputFolder(dir: string): Promise<AnyRun> {
  const runPath = join(dir, 'run.json');
  if (!existsSync(runPath)) throw new InputError(dir, 'no run.json: not an smfuse output folder (or the run has not finished)');
  let run: unknown;
  try {
    run = JSON.parse(await readFile(runPath, 'utf8'));
  } catch (e) {
    throw new InputError(runPath, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof run !== 'object' || run === null) throw new InputError(runPath, 'is not a JSON object');
  const record = run as Record<string, unknown>;
  if (record.method === 'bpann' || record.method === 'enkf') {
    if (!Array.isArray(record.columns) || record.columns.length !== 4)
      throw new InputError(runPath, 'has no columns: not written by smfuse bpann/enkf');
    return { kind: 'site', folder: folderAt(dir, run as SiteRunRecord, undefined) };
  }
  if (!record.grid || !record.config) throw new InputError(runPath, 'has no grid or config: not written by smfuse grnn, bpann or enkf');
  if (record.mode === 'grid' && (record.command === 'bpann' || record.command === 'enkf')) {
    return { kind: 'pixel-grid', folder: folderAt(dir, run as PixelGridRunRecord, (run as PixelGridRunRecord).inputs) };
  }
  return { kind: 'grnn', folder: folderAt(dir, run as RunRecord, (run as RunRecord).inputs) };
}

function folderAt<Run>(dir: string, run: Run, inputs: RunRecord['inputs'] | undefined): OutputFolder<Run> {
  const file = (name: string) => join(dir, name);
  return {
    dir,
    run,
    async csv(name) {
      if (!existsSync(file(name))) return null;
      return read(await readFile(file(name), 'utf8'), { type: 'csv' }) as CsvRow[];
    },
    async raster(name) {
      if (existsSync(file(name))) return readGeoTiffStack(file(name));
      // a --format netcdf run: every raster is a variable of fused.nc, named as its GeoTIFF
      return existsSync(file('fused.nc')) ? readNetcdfRaster(file('fused.nc'), rasterName(name)) : null;
    },
    inputPath(key) {
      const input = inputs?.[key];
      // An input read from many files is no one stack to draw.
      const path = input && !Array.isArray(input) ? input.path : undefined;
      return path && existsSync(path) ? path : null;
    },
  };
}

/** A CSV cell as a number; empty is NaN (formatCsv writes NaN as empty). */
export function csvNumber(cell: string | undefined): number {
  return cell === undefined || cell.trim() === '' ? NaN : Number(cell);
}
