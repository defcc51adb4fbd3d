import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsmnCounted, readIsmnCounted } from '../../src/io/ismn.js';
import { parseIsmnFileName } from '../../src/io/ismn-format.js';
import type { StationObservation } from '../../src/cube/station-observation.js';
import { copyWithLineEnding, LINE_ENDINGS, withLineEnding } from '../helpers/line-endings.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const HEADER_VALUES = join(FIXTURES, 'ismn', 'header-values');
const CEOP_SEPARATE = join(FIXTURES, 'ismn', 'ceop');
const CEOP_REFERENCE = join(FIXTURES, 'ismn-ceop-reference');
const MAQU = join(FIXTURES, 'ismn-maqu');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smfuse-ismn-layouts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Daily means as `station date → value`, rounded to 1e-12 so hand sums compare exactly. */
function byDay(obs: readonly StationObservation[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of obs) {
    const key = `${o.station} ${o.date}`;
    expect(out[key], `one value per station and day: ${key}`).toBeUndefined();
    out[key] = Math.round(o.sm * 1e12) / 1e12;
  }
  return out;
}

describe.each(LINE_ENDINGS)('%s line endings', (ending) => {
  let copy: string;
  beforeAll(async () => {
    copy = join(dir, ending);
    await copyWithLineEnding(HEADER_VALUES, join(copy, 'hv'), ending);
    await copyWithLineEnding(CEOP_SEPARATE, join(copy, 'ceop'), ending);
    await copyWithLineEnding(CEOP_REFERENCE, join(copy, 'ceop-ref'), ending);
    await copyWithLineEnding(MAQU, join(copy, 'maqu'), ending);
  });

  it('header + values: the mean of each UTC day of the kept readings', async () => {
    const { observations } = await readIsmnCounted(join(copy, 'hv'));
    // NQ01 06-01: 0.200, 0.220, 0.240 (D02 dropped); 06-02: 0.150, 0.190 (D02,D03 dropped); 06-03: only C03
    // NQ02 06-01: 0.100, 0.120 (its 0.05–0.05 m sensor lies within 0–0.05 m)
    expect(byDay(observations)).toEqual({ 'NQ01 2013-06-01': 0.22, 'NQ01 2013-06-02': 0.17, 'NQ02 2013-06-01': 0.11 });
  });

  it('CEOP separate files: -999.99 is missing, C02 dropped', async () => {
    const { observations, tally } = await readIsmnCounted(join(copy, 'ceop'));
    // 06-01: (0.30 + 0.32) / 2; 06-02: 0.28 (the -999.99 missing, the C02 0.91 dropped)
    expect(byDay(observations)).toEqual({ 'CST01 2013-06-01': 0.31, 'CST01 2013-06-02': 0.28 });
    expect(tally).toMatchObject({ readings: 4, missing: 1, kept: 3, byFlag: 1 });
  });

  it('CEOP Reference Data Format: soil moisture of the sensors in the depth range', async () => {
    const ref = join(copy, 'ceop-ref');
    // 0.05 m: 10-21 (0.22 + 0.24) / 2 = 0.23, 10-22 only D02
    expect(byDay((await readIsmnCounted(ref)).observations)).toEqual({ 'Narbonne 2010-10-21': 0.23 });
    // 0–0.10 m adds the 0.10 m sensor: 10-21 0.25 (the other reading missing), 10-22 0.26
    const deeper = (await readIsmnCounted(ref, { depth: [0, 0.1] })).observations;
    expect(deeper.map((o) => [o.date, Math.round(o.sm * 1e12) / 1e12]).sort()).toEqual([
      ['2010-10-21', 0.23],
      ['2010-10-21', 0.25],
      ['2010-10-22', 0.26],
    ]);
  });

  it('CEOP Reference Data Format: soil temperature is selectable', async () => {
    const ts = (await readIsmnCounted(join(copy, 'ceop-ref'), { variable: 'ts', depth: [0, 0.1] })).observations;
    // 0.05 m: (12.5 + 15.5) / 2 = 14.0, 10-22 missing; 0.10 m: (13.0 + 14.0) / 2 = 13.5, 10-22 11.0
    expect(ts.map((o) => [o.date, o.sm]).sort()).toEqual([
      ['2010-10-21', 13.5],
      ['2010-10-21', 14],
      ['2010-10-22', 11],
    ]);
  });

  it('Maqu-like flags (U, D01, C03, no G): the default keeps U, and counts what it drops', async () => {
    const { observations, tally } = await readIsmnCounted(join(copy, 'maqu'));
    // CST05 0–0.05 m: 07-01 (0.30 + 0.32) / 2 (C03 0.61 dropped); 07-02 0.28 (D01, D01,D02 dropped); 07-03 only D01
    // CST06: D04 and C03 only; CST05 0.10 m: outside the depth range; the ts file is not read
    expect(byDay(observations)).toEqual({ 'CST05 2010-07-01': 0.31, 'CST05 2010-07-02': 0.28 });
    expect(tally).toMatchObject({ readings: 11, missing: 1, kept: 3, byFlag: 6, byDepth: 2, sensorsByDepth: 1, byName: 0 });
    expect(Object.fromEntries(tally.droppedFlags)).toEqual({ C03: 2, D01: 2, 'D01,D02': 1, D04: 1 });
    expect([...tally.stations].sort()).toEqual(['MAQU/CST05', 'MAQU/CST06']);
    expect([...tally.stationsKept]).toEqual(['MAQU/CST05']);
  });

  it('Maqu-like flags: G alone keeps nothing; U and D01 keep the frozen-soil readings', async () => {
    const g = await readIsmnCounted(join(copy, 'maqu'), { flags: ['G'] });
    expect(g.observations).toEqual([]);
    expect(g.tally.byFlag).toBe(9);
    // 07-02: (0.05 + 0.28) / 2 = 0.165 (D01,D02 needs D02 too); 07-03: 0.04
    const thawed = await readIsmnCounted(join(copy, 'maqu'), { flags: ['U', 'D01'] });
    expect(byDay(thawed.observations)).toEqual({ 'CST05 2010-07-01': 0.31, 'CST05 2010-07-02': 0.165, 'CST05 2010-07-03': 0.04 });
  });
});

