/**
 * SRTM .hgt / .hgt.zip tiles against GDAL's SRTMHGT driver: synthetic 3″ tiles (1201 × 1201,
 * big-endian int16, voids) written here, zipped with Info-ZIP's `zip`, read by smfuse and
 * by GDAL (gdalinfo, gdal_translate, gdalwarp -r average over gdalbuildvrt), cell for cell.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { readProductStack } from '../../src/io/product-stack.js';
import { openProduct } from '../../src/io/products/open-product.js';
import { sniffFormat } from '../../src/io/sniff.js';
import { gdal, gdalinfo, hasGdal } from '../helpers/gdal.js';
import { runCliWithStdout } from '../helpers/run-cli.js';

const dir = mkdtempSync('/tmp/smfuse-srtm-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SIDE = 1201;

/**
 * Elevation (m) at a cell centre, a function of its position only, so that neighbouring
 * tiles agree on the row/column they share; about 1 cell in 97 is void (−32768).
 */
function elevation(lat: number, lon: number): number {
  const k = Math.round(lat * 1200) * 7 + Math.round(lon * 1200) * 13;
  if (((k % 97) + 97) % 97 === 0) return -32768;
  return Math.round(
    4500 + 1200 * Math.sin(lat * 9.1) * Math.cos(lon * 7.3) + 300 * Math.sin(lon * 41 + lat * 17) - 2 * (((k % 11) + 11) % 11),
  );
}

/** A 3″ tile named by its south-west corner, as NASA writes it (raw big-endian int16, north row first). */
function writeTile(folder: string, lat: number, lon: number): string {
  const name = `${lat >= 0 ? 'N' : 'S'}${String(Math.abs(lat)).padStart(2, '0')}${lon >= 0 ? 'E' : 'W'}${String(Math.abs(lon)).padStart(3, '0')}.hgt`;
  const bytes = Buffer.alloc(2 * SIDE * SIDE);
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) bytes.writeInt16BE(elevation(lat + 1 - r / (SIDE - 1), lon + c / (SIDE - 1)), 2 * (r * SIDE + c));
  }
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
}

/** `N28E086.SRTMGL3.hgt.zip` holding `N28E086.hgt`, as LP DAAC ships it. */
function zipTile(hgt: string): string {
  const out = hgt.replace(/\.hgt$/, '.SRTMGL3.hgt.zip');
  execFileSync('zip', ['-q', '-j', out, hgt]);
  return out;
}

const TILES: [number, number][] = [
  [28, 86],
  [28, 87],
  [29, 86],
  [29, 87],
];
const hgtDir = join(dir, 'hgt');
const zipDir = join(dir, 'zip');
let hgts: string[] = [];
let zips: string[] = [];

beforeAll(() => {
  mkdirSync(hgtDir);
  mkdirSync(zipDir);
  hgts = TILES.map(([lat, lon]) => writeTile(hgtDir, lat, lon));
  zips = hgts.map((h) => {
    const z = zipTile(h);
    const moved = join(zipDir, z.slice(z.lastIndexOf('/') + 1));
    renameSync(z, moved);
    return moved;
  });
});

/** GDAL's values of a tile as float32, voids NaN. */
async function gdalValues(source: string): Promise<Float32Array> {
  const out = join(dir, `gdal-${Math.random().toString(36).slice(2)}.tif`);
  gdal('gdal_translate', '-q', '-ot', 'Float32', source, out);
  return (await readGeoTiffStack(out)).data;
}

function expectSameCells(ours: Float32Array, theirs: Float32Array): { valid: number; voids: number } {
  expect(ours.length).toBe(theirs.length);
  let valid = 0;
  let voids = 0;
  let wrong = 0;
  for (let i = 0; i < ours.length; i++) {
    if (Number.isNaN(theirs[i])) {
      voids++;
      if (!Number.isNaN(ours[i])) wrong++;
    } else {
      valid++;
      if (ours[i] !== theirs[i]) wrong++;
    }
  }
  expect(wrong).toBe(0);
  return { valid, voids };
}

