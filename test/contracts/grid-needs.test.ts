import { describe, expect, it } from 'vitest';
import { lonLatCellOf } from '../../src/grid/crs.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { degreeBoxEdge, degreesToCells, windowLayout } from '../../src/methods/grnn/windows.js';
import { gdal, hasGdal } from '../helpers/gdal.js';

/** GDAL's projection of lon/lat points into EPSG:6933 (EASE-Grid 2.0), independent of proj4js. */
function gdalProject(points: [number, number][]): [number, number][] {
  const out = gdal(
    'sh',
    '-c',
    `printf '${points.map(([x, y]) => `${x} ${y}`).join('\\n')}\\n' | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:6933`,
  );
  return out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).slice(0, 2).map(Number) as [number, number]);
}

// A Tibetan-Plateau box on EASE-Grid 2.0 at 25 km: 56 × 24 cells (x from 90° E, y ≈ 26–34° N).
const RES = 25_000;
const grid = makeGrid({ west: 8_683_000, south: 2_750_000, east: 8_683_000 + 56 * RES, north: 2_750_000 + 24 * RES }, RES, 6933);

describe.skipIf(!hasGdal)('degree windows on a projected grid', () => {
  it('are squares of the area of the degree box at the grid centre (checked against gdaltransform)', () => {
    const { lat, edge } = degreeBoxEdge(grid, 1);
    const [cx, cy] = [grid.originX + 28 * RES, grid.originY - 12 * RES];
    const [lon0] = gdal('sh', '-c', `echo ${cx} ${cy} | gdaltransform -s_srs EPSG:6933 -t_srs EPSG:4326`).trim().split(/\s+/).map(Number);
    const [w, e, s, n] = gdalProject([
      [lon0 - 0.5, lat],
      [lon0 + 0.5, lat],
      [lon0, lat - 0.5],
      [lon0, lat + 0.5],
    ]);
    const expected = Math.sqrt((e[0] - w[0]) * (n[1] - s[1]));
    expect(edge).toBeCloseTo(expected, 0);
    // about 96 km × 111 km at 30° N: a square of ≈ 103 km, 4 cells of 25 km, never 1
    expect(degreesToCells(grid, 1)).toBe(Math.round(expected / RES));
    expect(degreesToCells(grid, 1)).toBe(4);
    expect(windowLayout(grid, { windowCells: 4, blockCells: 4 })).toHaveLength(14 * 6);
  });

  it('leave geographic grids as they were: degrees over the cell size', () => {
    expect(degreesToCells(makeGrid({ west: 90, south: 26, east: 104, north: 34 }, 0.25), 1)).toBe(4);
  });
});

describe.skipIf(!hasGdal)('stations on a projected grid', () => {
  it('are projected into the grid CRS before the cell lookup', () => {
    const stations: [number, number][] = [
      [92.1, 31.4],
      [100.7, 27.2],
      [89.0, 30.0],
    ];
    const projected = gdalProject(stations);
    const locate = lonLatCellOf(grid);
    stations.forEach(([lon, lat], i) => {
      const [x, y] = projected[i];
      const col = Math.floor((x - grid.originX) / RES);
      const row = Math.floor((grid.originY - y) / RES);
      const inside = col >= 0 && col < grid.width && row >= 0 && row < grid.height;
      expect(locate(lon, lat)).toEqual(inside ? { row, col } : null);
    });
    expect(locate(89.0, 30.0)).toBeNull();
  });
});
