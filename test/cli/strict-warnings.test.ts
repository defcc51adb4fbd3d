import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStrict, loggerFromOptions, StrictWarningsError } from '../../src/cli/log-options.js';
import { buildReport } from '../../src/report/report.js';
import { runCli } from '../helpers/run-cli.js';

const series = fileURLToPath(new URL('../../data/site/series.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'smfuse-strict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--strict', () => {
  it('is silent without warnings and names the warning codes when there are some', () => {
    const opts = { strict: true, quiet: true };
    const log = loggerFromOptions(opts);
    expect(loggerFromOptions(opts)).toBe(log);
    expect(() => checkStrict(opts)).not.toThrow();
    log.warn('STATIONS_OFF_GRID', 'x');
    log.warn('STATIONS_OFF_GRID', 'x', 4);
    log.warn('FUSED_OUT_OF_RANGE', 'y');
    expect(() => checkStrict(opts)).toThrow(StrictWarningsError);
    expect(() => checkStrict(opts)).toThrow('2 warnings (STATIONS_OFF_GRID, FUSED_OUT_OF_RANGE)');
    expect(() => checkStrict({ ...opts, strict: undefined })).not.toThrow();
  });
});

describe('warnings in the report', () => {
  it('come first on the page, one row per code with its count', async () => {
    const out = join(dir, 'site');
    expect((await runCli('enkf', '--site', series, '--out', out, '--quiet')).code).toBe(0);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    writeFileSync(
      join(out, 'run.json'),
      JSON.stringify({ ...run, warnings: [{ code: 'STATIONS_OFF_DATES', message: 'dropped <b>', count: 17 }] }),
    );
    const html = readFileSync((await buildReport(out)).index, 'utf8');
    const first = html.indexOf('<section id="');
    expect(html.slice(first, first + 40)).toContain('id="warnings"');
    expect(html).toContain('<td>STATIONS_OFF_DATES</td><td class="num">17</td><td>dropped &#60;b&#62;</td>');
  });

  it('says so when the run gave none', async () => {
    const out = join(dir, 'site');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    writeFileSync(join(out, 'run.json'), JSON.stringify({ ...run, warnings: [] }));
    expect(readFileSync((await buildReport(out)).index, 'utf8')).toContain('The run gave no warnings.');
  });
});
