import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pairStats } from '../../kernels/metrics/pair-stats.js';
import { FIT_FORMS } from '../../kernels/metrics/fit-forms.js';
import { readSiteSeries } from '../../src/io/site-series.js';
import { runCli } from '../helpers/run-cli.js';

const series = fileURLToPath(new URL('../../data/site/series.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'smfuse-fitforms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('smfuse fitforms', () => {
  it('writes every form for every input; the linear form’s R is the inputs’ Pearson R', async () => {
    const r = await runCli('fitforms', '--site', series, '--out', dir, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const [header, ...lines] = readFileSync(join(dir, 'fitforms.csv'), 'utf8').trim().split('\n');
    expect(header).toBe('input,form,a,b,r,n');
    const rows = lines.map((l) => l.split(','));
    expect(rows.map((row) => `${row[0]} ${row[1]}`)).toEqual(['smap', 'clm', 'lst'].flatMap((i) => FIT_FORMS.map((f) => `${i} ${f}`)));
    const { cube } = await readSiteSeries(series);
    for (const [k, x] of [cube.smap, cube.clm, cube.lst].entries()) {
      const linear = rows[k * FIT_FORMS.length];
      const s = pairStats(x, cube.obs);
      expect(Number(linear[4])).toBeCloseTo(Math.abs(s.r), 6);
      expect(Number(linear[5])).toBe(s.n);
    }
  });
});
