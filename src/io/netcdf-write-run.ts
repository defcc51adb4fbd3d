/**
 * What a run's NetCDF output records about the run (CF-1.8 and ACDD global attributes),
 * and which raster files a run's `--format` (config key `format`) writes.
 */
import { createHash } from 'node:crypto';
import { sourceDateEpoch } from '../../core/env.js';
import { DEFAULT_OUTPUT_FORMAT, type OutputFormat } from '../config/output-format.js';
import { VERSION } from '../version.js';

export const writesGeoTiff = (format: OutputFormat | undefined): boolean => (format ?? DEFAULT_OUTPUT_FORMAT) !== 'netcdf';
export const writesNetcdf = (format: OutputFormat | undefined): boolean => (format ?? DEFAULT_OUTPUT_FORMAT) !== 'geotiff';

/** CF standard name of volumetric soil moisture (m3 m-3 is the dimensionless 1 it asks for). */
export const SM_STANDARD_NAME = 'volume_fraction_of_condensed_water_in_soil';

/** What a run's raster writer needs besides the rasters: the format and, for NetCDF, the run. */
export interface RasterOutput {
  readonly format?: OutputFormat;
  readonly provenance: RunProvenance;
}

/** A raster's NetCDF variable name: its GeoTIFF's name without `.tif` (fused.tif → fused). */
export const rasterName = (file: string): string => file.replace(/\.tif$/, '');

/**
 * CF flag attributes of a uint8 flag raster whose code 0 is its nodata (_FillValue, "not
 * processed"): flag_values and flag_meanings (the code names in lower case) of the other
 * codes, and their descriptions in `comment`.
 */
export function flagAttributes(
  codes: Readonly<Record<string, number>>,
  descriptions: Readonly<Record<number, string>>,
): { flag_values: Uint8Array; flag_meanings: string; comment: string } {
  const set = Object.entries(codes)
    .filter(([, c]) => c !== 0)
    .sort(([, a], [, b]) => a - b);
  return {
    flag_values: Uint8Array.from(set, ([, c]) => c),
    flag_meanings: set.map(([name]) => name.toLowerCase()).join(' '),
    comment: ['0 (_FillValue): not processed', ...set.map(([, c]) => `${c}: ${descriptions[c]}`)].join('; '),
  };
}

/** The run as its NetCDF file describes it: run.json's command, config and input hashes. */
export interface RunProvenance {
  readonly command: string;
  readonly title: string;
  /** The configuration as run.json records it (defaults applied). */
  readonly config: unknown;
  /** run.json's `inputs`: per input `{path, sha256}` or a list of them. */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** JSON with object keys sorted at every level: equal configs hash equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Global attributes of a run's NetCDF output. Same inputs, same bytes: the creation time
 * is written only when one is given (`created`, or the reproducible-builds convention
 * SOURCE_DATE_EPOCH in seconds), never the clock's.
 */
export function runGlobalAttributes(run: RunProvenance, created = sourceDateEpoch()): Record<string, string> {
  const stamp = created?.toISOString().replace(/\.\d+Z$/, 'Z');
  const configSha = createHash('sha256').update(canonicalJson(run.config)).digest('hex');
  return {
    Conventions: 'CF-1.8',
    title: run.title,
    source: `smfuse ${VERSION} (${run.command})`,
    history: `${stamp ? `${stamp} ` : ''}smfuse ${VERSION} ${run.command}`,
    ...(stamp && { date_created: stamp }),
    smfuse_version: VERSION,
    smfuse_command: run.command,
    config_sha256: configSha,
    // one line per input file: "name path sha256"
    inputs: inputLines(run.inputs).join('\n'),
  };
}

function inputLines(inputs: Readonly<Record<string, unknown>>): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(inputs)) {
    for (const f of Array.isArray(value) ? value : [value]) {
      const { path, sha256 } = f as { path?: unknown; sha256?: unknown };
      if (typeof path === 'string' && typeof sha256 === 'string') lines.push(`${name} ${path} ${sha256}`);
    }
  }
  return lines;
}
