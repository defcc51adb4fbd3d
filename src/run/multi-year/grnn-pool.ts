/**
 * GRNN products over every year of a multi-year run, each defined as the one-year product
 * is (src/run/grnn/products.ts) but over all the years' days: coverage (coverage.json, maps),
 * the fusion-weight maps, station validation and truth validation. They are computed from
 * what the years wrote (fused, ECV_Rec, FY_Rec) and their inputs read again (ECV, FY, the
 * DEM's domain, stations, truth), so a run, a merge and a resume give the same bytes.
 */
import { pairStats } from '../../../kernels/metrics/pair-stats.js';
import type { GrnnConfig } from '../../config/grnn-config.js';
import type { Stack } from '../../cube/stack.js';
import { InputError } from '../../../core/errors.js';
import type { GridSpec } from '../../grid/gridspec.js';
import { formatCsv } from '../../io/csv.js';
import { writeGeoTiff } from '../../io/geotiff-write.js';
import { enforceContract, loadDailyStack, readDailyInput, readInput } from '../../io/load-grnn-inputs.js';
import type { Staging } from '../../io/staging.js';
import { loadStations } from '../../io/station-input.js';
import type { StationObservation } from '../../cube/station-observation.js';
import { silentLogger } from '../../log.js';
import { coverageStats, unionValid } from '../../products/coverage.js';
import {
  networkCellSeries,
  truthValidationCsv,
  validateAgainstStations,
  validationCells,
  VALIDATION_COLUMNS,
} from '../../products/validate.js';
import { fusionWeightCube, fusionWeightMap } from '../../products/weights.js';
import { joinYears, readYearOutput } from './stacks.js';

interface GrnnYear {
  ecv: Float32Array;
  fy: Float32Array;
  fused: Float32Array;
  ecv_rec: Float32Array;
  fy_rec: Float32Array;
  truth?: Float32Array;
  dates: string[];
}

/** Stages the pooled GRNN outputs into OUT; returns the pooled coverage fractions (and validation size) for run.json. */
export async function poolGrnnYears(configs: readonly GrnnConfig[], staging: Staging): Promise<Record<string, unknown>> {
  // the years' own warnings are in their run.json: reading again says nothing new
  const log = silentLogger();
  const first = configs[0];
  const grid = (await readYearOutput(first.out, 'fused.tif', first.year)).grid;
  let domain: Uint8Array | undefined;
  const years: GrnnYear[] = [];
  for (const c of configs) {
    const output = async (name: string) => (await readYearOutput(c.out, name, c.year, grid)).data;
    const input = async (key: 'ecv' | 'fy') => {
      const s = await readDailyInput(c.inputs[key], grid, c.year, `${c.out}/fused.tif`, log);
      enforceContract(key, c.inputs[key], s, log);
      return s;
    };
    const ecv = await input('ecv');
    const dem = await domainOf(c, grid);
    domain ??= dem;
    if (dem.some((v, p) => v !== domain![p]))
      throw new InputError(
        String(c.inputs.dem),
        `the DEM of ${c.year} covers other cells than that of ${first.year}: every year of a multi-year run needs one domain`,
      );
    years.push({
      ecv: ecv.data,
      fy: (await input('fy')).data,
      fused: await output('fused.tif'),
      ecv_rec: await output('ecv_rec.tif'),
      fy_rec: await output('fy_rec.tif'),
      truth: c.truth === undefined ? undefined : (await loadDailyStack(c.truth, grid, c.year, `${c.out}/fused.tif`)).data,
      dates: ecv.dates as string[],
    });
  }
  const dates = years.flatMap((y) => y.dates);
  const stack = (pick: (y: GrnnYear) => Float32Array): Stack => ({
    grid,
    dates,
    data: joinYears(years.map(pick), (n) => new Float32Array(n)),
  });
  const series = {
    ecv: stack((y) => y.ecv),
    fy: stack((y) => y.fy),
    fused: stack((y) => y.fused),
    ecv_rec: stack((y) => y.ecv_rec),
    fy_rec: stack((y) => y.fy_rec),
  };
  const period = `${dates[0]}/${dates[dates.length - 1]}`;

  const coverage = coverageStats(
    {
      ecv: series.ecv,
      fy: series.fy,
      union: unionValid(series.ecv, series.fy),
      fused: series.fused,
      ecv_rec: series.ecv_rec,
      fy_rec: series.fy_rec,
    },
    domain!,
  );
  await staging.writeText(
    'coverage.json',
    `${JSON.stringify({ domain: 'cells with a valid DEM', period, ...coverage.fractions }, null, 2)}\n`,
  );
  for (const [name, fraction] of Object.entries(coverage.perPixel))
    await writeMap(staging, `coverage_${name}.tif`, grid, fraction, `fraction of days with valid ${name}`, '1', period);

  const weights = fusionWeightMap(
    fusionWeightCube(series.fused, series.ecv, series.fy, { minDiff: first.weights.minDiff }),
    grid,
    dates.length,
  );
  await writeMap(staging, 'weight_ecv.tif', grid, weights.ecv, 'mean W_ECV in [0,1]', '1', period);
  await writeMap(staging, 'weight_fy.tif', grid, weights.fy, 'mean W_FY in [0,1]', '1', period);

  const pooled: Record<string, unknown> = { period, coverage: coverage.fractions };
  const stations = await stationsOfYears(configs, log);
  if (stations) {
    const rows = validateAgainstStations(networkCellSeries(stations, grid, dates).series, series);
    await staging.writeText('validation.csv', formatCsv(VALIDATION_COLUMNS, rows.map(validationCells)));
    pooled.validationPairs = rows.find((r) => r.network === 'all' && r.product === 'fused')?.n ?? 0;
  }
  if (years.every((y) => y.truth)) {
    const truth = joinYears(
      years.map((y) => y.truth!),
      (n) => new Float32Array(n),
    );
    const stats = Object.fromEntries(Object.entries(series).map(([name, s]) => [name, pairStats(s.data, truth)]));
    await staging.writeText('truth_validation.csv', truthValidationCsv(stats));
  }
  return pooled;
}

/** Cells with a valid DEM (the coverage domain of src/run/grnn/products.ts). */
async function domainOf(c: GrnnConfig, grid: GridSpec): Promise<Uint8Array> {
  const log = silentLogger();
  const dem = await readInput(c.inputs.dem, grid, log);
  enforceContract('dem', c.inputs.dem, dem, log);
  return Uint8Array.from(dem.data, (v) => (Number.isNaN(v) ? 0 : 1));
}

/** The readings of every year's station input (one file read once when the years share it). */
async function stationsOfYears(configs: readonly GrnnConfig[], log: ReturnType<typeof silentLogger>): Promise<StationObservation[] | null> {
  if (configs.some((c) => !c.stations)) return null;
  const byPath = new Map<string, StationObservation[]>();
  for (const c of configs) if (!byPath.has(c.stations!.path)) byPath.set(c.stations!.path, await loadStations(c.stations!, log));
  return [...byPath.values()].flat();
}

function writeMap(
  staging: Staging,
  name: string,
  grid: GridSpec,
  data: Float32Array,
  what: string,
  units: string,
  period: string,
): Promise<void> {
  return writeGeoTiff(staging.path(name), data, {
    grid,
    bands: 1,
    sampleType: 'float32',
    nodata: NaN,
    bandDescriptions: [what],
    metadata: { product: what, units, period, producer: 'smfuse' },
  });
}