describe.skipIf(!hasGdal)("SRTM tiles against GDAL's SRTMHGT driver", () => {
  it('a .hgt is told by its name and size, a .hgt.zip by its name and zip signature', async () => {
    expect(await sniffFormat(hgts[0])).toBe('srtm');
    expect(await sniffFormat(zips[0])).toBe('srtm');
  });

  it('N28E086.hgt: the grid gdalinfo gives (pixel-is-point corners) and every value gdal_translate gives', async () => {
    const p = await openProduct(hgts[0], 'auto');
    const info = gdalinfo(hgts[0]);
    expect(p.product).toBe('srtm');
    expect(p.units).toBe('m');
    expect(p.dates).toEqual([null]);
    expect([p.grid.width, p.grid.height]).toEqual(info.size);
    const gt = [p.grid.originX, p.grid.resX, 0, p.grid.originY, 0, -p.grid.resY];
    gt.forEach((v, i) => expect(v).toBeCloseTo(info.geoTransform[i], 12));
    expect(p.grid.originX).toBeCloseTo(86 - 0.5 / 1200, 12);
    expect(p.grid.originY).toBeCloseTo(29 + 0.5 / 1200, 12);
    expect(info.bands[0].noDataValue).toBe(-32768);
    const { valid, voids } = expectSameCells(p.readLayer(0, { row0: 0, col0: 0, rows: SIDE, cols: SIDE }), await gdalValues(hgts[0]));
    expect(valid).toBeGreaterThan(1_400_000);
    expect(voids).toBeGreaterThan(10_000);
  });

  it('N28E087.SRTMGL3.hgt.zip reads as GDAL reads /vsizip/ of it, and as the unzipped tile', async () => {
    const z = await openProduct(zips[1], 'srtm');
    const h = await openProduct(hgts[1], 'srtm');
    expect(z.grid).toEqual(h.grid);
    const all = { row0: 0, col0: 0, rows: SIDE, cols: SIDE };
    expectSameCells(z.readLayer(0, all), await gdalValues(`/vsizip/${zips[1]}/N28E087.hgt`));
    expectSameCells(z.readLayer(0, all), h.readLayer(0, all));
  });

  it("four tiles, one target grid: each 0.25° cell is gdalwarp -r average of the tiles' mosaic (VRT)", async () => {
    const target = makeGrid({ west: 86, south: 28, east: 88, north: 30 }, 0.25);
    const ours = await readProductStack(zips, { product: 'auto', target, resampling: 'mean' });
    expect(ours.dates).toEqual([null]);
    expect(ours.units).toBe('m');
    const vrt = join(dir, 'mosaic.vrt');
    gdal('gdalbuildvrt', '-q', vrt, ...hgts);
    const warped = join(dir, 'mosaic-0.25.tif');
    gdal(
      'gdalwarp',
      '-q',
      '-et',
      '0',
      '-r',
      'average',
      '-ot',
      'Float32',
      '-dstnodata',
      'nan',
      '-te',
      '86',
      '28',
      '88',
      '30',
      '-tr',
      '0.25',
      '0.25',
      vrt,
      warped,
    );
    const theirs = (await readGeoTiffStack(warped)).data;
    expect(theirs.length).toBe(64);
    let seamCells = 0;
    for (let i = 0; i < 64; i++) {
      const [row, col] = [Math.floor(i / 8), i % 8];
      // the shared row (29°N) and column (87°E) lie on these cells' edges: each tile brings
      // its own copy, so they weigh twice in smfuse's mosaic and once in GDAL's VRT
      const onSeam = row === 3 || row === 4 || col === 3 || col === 4;
      if (onSeam) {
        seamCells++;
        expect(Math.abs(ours.data[i] - theirs[i]), `cell ${i}`).toBeLessThan(2);
      } else {
        expect(ours.data[i], `cell ${i}`).toBeCloseTo(theirs[i], 2);
      }
    }
    expect(seamCells).toBe(28);
  });

  it('smfuse convert "zip/*.hgt.zip" --product srtm writes the mosaic readProductStack makes; info describes a tile', async () => {
    const out = join(dir, 'dem-0.25.tif');
    const r = await runCliWithStdout(
      'convert',
      join(zipDir, '*.hgt.zip'),
      '--product',
      'srtm',
      '--bbox',
      '86,28,88,30',
      '--res',
      '0.25',
      '--resampling',
      'mean',
      '--out',
      out,
      '--quiet',
    );
    expect(r.code, r.stderr).toBe(0);
    const written = await readGeoTiffStack(out);
    const direct = await readProductStack(zips, {
      product: 'srtm',
      target: makeGrid({ west: 86, south: 28, east: 88, north: 30 }, 0.25),
      resampling: 'mean',
    });
    expectSameCells(written.data, direct.data);
    const info = await runCliWithStdout('info', zips[0], '--json');
    expect(info.code, info.stderr).toBe(0);
    const j = JSON.parse(info.stdout) as {
      format: string;
      product: string;
      units: string;
      grid: { width: number; crs: string };
      variables: { name: string; type: string; shape: number[]; attrs: Record<string, unknown> }[];
    };
    expect(j).toMatchObject({ format: 'srtm', product: 'srtm', units: 'm', grid: { width: 1201, crs: 'EPSG:4326' } });
    expect(j.variables).toEqual([{ name: 'elevation', dims: ['y', 'x'], shape: [1201, 1201], type: 'Int16', attrs: { nodata: [-32768] } }]);
  });

  it('a .hgt of the wrong size is not taken for SRTM; a damaged zip is an input error naming the file', async () => {
    const short = join(dir, 'N10E010.hgt');
    writeFileSync(short, Buffer.alloc(2 * 1200 * 1200, 1));
    await expect(sniffFormat(short)).rejects.toThrow(/unknown format/);
    const bad = join(dir, 'N10E011.SRTMGL3.hgt.zip');
    const zip = readFileSync(zips[0]);
    writeFileSync(bad, zip.subarray(0, zip.length - 100));
    await expect(openProduct(bad, 'auto')).rejects.toThrow(InputError);
    await expect(openProduct(bad, 'auto')).rejects.toThrow(/N10E011\.SRTMGL3\.hgt\.zip: not a complete zip archive/);
  });
});
