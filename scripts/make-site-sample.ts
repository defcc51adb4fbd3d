import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatCsv } from '../src/io/csv.js';
import { syntheticSiteSeries } from '../src/sample/site-series.js';

/** Writes data/site/series.csv (inputs + obs) and truth.csv from the synthetic site model. */
const out = process.argv[2] ?? 'data/site';
const s = syntheticSiteSeries(1);
await mkdir(out, { recursive: true });
const round = (v: number) => (Number.isNaN(v) ? NaN : +v.toFixed(4));
await writeFile(
  join(out, 'series.csv'),
  formatCsv(
    ['date', 'smap', 'clm', 'lst', 'obs'],
    s.dates.map((d, i) => [d, round(s.smap[i]), round(s.clm[i]), +s.lst[i].toFixed(2), round(s.obs[i])]),
  ),
);
await writeFile(
  join(out, 'truth.csv'),
  formatCsv(
    ['date', 'truth'],
    s.dates.map((d, i) => [d, round(s.truth[i])]),
  ),
);
