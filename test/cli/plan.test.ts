import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { datesOfYear } from '../../src/cube/dates.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import type { RunPlan } from '../../src/run/plan.js';
import { runCli, runCliWithStdout } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';
import { sharedData } from '../helpers/shared-data.js';

const data = fileURLToPath(new URL('../../data', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'smfuse-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plan(config: string): Promise<RunPlan> {
  const r = await runCliWithStdout('plan', config, '--json', '--quiet');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as RunPlan;
}

function validShare(a: Float32Array): number {
  return a.filter((v) => !Number.isNaN(v)).length / a.length;
}

describe('smfuse plan', () => {
  it('summarises the bundled GRNN sample as the run reads it: coverage per input, gap-free references', async () => {
    const p = await plan(join(data, 'run.json'));
    expect(p.grid).toMatchObject({ width: 56, height: 32, crs: 'EPSG:4326', bbox: [90, 26, 104, 34] });
    const ecv = p.inputs.find((i) => i.key === 'ecv')!;
    expect(ecv.validShare).toBeCloseTo(validShare((await readGeoTiffStack(join(data, 'ecv.tif'))).data), 12);
    expect(ecv.daysWithData).toBe(365);
    expect(p.inputs.find((i) => i.key === 'lst')!.validShare).toBe(1);
    expect(p.reference!.missingPixelDays).toBe(0);
  });

  it('counts the pixel-days gappy reference data leave out, and the run warns REFERENCE_MISSING with the same count', async () => {
    const sample = join(dir, 'gappy');
    await writeSmallSample(sample);
    const lst = await readGeoTiffStack(join(sample, 'lst.tif'));
    const plane = lst.grid.width * lst.grid.height;
    // Clouds: cells 0–4 on days 10–19, and the whole of day 200.
    for (let d = 10; d < 20; d++) for (let c = 0; c < 5; c++) lst.data[d * plane + c] = NaN;
    lst.data.fill(NaN, 200 * plane, 201 * plane);
    await writeGeoTiff(join(sample, 'lst.tif'), lst.data, {
      grid: lst.grid,
      bands: lst.bands,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: lst.dates as string[],
    });
    const p = await plan(join(sample, 'run.json'));
    expect(p.reference).toMatchObject({ missingPixelDays: 50 + plane, daysWithMissing: 11 });
    const l = p.inputs.find((i) => i.key === 'lst')!;
    expect(l.emptyDays).toEqual([lst.dates[200]]);
    expect(l.daysWithData).toBe(364);
    const r = await runCli('grnn', '--config', join(sample, 'run.json'), '--out', join(dir, 'gappy-out'), '--quiet');
    expect(r.code).toBe(0);
    const warning = (
      JSON.parse(readFileSync(join(dir, 'gappy-out', 'run.json'), 'utf8')).warnings as { code: string; count: number }[]
    ).find((w) => w.code === 'REFERENCE_MISSING');
    expect(warning?.count).toBe(50 + plane);
    expect(r.stderr).toContain('warning [REFERENCE_MISSING]');
  });

  it('refuses a file that is not a run configuration', async () => {
    const r = await runCli('plan', join(data, 'site', 'series.csv'));
    expect(r.code).toBe(1);
  });
});

describe('smfuse plan on a real MODIS HDF4-EOS granule as a configuration input', () => {
  const granule = sharedData('modis/MOD13A2.A2021225.h11v06.061.2021320163717.hdf');
  it.skipIf(!existsSync(granule))(
    'reads the 16-day NDVI composite through the config (sinusoidal → 0.25°, centres) and holds it over its own 16 days only',
    async () => {
      const folder = join(dir, 'modis');
      mkdirSync(folder);
      const grid = makeGrid({ west: -80, south: 20, east: -75, north: 25 }, 0.25);
      const days = datesOfYear(2021);
      const plane = grid.width * grid.height;
      const stack = async (name: string, value: number, bands: number) =>
        writeGeoTiff(join(folder, name), new Float32Array(plane * bands).fill(value), {
          grid,
          bands,
          sampleType: 'float32',
          nodata: NaN,
          bandDescriptions: bands === 1 ? undefined : days,
        });
      await Promise.all([
        stack('ecv.tif', 0.2, 365),
        stack('fy.tif', 0.25, 365),
        stack('lst.tif', 295, 365),
        stack('albedo.tif', 0.15, 365),
        stack('dem.tif', 10, 1),
      ]);
      const config = {
        year: 2021,
        grid: { bbox: [-80, 20, -75, 25], res: 0.25 },
        inputs: {
          ecv: 'ecv.tif',
          fy: 'fy.tif',
          lst: 'lst.tif',
          albedo: 'albedo.tif',
          dem: 'dem.tif',
          ndvi: { product: 'modis', path: granule, var: 'NDVI', resampling: 'centres', compositeDays: 16 },
        },
      };
      writeFileSync(join(folder, 'run.json'), JSON.stringify(config));
      const p = await plan(join(folder, 'run.json'));
      const ndvi = p.inputs.find((i) => i.key === 'ndvi')!;
      expect(ndvi.product).toMatchObject({ name: 'modis', period: 'P16D', compositeDays: 16, resampling: 'centres' });
      expect(ndvi.product!.nativeGrid).toContain('+proj=sinu');
      expect(ndvi.daysWithData).toBe(16);
      expect(ndvi.emptyDays).toEqual(['2021-01-01…2021-08-12', '2021-08-29…2021-12-31']);
      expect(p.reference!.missingPixelDays).toBeGreaterThan(349 * plane - 1);
    },
  );
});
