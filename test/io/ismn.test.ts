import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { parseIsmn, readIsmn, stationInputFiles } from '../../src/io/ismn.js';
import { ismnLayout } from '../../src/io/ismn-format.js';
import type { StationObservation } from '../../src/cube/station-observation.js';
import { readStations } from '../../src/io/stations.js';
import { networkCellSeries } from '../../src/products/validate.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ismn');
const HEADER_VALUES = join(FIXTURES, 'header-values');
const NQ01 = join(HEADER_VALUES, 'NAQU', 'NQ01', 'NAQU_NAQU_NQ01_sm_0.000000_0.050000_5TM_20130601_20130603.stm');
const CEOP = join(FIXTURES, 'ceop', 'MAQU', 'CST01', 'MAQU_MAQU_CST01_sm_0.000000_0.050000_EC-TM_20130601_20130602.stm');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smfuse-ismn-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Daily means as `station date → sm` (rounded to 1e-12 so hand sums compare exactly). */
function byDay(obs: readonly StationObservation[]): Record<string, number> {
  return Object.fromEntries(obs.map((o) => [`${o.station} ${o.date}`, Math.round(o.sm * 1e12) / 1e12]));
}

const HV_HEADER = 'NAQU NAQU NQ09 31.5 91.9 4500.0 0.0000 0.0500 Decagon 5TM\n';
const CEOP_ROW = (value: string) => `2013/06/01 00:00 2013/06/01 00:00 MAQU MAQU CST09 33.8 102.1 3507.00 0.00 0.05 ${value} G M\n`;

function parseError(text: string): InputError {
  try {
    parseIsmn(text, 'bad.stm');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).file).toBe('bad.stm');
    return err as InputError;
  }
  throw new Error('parseIsmn accepted bad input');
}

describe('ISMN header + values', () => {
  it('gives the mean of each UTC day of the G readings of the 0–0.05 m sensor', async () => {
    const obs = await readIsmn(NQ01);
    // 06-01: 0.200, 0.220, 0.240 (the D02 reading dropped); 06-02: 0.150, 0.190; 06-03: only C03
    expect(byDay(obs)).toEqual({ 'NQ01 2013-06-01': 0.22, 'NQ01 2013-06-02': 0.17 });
    expect(obs[0]).toMatchObject({ network: 'NAQU', station: 'NQ01', lat: 31.36912, lon: 91.90134 });
  });

  it('keeps other flags on request: a reading needs every code of its field kept', async () => {
    // D02 kept: 06-01 gains 0.300; "D02,D03" still dropped since D03 is not kept
    expect(byDay(await readIsmn(NQ01, { flags: ['G', 'D02'] }))).toEqual({ 'NQ01 2013-06-01': 0.24, 'NQ01 2013-06-02': 0.17 });
    // every flag: 06-02 = (0.150 + 0.200 + 0.190) / 3, 06-03 = 0.300
    expect(byDay(await readIsmn(NQ01, { flags: ['*'] }))).toEqual({
      'NQ01 2013-06-01': 0.24,
      'NQ01 2013-06-02': 0.18,
      'NQ01 2013-06-03': 0.3,
    });
  });

  it('reads a download folder: soil-moisture .stm files only, sensors deeper than 0.05 m left out by default', async () => {
    const obs = await readStations(HEADER_VALUES);
    expect(byDay(obs)).toEqual({ 'NQ01 2013-06-01': 0.22, 'NQ01 2013-06-02': 0.17, 'NQ02 2013-06-01': 0.11 });
    // a 0–0.10 m selection adds the 0.10 m sensor of NQ01 (0.350, 0.370 → 0.36) as a second series of NQ01
    const deeper = await readStations(HEADER_VALUES, { depth: [0, 0.1] });
    expect(
      deeper
        .filter((o) => o.station === 'NQ01' && o.date === '2013-06-01')
        .map((o) => o.sm)
        .sort(),
    ).toEqual([0.22, 0.36].map((v) => expect.closeTo(v, 12)));
  });

  it('network mean in a cell: stations averaged after each station averages its sensors', async () => {
    const grid = makeGrid({ west: 91, south: 31, east: 92, north: 32 }, 0.25);
    const { series } = networkCellSeries(await readStations(HEADER_VALUES, { depth: [0, 0.1] }), grid, ['2013-06-01', '2013-06-02']);
    expect(series).toHaveLength(1);
    expect(series[0].stations).toEqual(['NQ01', 'NQ02']);
    // 06-01: NQ01 = (0.22 + 0.36) / 2 = 0.29, NQ02 = 0.11 → 0.20; 06-02: NQ01 only
    expect(series[0].values[0]).toBeCloseTo(0.2, 6);
    expect(series[0].values[1]).toBeCloseTo(0.17, 6);
  });
});

