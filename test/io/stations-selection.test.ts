import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { loadStations } from '../../src/io/station-input.js';
import type { StationObservation } from '../../src/cube/station-observation.js';
import { silentLogger } from '../../src/log.js';
import { stationCellsWarned } from '../../src/products/validate.js';

const MAQU = join(import.meta.dirname, '..', 'fixtures', 'ismn-maqu');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smfuse-stations-selection-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** code → [count, message] of a logger's warnings. */
function warned(log: ReturnType<typeof silentLogger>): Record<string, [number, string]> {
  return Object.fromEntries(log.warnings().map((w) => [w.code, [w.count, w.message]]));
}

describe('station selection is told with counts', () => {
  it('default (0–0.05 m, flags G,U) on Maqu-like files: readings dropped by flag and depth, a station with none left', async () => {
    const log = silentLogger();
    const obs = await loadStations({ path: MAQU }, log);
    expect(obs).toHaveLength(2);
    const w = warned(log);
    expect(Object.keys(w).sort()).toEqual(['STATIONS_DROPPED', 'STATION_READINGS_FILTERED']);
    // 11 readings with a value: 3 kept, 6 by flag, 2 of the 0.10 m sensor; 1 NaN
    expect(w.STATION_READINGS_FILTERED[0]).toBe(8);
    expect(w.STATION_READINGS_FILTERED[1]).toBe(
      `${MAQU}: kept 3 of 11 readings (depth 0–0.05 m, flags G,U); dropped 6 by quality flag (C03 ×2, D01 ×2, D01,D02 ×1, D04 ×1), 2 of 1 sensor outside the depth range; 1 readings had no value`,
    );
    expect(w.STATIONS_DROPPED).toEqual([1, `${MAQU}: 1 of 2 stations have no reading left after the depth and flag selection: MAQU/CST06`]);
  });

  it('flags that keep nothing: NO_STATIONS_LEFT, counting the stations', async () => {
    const log = silentLogger();
    expect(await loadStations({ path: MAQU, flags: ['G'] }, log)).toEqual([]);
    const w = warned(log);
    expect(w.NO_STATIONS_LEFT[0]).toBe(2);
    expect(w.NO_STATIONS_LEFT[1]).toContain('no station reading is left (depth 0–0.05 m, flags G; 11 readings with a value, 1 without)');
    expect(w.STATION_READINGS_FILTERED[0]).toBe(11);
  });

  it('network and station names: unmatched names are told; a station picked by name with every flag', async () => {
    const log = silentLogger();
    expect(await loadStations({ path: MAQU, networks: ['NAQU'] }, log)).toEqual([]);
    expect(warned(log).STATION_NAMES_UNMATCHED).toEqual([1, `${MAQU}: network NAQU matches no station of this input`]);
    expect(warned(log).NO_STATIONS_LEFT).toBeDefined();

    const picked = silentLogger();
    const obs = await loadStations({ path: MAQU, stations: ['cst06'], flags: ['*'], networks: ['maqu'] }, picked);
    expect(obs.map((o) => [o.station, o.date, o.sm])).toEqual([
      ['CST06', '2010-07-01', 0.2],
      ['CST06', '2010-07-02', 0.22],
    ]);
    // CST05 left out by name is not a warning (it was asked for), only its readings outside 0–0.05 m are
    expect(Object.keys(warned(picked))).toEqual([]);
  });

  it('a station CSV: names select, depth and flags do not apply and say so', async () => {
    const csv = join(dir, 'stations.csv');
    await writeFile(
      csv,
      'network,station,lat,lon,date,sm\nA,S1,31,91,2013-06-01,0.2\nB,S2,31,91,2013-06-01,0.3\nB,S2,31,91,2013-06-02,0.4\n',
    );
    const log = silentLogger();
    const obs = await loadStations({ path: csv, networks: ['B'], flags: ['G'] }, log);
    expect(obs.map((o) => o.sm)).toEqual([0.3, 0.4]);
    expect(Object.keys(warned(log))).toEqual(['STATION_FILTER_NOT_APPLICABLE']);
  });
});

describe('stations meeting the grid and the dates', () => {
  const grid = makeGrid({ west: 91, south: 31, east: 92, north: 32 }, 0.25);
  const dates = ['2013-06-01', '2013-06-02'];
  const at = (station: string, lat: number, lon: number, date: string, sm: number): StationObservation => ({
    network: 'N',
    station,
    lat,
    lon,
    date,
    sm,
  });

  it('off the grid and off the dates are warned with counts; the rest is validated', () => {
    const log = silentLogger();
    const obs = [
      at('IN', 31.5, 91.5, '2013-06-01', 0.2),
      at('IN', 31.5, 91.5, '2012-06-01', 0.2),
      at('OUT', 33.5, 91.5, '2013-06-01', 0.2),
      at('OUT', 33.5, 91.5, '2013-06-02', 0.2),
      at('OLD', 31.2, 91.2, '2012-01-01', 0.3),
      at('OLD', 31.2, 91.2, '2012-01-02', 0.3),
    ];
    const cells = stationCellsWarned(obs, grid, dates, 'st.csv', log);
    expect(cells.series.map((s) => s.stations)).toEqual([['IN'], ['OLD']]);
    const w = warned(log);
    expect(w.STATIONS_OFF_GRID).toEqual([1, 'st.csv: 1 station(s) outside the grid (lon 91…92, lat 31…32), dropped: N/OUT']);
    expect(w.STATIONS_OFF_DATES).toEqual([
      3,
      "st.csv: 3 daily reading(s) fall outside the run's dates 2013-06-01…2013-06-02 (the readings span 2012-01-01…2013-06-02), dropped; 1 station(s) have no reading inside: N/OLD",
    ]);
    expect(w.NO_STATIONS_LEFT).toBeUndefined();
  });

  it('a station file of another year: NO_STATIONS_LEFT (validation would have n = 0)', () => {
    const log = silentLogger();
    stationCellsWarned([at('IN', 31.5, 91.5, '2012-06-01', 0.2)], grid, dates, 'st.csv', log);
    expect(warned(log).NO_STATIONS_LEFT).toEqual([
      1,
      'st.csv: no station reading lies on the grid within 2013-06-01…2013-06-02: nothing to validate against (n = 0)',
    ]);
    expect(warned(log).STATIONS_OFF_DATES[0]).toBe(1);
  });

  it('says nothing when every station and reading is used', () => {
    const log = silentLogger();
    stationCellsWarned([at('IN', 31.5, 91.5, '2013-06-01', 0.2)], grid, dates, 'st.csv', log);
    expect(log.warnings()).toEqual([]);
  });
});
