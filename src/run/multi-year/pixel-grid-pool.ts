/**
 * Gridded BPANN / EnKF tables over every year of a multi-year run: metrics.csv,
 * improvement.csv and percentiles.csv (src/run/site/tables.ts) over the pixel-days of all years,
 * each year's pixel-days in its periods (train before the pixel's split day of that
 * year, validation from it), and the metric maps over every year's validation days.
 * Computed from what the years wrote (fused.tif, flags.tif) and their inputs read again.
 */
import type { GridSpec } from '../../grid/gridspec.js';
import type { PixelMethodConfig } from '../../config/pixel-method-config.js';
import type { Staging } from '../../io/staging.js';
import { silentLogger } from '../../log.js';
import { timeSplit } from '../../methods/bpann/time-split.js';
import { PixelStatus, sampleDays } from '../../methods/pixel-cube.js';
import type { PixelMethod } from '../pixel-grid/run.js';
import { loadPixelGridInputs } from '../pixel-grid/inputs.js';
import { metricMaps, writeMetricMaps } from '../pixel-grid/metric-maps.js';
import { joinYears, readYearOutput } from './stacks.js';
import { writePixelMethodTables, type Period } from '../site/tables.js';

const TRAIN = 1;
const VALIDATION = 2;

/** The share of a pixel's sample days that train it, as the method records it (BPANN: trainFraction, EnKF: split). */
function trainFraction(method: PixelMethod): number {
  const f = method.options.trainFraction ?? method.options.split;
  if (typeof f !== 'number') throw new Error(`${method.name}: its options record no training share`);
  return f;
}

/** Stages the pooled tables and maps into OUT; returns the pooled sample counts for run.json. */
export async function poolPixelGridYears(
  method: PixelMethod,
  configs: readonly PixelMethodConfig[],
  staging: Staging,
): Promise<Record<string, unknown>> {
  const log = silentLogger();
  const fraction = trainFraction(method);
  const parts = {
    smap: [] as Float32Array[],
    clm: [] as Float32Array[],
    fused: [] as Float32Array[],
    obs: [] as Float32Array[],
    period: [] as Uint8Array[],
  };
  let grid: GridSpec | undefined;
  for (const c of configs) {
    const { cube, grid: g, dates } = await loadPixelGridInputs(c, log);
    grid ??= g;
    const fused = await readYearOutput(c.out, 'fused.tif', c.year, grid);
    const status = (await readYearOutput(c.out, 'flags.tif', c.year, grid)).data;
    // each fused pixel's periods of this year, by the split rule of both methods (time-split.ts)
    const period = new Uint8Array(cube.days * cube.pixels);
    for (let p = 0; p < cube.pixels; p++) {
      if (status[p] !== PixelStatus.FUSED) continue;
      const { splitDay } = timeSplit(sampleDays(cube, p), fraction, dates.length);
      for (let d = 0; d < cube.days; d++) period[d * cube.pixels + p] = d < splitDay ? TRAIN : VALIDATION;
    }
    parts.smap.push(cube.smap);
    parts.clm.push(cube.clm);
    parts.obs.push(cube.obs);
    parts.fused.push(fused.data);
    parts.period.push(period);
  }
  const join = (a: Float32Array[]) => joinYears(a, (n) => new Float32Array(n));
  const [smap, clm, fused, obs] = [join(parts.smap), join(parts.clm), join(parts.fused), join(parts.obs)];
  const period = joinYears(parts.period, (n) => new Uint8Array(n));
  const periods: Period[] = [
    { name: 'train', includes: (i: number) => period[i] === TRAIN },
    { name: 'validation', includes: (i: number) => period[i] === VALIDATION },
    { name: 'all', includes: (i: number) => period[i] !== 0 },
  ].filter((p) => period.some((_, i) => p.includes(i)));
  await writePixelMethodTables(
    staging,
    [
      { name: 'smap', values: smap },
      { name: 'clm', values: clm },
    ],
    { name: `fused_${method.name}`, values: fused },
    obs,
    periods,
  );

  // over every year's validation days: the fused series elsewhere left out
  const pixels = grid!.width * grid!.height;
  const validationFused = Float32Array.from(fused, (v, i) => (period[i] === VALIDATION ? v : NaN));
  await writeMetricMaps(
    staging,
    grid!,
    metricMaps(validationFused, obs, fused.length / pixels, new Int32Array(pixels)),
    'validation days of every year (each pixel from its split day in each year)',
  );
  let trainSamples = 0;
  let validationSamples = 0;
  for (let i = 0; i < period.length; i++) {
    if (Number.isNaN(fused[i]) || Number.isNaN(obs[i])) continue;
    if (period[i] === TRAIN) trainSamples++;
    else if (period[i] === VALIDATION) validationSamples++;
  }
  return { pairs: { train: trainSamples, validation: validationSamples } };
}