describe('ISMN CEOP', () => {
  it('reads per-row metadata; -999.99 is missing, C02 dropped', async () => {
    const obs = await readStations(CEOP);
    expect(byDay(obs)).toEqual({ 'CST01 2013-06-01': 0.31, 'CST01 2013-06-02': 0.28 });
    expect(obs[0]).toMatchObject({ network: 'MAQU', station: 'CST01', lat: 33.8867, lon: 102.1397 });
  });
});

describe('ISMN sniffing', () => {
  it('tells the layouts and CSV apart by the first line', () => {
    expect(ismnLayout('REMEDHUS REMEDHUS Canizal 41.19603 -5.35997 690.0 0.0000 0.0500 Stevens Hydra')).toBe('header-values');
    expect(ismnLayout(CEOP_ROW('0.2'))).toBe('ceop-separate');
    expect(ismnLayout('network,station,lat,lon,date,sm')).toBeNull();
  });

  it('still reads CSV through readStations', async () => {
    const path = join(dir, 'stations.csv');
    await writeFile(path, 'network,station,lat,lon,date,sm\nN,S,31,91,2013-06-01,0.2\n');
    expect(await readStations(path)).toEqual([{ network: 'N', station: 'S', lat: 31, lon: 91, date: '2013-06-01', sm: 0.2 }]);
  });

  it('lists the files a station input reads, for checksums', async () => {
    const files = await stationInputFiles(HEADER_VALUES);
    expect(files.map((f) => f.slice(HEADER_VALUES.length + 1))).toEqual([
      'NAQU/NQ01/NAQU_NAQU_NQ01_sm_0.000000_0.050000_5TM_20130601_20130603.stm',
      'NAQU/NQ01/NAQU_NAQU_NQ01_sm_0.100000_0.100000_5TM_20130601_20130603.stm',
      'NAQU/NQ02/NAQU_NAQU_NQ02_sm_0.050000_0.050000_5TM_20130601_20130603.stm',
    ]);
    expect(await stationInputFiles(CEOP)).toEqual([CEOP]);
  });

  it('refuses a folder without .stm files', async () => {
    await expect(readStations(dir)).rejects.toThrow(`${dir}: no ISMN sm files`);
  });
});

describe('bad ISMN input names the file and the line', () => {
  it.each([
    [`${HV_HEADER}2013/02/30 00:00 0.2 G M\n`, 'line 2: "2013/02/30" is not a calendar date written yyyy/mm/dd'],
    [`${HV_HEADER}2013/06/01 24:00 0.2 G M\n`, 'line 2: "24:00" is not a time written hh:mm'],
    [`${HV_HEADER}2013/06/01 00:00 0.2 G M\n2013/06/01 01:00 x G M\n`, 'line 3: value "x" is not a number'],
    [
      `${HV_HEADER}2013/06/01 00:00 23.5 G M\n`,
      'line 2: soil moisture 23.5 (flag G) is outside [0, 1] m³/m³ (it looks like percent; ISMN stores m³/m³)',
    ],
    [`${HV_HEADER}2013/06/01 00:00\n`, 'line 2: 2 fields, expected "yyyy/mm/dd hh:mm value flag orig_flag"'],
    ['NAQU NAQU NQ09 95.5 91.9 4500.0 0.0000 0.0500\n', 'line 1: latitude 95.5 is outside [-90, 90]'],
    ['NAQU NAQU NQ09 31.5 91.9 4500.0 0.1000 0.0500\n', 'line 1: depth_from 0.1 m is below depth_to 0.05 m'],
    [CEOP_ROW('0.2') + CEOP_ROW('0.2 extra'), "line 2: 16 fields where this file's CEOP rows have 15"],
    ['\n\nhello world\n', 'line 3: not an ISMN header'],
    ['  \n', 'empty ISMN file'],
  ])('%j', (text, message) => {
    expect(parseError(text).message).toContain(`bad.stm: ${message}`);
  });
});
