import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import type { StationObservation } from '../../src/cube/station-observation.js';
import { formatStationsCsv, readStationsCsv } from '../../src/io/stations.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smfuse-stations-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function csvFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** The InputError that reading `text` raises. */
async function readError(name: string, text: string): Promise<InputError> {
  const path = await csvFile(name, text);
  const err = await readStationsCsv(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).file).toBe(path);
  expect((err as InputError).message).toContain(path);
  return err as InputError;
}

const HEADER = 'network,station,lat,lon,date,sm\n';

describe('station CSV', () => {
  it('round-trips through formatStationsCsv and readStationsCsv', async () => {
    const obs: StationObservation[] = [
      { network: 'Naqu', station: 'NQ01', lat: 31.36912, lon: 91.90134, date: '2013-06-01', sm: 0.2345 },
      { network: 'Maqu', station: 'MQ, "east"', lat: 33.9, lon: 102.15, date: '2013-06-02', sm: 0.4 },
      { network: 'Maqu', station: 'MQ02', lat: -0.1, lon: -179.99999, date: '2012-02-29', sm: 0 },
    ];
    const text = formatStationsCsv(obs);
    expect(text.startsWith(HEADER)).toBe(true);
    expect(await readStationsCsv(await csvFile('round-trip.csv', text))).toEqual(obs);
  });

  it('matches columns by name in any order and case, with quotes, CRLF, BOM and extra columns', async () => {
    const path = await csvFile(
      'reordered.csv',
      '\uFEFFSM,Date,"Station",LON,Lat,depth_m,Network\r\n' +
        '0.21,2013-07-01,"NQ, 03",91.9,31.37,0.05,Naqu\r\n\r\n' +
        ',2013-07-02,NQ03,91.9,31.37,0.05,Naqu\r\n',
    );
    expect(await readStationsCsv(path)).toEqual([
      { network: 'Naqu', station: 'NQ, 03', lat: 31.37, lon: 91.9, date: '2013-07-01', sm: 0.21 },
    ]);
  });

  it('skips readings whose sm is empty, NaN or NA', async () => {
    const path = await csvFile(
      'missing.csv',
      `${HEADER}Naqu,NQ01,31.37,91.9,2013-07-01,\nNaqu,NQ01,31.37,91.9,2013-07-02,NaN\nNaqu,NQ01,31.37,91.9,2013-07-03,NA\n`,
    );
    expect(await readStationsCsv(path)).toEqual([]);
  });

  it('names the file when it cannot be read', async () => {
    await expect(readStationsCsv(join(dir, 'absent.csv'))).rejects.toThrow(/absent\.csv: cannot read/);
  });

  it('names missing columns on line 1', async () => {
    const err = await readError('no-sm.csv', 'network,station,lat,lon,date\nNaqu,NQ01,31.37,91.9,2013-07-01\n');
    expect(err.message).toMatch(/line 1: missing column "sm"/);
  });

  it('rejects an empty file', async () => {
    expect((await readError('empty.csv', '')).message).toMatch(/no header line/);
  });

  it('names the line of a row with the wrong number of fields', async () => {
    const err = await readError('short.csv', `${HEADER}Naqu,NQ01,31.37,91.9,2013-07-01,0.2\nNaqu,NQ01,31.37,2013-07-02,0.2\n`);
    expect(err.message).toMatch(/line 3: 5 fields where the header has 6/);
  });

  it('names the line and column of a bad number', async () => {
    const err = await readError('bad-number.csv', `${HEADER}Naqu,NQ01,31.37,91.9,2013-07-01,0.2\nNaqu,NQ01,31.37,91.9E,2013-07-02,0.2\n`);
    expect(err.message).toMatch(/line 3, column "lon": "91.9E" is not a number/);
  });

  it('names the line and column of an empty coordinate', async () => {
    const err = await readError('empty-lat.csv', `${HEADER}Naqu,NQ01,,91.9,2013-07-01,0.2\n`);
    expect(err.message).toMatch(/line 2, column "lat": empty value/);
  });

  it('rejects coordinates out of range', async () => {
    const lat = await readError('lat.csv', `${HEADER}Naqu,NQ01,91.5,91.9,2013-07-01,0.2\n`);
    expect(lat.message).toMatch(/line 2, column "lat": latitude 91.5 is outside \[-90, 90\]/);
    const lon = await readError('lon.csv', 'LON,lat,network,station,date,sm\n' + '181,31,Naqu,NQ01,2013-07-01,0.2\n');
    expect(lon.message).toMatch(/line 2, column "LON": longitude 181 is outside \[-180, 180\]/);
  });

  it('rejects dates that are not ISO calendar dates', async () => {
    for (const [name, date] of [
      ['slash', '2013/07/01'],
      ['feb30', '2013-02-30'],
      ['short', '2013-7-1'],
    ]) {
      const err = await readError(`${name}.csv`, `${HEADER}Naqu,NQ01,31.37,91.9,${date},0.2\n`);
      expect(err.message).toContain(`line 2, column "date": "${date}" is not a calendar date`);
    }
  });

  it('rejects SM outside [0, 1] and suggests percent where it looks like percent', async () => {
    const percent = await readError('percent.csv', `${HEADER}Naqu,NQ01,31.37,91.9,2013-07-01,23.5\n`);
    expect(percent.message).toMatch(/line 2, column "sm": soil moisture 23.5 is outside \[0, 1\].*percent/);
    const negative = await readError('negative.csv', `${HEADER}Naqu,NQ01,31.37,91.9,2013-07-01,-0.1\n`);
    expect(negative.message).toMatch(/line 2, column "sm": soil moisture -0.1 is outside \[0, 1\]/);
    expect(negative.message).not.toMatch(/percent/);
    const fill = await readError('fill.csv', `${HEADER}Naqu,NQ01,31.37,91.9,2013-07-01,-9999\n`);
    expect(fill.message).not.toMatch(/percent/);
  });

  it('rejects empty names and an unclosed quote, naming the line', async () => {
    const name = await readError('no-station.csv', `${HEADER}Naqu, ,31.37,91.9,2013-07-01,0.2\n`);
    expect(name.message).toMatch(/line 2, column "station": empty station name/);
    const quote = await readError('quote.csv', `${HEADER}Naqu,NQ01,31.37,91.9,2013-07-01,0.2\n"Naqu,NQ01,31.37,91.9,2013-07-02,0.2\n`);
    expect(quote.message).toMatch(/line 3: quoted field is not closed/);
  });

  it('counts lines inside quoted line breaks', async () => {
    const err = await readError('multiline.csv', `${HEADER}Naqu,"NQ\n01",31.37,91.9,2013-07-01,0.2\nNaqu,NQ01,31.37,91.9,2013-07-02,x\n`);
    expect(err.message).toMatch(/line 4, column "sm"/);
  });
});
