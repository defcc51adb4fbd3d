/**
 * The bundled samples' headline numbers, read back from a finished run's files: what the
 * README and docs/ quote and a user would judge the method by. Kept in headline.json; a change
 * that moves any of them beyond float noise fails the golden test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';

export type Figures = Record<string, number>;

function csvRows(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

/** Selected numeric columns of every row, keyed `prefix.<row key>.<column>`. */
function rowFigures(file: string, prefix: string, keyOf: (row: Record<string, string>) => string | null, columns: readonly string[]): Figures {
  const out: Figures = {};
  for (const row of csvRows(file)) {
    const key = keyOf(row);
    if (key === null) continue;
    for (const c of columns) if (c in row && row[c] !== '') out[`${prefix}.${key}.${c}`] = Number(row[c]);
  }
  return out;
}

function range(values: ArrayLike<number>, prefix: string): Figures {
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { [`${prefix}.min`]: min, [`${prefix}.max`]: max, [`${prefix}.n`]: n };
}

const METRICS = ['n', 'r', 'rmse', 'bias'] as const;

/** `smfuse grnn` on data/run.json: coverage, R/RMSE against the truth and the stations, fused value range. */
export async function grnnFigures(out: string): Promise<Figures> {
  const coverage = JSON.parse(readFileSync(join(out, 'coverage.json'), 'utf8')) as Record<string, unknown>;
  const figures: Figures = {};
  for (const [k, v] of Object.entries(coverage)) if (typeof v === 'number') figures[`coverage.${k}`] = v;
  Object.assign(figures, rowFigures(join(out, 'truth_validation.csv'), 'truth', (r) => r.product, METRICS));
  Object.assign(figures, rowFigures(join(out, 'validation.csv'), 'stations', (r) => (r.network === 'all' ? r.product : null), METRICS));
  Object.assign(figures, range((await readGeoTiffStack(join(out, 'fused.tif'))).data, 'fused'));
  return figures;
}

/** `smfuse bpann|enkf --site` or `--config`: metrics of every series in both periods, fused value range. */
export async function fusionFigures(out: string, mode: 'site' | 'grid'): Promise<Figures> {
  const figures = rowFigures(join(out, 'metrics.csv'), 'metrics', (r) => `${r.series}.${r.period}`, METRICS);
  if (mode === 'grid') Object.assign(figures, range((await readGeoTiffStack(join(out, 'fused.tif'))).data, 'fused'));
  else Object.assign(figures, range(csvRows(join(out, 'fused.csv')).map((r) => (r.fused === '' ? NaN : Number(r.fused))), 'fused'));
  return figures;
}
