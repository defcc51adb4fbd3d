import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-contracts-site-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SERIES = join(__dirname, '..', '..', 'data', 'site', 'series.csv');

/** The bundled site series with one column rewritten by `f`; returns the file and the first changed row's date and value. */
function rewritten(column: string, f: (v: number) => number): { file: string; date: string; value: number } {
  const [header, ...rows] = readFileSync(SERIES, 'utf8').trim().split('\n');
  const at = header.split(',').indexOf(column);
  let first: { date: string; value: number } | undefined;
  const out = rows.map((row) => {
    const cells = row.split(',');
    if (cells[at] !== '' && cells[at].toLowerCase() !== 'nan') {
      cells[at] = String(f(Number(cells[at])));
      first ??= { date: cells[0], value: Number(cells[at]) };
    }
    return cells.join(',');
  });
  const file = join(dir, `${column}.csv`);
  writeFileSync(file, `${[header, ...out].join('\n')}\n`);
  return { file, ...first! };
}

describe('site series are held to the input contracts', () => {
  it('LST in °C: exit 1 naming the file, column, date, value and fix', async () => {
    const { file, date, value } = rewritten('lst', (v) => Math.round((v - 273.15) * 100) / 100);
    const r = await runCli('enkf', '--site', file, '--out', join(dir, 'out-lst'), '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: values range`);
    expect(r.stderr).toContain(`outside [150, 350] expected for LST in kelvin of input lst; first ${value} at ${date} (column lst)`);
    expect(r.stderr).toContain('Fix: LST looks like °C: add 273.15 (`offset: 273.15`)');
  });

  it('observations in percent: exit 1 with the fix', async () => {
    const { file } = rewritten('obs', (v) => Math.round(v * 1000) / 10);
    const r = await runCli('bpann', '--site', file, '--out', join(dir, 'out-obs'), '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('of input obs; first');
    expect(r.stderr).toContain('Fix: soil moisture looks like percent');
  });
});