describe('ISMN quirks from real downloads', () => {
  it('reads file names with a sensor index (_1_1_) and underscores in the sensor', () => {
    expect(parseIsmnFileName('RSMN_RSMN_Adamclisi_sm_0.000000_0.050000_Meter-5TM_1_1_19500101_20260512.stm')).toEqual({
      network: 'RSMN',
      station: 'Adamclisi',
      variable: 'sm',
      sensor: 'Meter-5TM_1_1',
    });
    expect(parseIsmnFileName('TAHMO_TAHMO_KNUSTFarm,Kumasi_sm_0.100000_0.100000_TEROS12_20170105_20250105.stm')).toMatchObject({
      station: 'KNUSTFarm,Kumasi',
    });
    expect(parseIsmnFileName('SMOSMANIA_SMOSMANIA_NBN_20100304_20130801.stm')).toEqual({
      network: 'SMOSMANIA',
      station: 'NBN',
      variable: null,
      sensor: null,
    });
    expect(parseIsmnFileName('stations.csv')).toBeNull();
  });

  it('reads a header whose station has commas and no sensor, with original flags that are numbers', () => {
    const text =
      'TAHMO      TAHMO      KNUST_Farm,_Kumasi 6.69099 -1.51909                 274.0 0.1000 0.1000\n2019/04/27 15:00 0.247 G 1\n2019/04/27 16:00 0.24 G 1\n';
    const { observations } = parseIsmnCounted(text, 'x.stm', { depth: [0, 0.1] });
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject({
      network: 'TAHMO',
      station: 'KNUST_Farm,_Kumasi',
      lat: 6.69099,
      lon: -1.51909,
      date: '2019-04-27',
    });
    expect(observations[0].sm).toBeCloseTo(0.2435, 12);
  });

  it('CR-only text gives the same readings as LF, not 0 observations', () => {
    const text =
      "RSMN RSMN Adamclisi 44.08829 27.96591 158.0 0.0000 0.0500 'Meter-5TM'\n2024/12/21 14:00 0.128 G M\n2024/12/21 15:00 0.133 D04 M\n2024/12/21 16:00 0.132 G M\n";
    const lf = parseIsmnCounted(text, 'a.stm');
    const cr = parseIsmnCounted(withLineEnding(text, 'CR'), 'a.stm');
    expect(cr.observations).toEqual(lf.observations);
    expect(cr.observations[0].sm).toBeCloseTo(0.13, 12);
    expect(cr.tally).toMatchObject({ readings: 3, kept: 2, byFlag: 1 });
  });
});
