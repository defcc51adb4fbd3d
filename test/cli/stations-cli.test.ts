import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { smallSampleFolder } from '../helpers/small-sample.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const MAQU = join(FIXTURES, 'ismn-maqu');
const CST05 = join(MAQU, 'MAQU', 'CST05', 'MAQU_MAQU_CST05_sm_0.000000_0.050000_EC-TM_1_1_20100701_20100703.stm');
const CEOP_REFERENCE = join(FIXTURES, 'ismn-ceop-reference', 'SMOSMANIA', 'SMOSMANIA_SMOSMANIA_NBN_20101021_20101022.stm');

const sample = smallSampleFolder('smfuse-stations-cli-');

/** Runs the CLI in this process; its exit code, stdout and stderr. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const { code, stderr } = await runCli(...args);
    return { code, stdout: chunks.join(''), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('smfuse info on ISMN data', () => {
  it('describes a .stm file: station, position, elevation, depth, variable, sensor, dates, readings per flag', async () => {
    const { code, stdout } = await cli('info', CST05);
    expect(code).toBe(0);
    expect(stdout).toContain('format: ISMN station file');
    expect(stdout).toContain('ISMN file (header + values): MAQU; 1 station, 1 sensor (sm 1)');
    expect(stdout).toContain('MAQU/CST05  lat 33.67 lon 102.13  elevation 3717 m  depth 0–0.05 m  sm  sensor EC-TM');
    expect(stdout).toContain('2010-07-01 … 2010-07-03: 7 readings (U 3, D01 2, C03 1, D01,D02 1), 1 missing');
  });

  it('--json: every sensor of a CEOP Reference Data Format file', async () => {
    const { code, stdout } = await cli('info', CEOP_REFERENCE, '--json');
    expect(code).toBe(0);
    const info = JSON.parse(stdout);
    expect(info.format).toBe('ISMN station file');
    expect(
      info.stations.sensors.map((s: { variable: string; depthFrom: number; flags: object; missing: number }) => [
        s.variable,
        s.depthFrom,
        s.flags,
        s.missing,
      ]),
    ).toEqual([
      ['ts', 0.05, { G: 2 }, 1],
      ['sm', 0.05, { U: 2, D02: 1 }, 0],
      ['ts', 0.1, { G: 3 }, 0],
      ['sm', 0.1, { U: 1, G: 1 }, 1],
    ]);
    expect(info.stations.sensors[0]).toMatchObject({
      network: 'SMOSMANIA',
      station: 'Narbonne',
      lat: 43.15,
      lon: 2.9567,
      elevation: 112,
      firstDate: '2010-10-21',
      lastDate: '2010-10-22',
      layout: 'ceop',
    });
  });

  it('--json on a download folder: Metadata.xml extent and period, static variables', async () => {
    const info = JSON.parse((await cli('info', MAQU, '--json')).stdout).stations;
    expect(info).toMatchObject({ kind: 'folder', networks: ['MAQU'], stations: 2, variables: { sm: 3, ts: 1 } });
    expect(info.metadata).toEqual({
      bbox: { west: 101.5, south: 33.3, east: 102.5, north: 34.1 },
      period: { from: '2010-07-01', to: '2010-07-03' },
    });
    expect(info.staticVariables[0].values[0]).toEqual({
      quantity: 'saturation',
      unit: 'm^3*m^-3',
      depthFrom: 0,
      depthTo: 0.3,
      value: 0.52,
      source: 'HWSD',
    });
  });

  it('a malformed .stm is exit 1 naming the file and the line', async () => {
    const bad = join(sample.dir, 'bad_sm.stm');
    writeFileSync(bad, 'MAQU MAQU CST05 33.67 102.13 3717.0 0.0000 0.0500\r2010/07/01 00:00 0.3 U M\r2010/07/32 00:00 0.3 U M\r');
    const { code, stderr } = await cli('info', bad);
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad}: line 3: "2010/07/32" is not a calendar date written yyyy/mm/dd`);
    const notIsmn = join(sample.dir, 'notes.stm');
    writeFileSync(notIsmn, 'hello world\n');
    expect((await cli('info', notIsmn)).stderr).toContain(`${notIsmn}: line 1: not an ISMN header`);
  });
});

describe('stations that validation cannot use are told', () => {
  it('a station file of another year: warnings on stderr, validation n = 0, and exit 1 with --strict', async () => {
    const csv = readFileSync(join(sample.dir, 'in', 'stations.csv'), 'utf8');
    const lastYear = join(sample.dir, 'stations-2012.csv');
    writeFileSync(
      lastYear,
      csv.replace(/,2013-(\d\d)-(\d\d),/g, (_, m, d) => `,2012-${m}-${m === '02' && d === '29' ? '28' : d},`),
    );
    const rows = csv.trim().split('\n').length - 1;
    const out = join(sample.dir, 'out-2012');
    const { code, stderr } = await cli(
      'grnn',
      '--config',
      sample.config,
      '--stations',
      lastYear,
      '--out',
      out,
      '--backend',
      'js',
      '--quiet',
      '--strict',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `warning \\[STATIONS_OFF_DATES\\]: ${lastYear.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${rows} daily reading\\(s\\) fall outside the run's dates 2013-01-01…2013-12-31`,
      ),
    );
    expect(stderr).toContain('warning [NO_STATIONS_LEFT]');
    expect(stderr).toContain('--strict: the run gave');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.warnings.find((w: { code: string }) => w.code === 'STATIONS_OFF_DATES').count).toBe(rows);
    const validation = readFileSync(join(out, 'validation.csv'), 'utf8').trim().split('\n').slice(1);
    expect(validation.length).toBeGreaterThan(0);
    expect(validation.every((line) => line.split(',')[2] === '0')).toBe(true);
  }, 300_000);

  it('evaluate against an ISMN folder equals evaluate against the CSV of its hand-computed daily means', async () => {
    const ismn = join(sample.dir, 'ismn', 'NAQU', 'T1');
    mkdirSync(ismn, { recursive: true });
    writeFileSync(
      join(ismn, 'NAQU_NAQU_T1_sm_0.000000_0.050000_5TM_20130701_20130704.stm'),
      'NAQU NAQU T1 28.6 96.6 4500.0 0.0000 0.0500 5TM\r\n2013/07/01 00:00 0.20 U M\r\n2013/07/01 12:00 0.30 U M\r\n2013/07/02 00:00 0.25 D01 M\r\n' +
        '2013/07/02 12:00 0.27 U M\r\n2013/07/03 00:00 0.40 C03 M\r\n2013/07/04 00:00 0.10 U M\r\n',
    );
    const csv = join(sample.dir, 'ismn-means.csv');
    writeFileSync(
      csv,
      'network,station,lat,lon,date,sm\nNAQU,T1,28.6,96.6,2013-07-01,0.25\nNAQU,T1,28.6,96.6,2013-07-02,0.27\nNAQU,T1,28.6,96.6,2013-07-04,0.1\n',
    );
    const est = join(sample.dir, 'in', 'ecv.tif');
    const fromIsmn = await cli('evaluate', '--est', est, '--obs', join(sample.dir, 'ismn'), '--quiet');
    const fromCsv = await cli('evaluate', '--est', est, '--obs', csv, '--quiet');
    expect(fromIsmn.code).toBe(0);
    expect(fromIsmn.stdout).toBe(fromCsv.stdout);
    expect(fromIsmn.stdout).toMatch(/^n [1-3] /); // the station's days where ECV has a value
    expect(fromIsmn.stderr).toContain('warning [STATION_READINGS_FILTERED]');
    // G alone keeps nothing: told, and the target is empty (an error)
    const none = await cli('evaluate', '--est', est, '--obs', join(sample.dir, 'ismn'), '--station-flags', 'G', '--quiet');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('warning [NO_STATIONS_LEFT]');
    expect(none.stderr).toContain('no station lies on the grid');
  });

  it('--station-depth that is not FROM,TO is a usage error', async () => {
    const { code, stderr } = await cli('grnn', '--config', sample.config, '--station-depth', '0.1,0');
    expect(code).toBe(1);
    expect(stderr).toContain('"0.1,0" is not FROM,TO in metres');
  });
});
