/**
 * Multi-year runs (`years` in a GRNN or gridded BPANN/EnKF configuration, `--years` on the
 * command line): which years, and each year's one-year configuration. A layer above the
 * one-year configurations: their schemas keep `year`; `years` is taken off the raw object
 * here and every year is parsed as a one-year configuration of its own.
 */
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { StationInput } from './stations-config.js';
import { stackPath, type GrnnConfig, type GrnnInput } from './grnn-config.js';
import type { PixelMethodConfig, PixelObsInput } from './pixel-method-config.js';

/** The token an input path names its year with: `lst-{YYYY}.tif`. */
export const YEAR_TOKEN = '{YYYY}';

const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

/**
 * The years of `years`: `[first, last]` (inclusive) or a text such as "2011-2018" or
 * "2011,2013,2015-2016" (the form of `--years`); sorted, each once.
 */
export function parseYears(value: unknown, source: string): number[] {
  const years: number[] = [];
  const range = (a: number, b: number, written: string) => {
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= FIRST_YEAR && b <= LAST_YEAR && a <= b)) {
      throw new ConfigError(`${source}: years "${written}": expected whole years ${FIRST_YEAR}…${LAST_YEAR}, first ≤ last`);
    }
    for (let y = a; y <= b; y++) years.push(y);
  };
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) range(value[0], value[1], value.join('-'));
  else if (typeof value === 'string' && value.trim() !== '') {
    for (const part of value.split(',')) {
      const m = /^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$/.exec(part);
      if (!m)
        throw new ConfigError(`${source}: years "${value}": expected FIRST-LAST (e.g. 2011-2018) or a list such as 2011,2013,2015-2016`);
      range(Number(m[1]), Number(m[2] ?? m[1]), part.trim());
    }
  } else {
    throw new ConfigError(
      `${source}: years: expected [first, last] (inclusive, e.g. [2011, 2018]) or a text such as "2011-2018" or "2011,2013"`,
    );
  }
  return [...new Set(years)].sort((a, b) => a - b);
}

/**
 * Takes `years` off a configuration object (flags already merged into it) and returns
 * them, or null for a one-year run. `--years` and `--year` are flags given here: a flag
 * overrides the file's `year`/`years`, and the two flags exclude each other, as do the two keys.
 */
export function takeYears(raw: Record<string, unknown>, flags: { year?: unknown; years?: unknown }, source: string): number[] | null {
  if (flags.year !== undefined && flags.years !== undefined) throw new ConfigError('give either --year or --years, not both');
  if (flags.years !== undefined) {
    delete raw.year;
    delete raw.years;
    return parseYears(flags.years, '--years');
  }
  if (flags.year !== undefined) {
    delete raw.years;
    return null;
  }
  if (raw.years === undefined) return null;
  if (raw.year !== undefined) throw new ConfigError(`${source}: give either year (one year) or years (several), not both`);
  const years = parseYears(raw.years, source);
  delete raw.years;
  return years;
}

/** A multi-year run pools its years from their GeoTIFFs: a NetCDF-only format would leave it nothing to read. */
export function checkYearsFormat(format: string | undefined, source: string): void {
  if (format === 'netcdf')
    throw new ConfigError(
      `${source}: a multi-year run needs the GeoTIFFs of every year for its summary over all years: use format "both" (GeoTIFFs and fused.nc), not "netcdf"`,
    );
}

/** `path` with every {YYYY} replaced by `year`. */
export function yearPath(path: string, year: number): string {
  return path.split(YEAR_TOKEN).join(String(year));
}

/**
 * An input of `year`. A GeoTIFF stack holds one year (its bands are that year's days), so
 * in a multi-year run its path must name the year with {YYYY}, unless the input is
 * `isStatic` (the DEM). Product inputs pick the year's days from their files; a {YYYY} in
 * them (a folder per year) is substituted all the same.
 */
function inputForYear(key: string, i: GrnnInput, year: number, isStatic: boolean, source: string): GrnnInput {
  const stack = stackPath(i);
  if (stack !== null && !isStatic && !stack.includes(YEAR_TOKEN)) {
    throw new ConfigError(
      `${source}: inputs.${key} "${stack}" is one GeoTIFF stack, whose bands are the days of one year: in a multi-year run name each year's file with ${YEAR_TOKEN} (e.g. "${key}-${YEAR_TOKEN}.tif")`,
    );
  }
  return typeof i === 'string' ? yearPath(i, year) : { ...i, path: yearPath(i.path, year) };
}

function stationsForYear(s: StationInput, year: number): StationInput {
  return { ...s, path: yearPath(s.path, year) };
}

/** The output folder of one year of a multi-year run: OUT/<year>. */
export function yearFolder(out: string, year: number): string {
  return join(out, String(year));
}

/** Year `year` of a multi-year GRNN configuration (parsed with its first year as `year`); the DEM is static. */
export function grnnConfigForYear(template: GrnnConfig, year: number, source: string): GrnnConfig {
  const inputs = Object.fromEntries(
    Object.entries(template.inputs).map(([key, i]) => [
      key,
      i === undefined ? i : inputForYear(key, i as GrnnInput, year, key === 'dem', source),
    ]),
  ) as GrnnConfig['inputs'];
  if (template.truth !== undefined && !template.truth.includes(YEAR_TOKEN)) {
    throw new ConfigError(
      `${source}: truth "${template.truth}" is one year's stack: in a multi-year run name each year's file with ${YEAR_TOKEN}`,
    );
  }
  return {
    ...template,
    year,
    out: yearFolder(template.out, year),
    inputs,
    ...(template.stations && { stations: stationsForYear(template.stations, year) }),
    ...(template.truth !== undefined && { truth: yearPath(template.truth, year) }),
  };
}

/** Year `year` of a multi-year BPANN/EnKF configuration; every input is daily. */
export function pixelMethodConfigForYear(template: PixelMethodConfig, year: number, source: string): PixelMethodConfig {
  const { smap, clm, lst, obs } = template.inputs;
  const forYear = (key: string, i: GrnnInput) => inputForYear(key, i, year, false, source);
  const obsForYear: PixelObsInput =
    typeof obs !== 'string' && 'stations' in obs ? { stations: stationsForYear(obs.stations, year) } : forYear('obs', obs);
  return {
    ...template,
    year,
    out: yearFolder(template.out, year),
    inputs: { ...template.inputs, smap: forYear('smap', smap), clm: forYear('clm', clm), lst: forYear('lst', lst), obs: obsForYear },
  };
}
