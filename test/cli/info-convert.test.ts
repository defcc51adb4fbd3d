import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { gdal, gdalinfo, hasGdal } from '../helpers/gdal.js';
import { hasNetcdfTools } from '../helpers/netcdf-tools.js';
import { runCli, runCliWithStdout } from '../helpers/run-cli.js';
import { sharedData } from '../helpers/shared-data.js';

const DIR = sharedData('esa-cci');
const V05 = ['20160607', '20160608'].map((d) => `${DIR}/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-${d}000000-fv05.2.nc`);
const out = mkdtempSync('/tmp/smfuse-convert-');

const runWithStdout = runCliWithStdout;

describe.skipIf(!hasNetcdfTools)('smfuse info on a real ESA CCI file', () => {
  it('--json lists the variables, grid and date as ncdump -h shows them', async () => {
    const r = await runWithStdout('info', V05[0], '--json');
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as {
      format: string;
      product: string;
      units: string;
      dates: string[];
      grid: Record<string, unknown>;
      variables: { name: string; shape: number[]; type: string; dims: string[]; attrs: Record<string, unknown> }[];
    };
    const header = execFileSync('ncdump', ['-h', V05[0]], { encoding: 'utf8' });
    // every "type name(dims) ;" line of ncdump -h, with its dimension sizes
    const sizes = Object.fromEntries([...header.matchAll(/^\t(\w+) = (?:UNLIMITED ; \/\/ \()?(\d+)/gm)].map((m) => [m[1], Number(m[2])]));
    const declared = [...header.matchAll(/^\t(\w+) (\w+)\(([^)]*)\) ;/gm)].map((m) => ({ type: m[1], name: m[2], dims: m[3].split(', ') }));
    const NC_TYPE: Record<string, string> = { float: 'float32', double: 'float64', short: 'int16', byte: 'int8', int: 'int32' };
    expect(info.variables.map((v) => v.name.replace(/^\//, '')).sort()).toEqual(declared.map((d) => d.name).sort());
    for (const d of declared) {
      const v = info.variables.find((x) => x.name.replace(/^\//, '') === d.name)!;
      expect(v.type, d.name).toBe(NC_TYPE[d.type]);
      expect(v.dims, d.name).toEqual(d.dims);
      expect(v.shape, d.name).toEqual(d.dims.map((n) => sizes[n]));
    }
    const sm = info.variables.find((v) => v.name.endsWith('sm'))!;
    expect(sm.attrs).toMatchObject({ units: 'm3 m-3', _FillValue: [-9999], valid_range: [0, 1] });
    expect(info).toMatchObject({ format: 'HDF5 / NetCDF-4', product: 'esa-cci', units: 'm3/m3', dates: ['2016-06-07'] });
    // time = 16959 days since 1970-01-01 (ncdump -t prints the date)
    expect(execFileSync('ncdump', ['-t', '-v', 'time', V05[0]], { encoding: 'utf8' })).toContain('"2016-06-07"');
    expect(info.grid).toEqual({ width: 1440, height: 720, originX: -180, originY: 90, resX: 0.25, resY: 0.25, crs: 'EPSG:4326' });
  });
});

describe.skipIf(!hasGdal)('smfuse convert: two ESA CCI v05.2 days → 0.5° mean, against gdalwarp -r average', () => {
  it("writes one band per date whose values equal gdalwarp's cell by cell", async () => {
    const tif = join(out, 'cci.tif');
    const pattern = `${DIR}/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-{YYYYMMDD}000000-fv05.2.nc`;
    const r = await runCli('convert', pattern, '--out', tif, '--bbox', '70,25,105,40', '--res', '0.5', '--resampling', 'mean', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = gdalinfo(tif);
    expect(info.size).toEqual([70, 30]);
    expect(info.geoTransform).toEqual([70, 0.5, 0, 40, 0, -0.5]);
    expect(info.bands.map((b) => b.description)).toEqual(['2016-06-07', '2016-06-08']);
    const ours = await readGeoTiffStack(tif);
    for (const [b, file] of V05.entries()) {
      const warped = join(out, `gdal-${b}.tif`);
      gdal(
        'gdalwarp',
        '-q',
        '-r',
        'average',
        '-et',
        '0',
        '-ot',
        'Float32',
        '-dstnodata',
        'nan',
        '-s_srs',
        'EPSG:4326',
        '-t_srs',
        'EPSG:4326',
        '-te',
        '70',
        '25',
        '105',
        '40',
        '-tr',
        '0.5',
        '0.5',
        `NETCDF:"${file}":sm`,
        warped,
      );
      const theirs = (await readGeoTiffStack(warped)).data;
      let valid = 0;
      for (let i = 0; i < theirs.length; i++) {
        const v = ours.data[b * theirs.length + i];
        if (Number.isNaN(theirs[i])) expect(v, `band ${b + 1} cell ${i}`).toBeNaN();
        else {
          valid++;
          expect(v, `band ${b + 1} cell ${i}`).toBeCloseTo(theirs[i], 6);
        }
      }
      expect(valid).toBeGreaterThan(500);
    }
  });

  it('a file that is not a product fails naming it', async () => {
    const r = await runCli('convert', '/work/main/package.json', '--out', join(out, 'x.tif'), '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/package\.json: is text, not NetCDF or HDF5/);
  });
});
