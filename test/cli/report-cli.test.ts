import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { configDir, parseGrnnConfig, readJsonConfig } from '../../src/config/grnn-config.js';
import { runGrnn } from '../../src/run/grnn/run.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

async function help(...path: string[]): Promise<string> {
  let cmd = await buildProgram(path);
  for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!;
  return cmd.helpInformation();
}

describe('CLI help', () => {
  it('lists the commands and the global options', async () => {
    const text = await help();
    for (const part of ['grnn', 'report', 'demo', '--version', '--help']) expect(text).toContain(part);
  });

  it('report and demo help', async () => {
    expect(await help('report')).toMatchSnapshot();
    expect(await help('demo')).toMatchSnapshot();
  });

  it('grnn takes --report, --quiet and --log-json', async () => {
    const text = await help('grnn');
    for (const flag of ['--report', '-q, --quiet', '--log-json']) expect(text).toContain(flag);
  });
});

describe('CLI usage errors', () => {
  for (const args of [['report', 'x', '--bogus'], ['demo', '--bogus'], ['grnn', '--bogus'], ['report']]) {
    it(`smfuse ${args.join(' ')} exits 1`, async () => {
      const { code, stderr } = await runCli(...args);
      expect(code).toBe(1);
      expect(stderr).toMatch(/error/);
    });
  }

  it('report on a folder without run.json says what is wrong and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smfuse-empty-'));
    const { code, stderr } = await runCli('report', dir);
    rmSync(dir, { recursive: true });
    expect(code).toBe(1);
    expect(stderr).toContain('no run.json');
  });
});

describe('smfuse report on a small sample run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smfuse-report-cli-'));
  const out = join(dir, 'out');

  beforeAll(async () => {
    await writeSmallSample(join(dir, 'in'));
    const run = await runCli('grnn', '--config', join(dir, 'in', 'run.json'), '--out', out, '--quiet');
    expect(run.code).toBe(0);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('grnn reports one progress step per input read and per output file written', async () => {
    const steps: string[] = [];
    const log = {
      ...silentLogger(),
      progress: (stage: string, done: number, total: number) => void steps.push(`${stage} ${done}/${total}`),
    };
    const file = join(dir, 'in', 'run.json');
    const config = parseGrnnConfig({ ...((await readJsonConfig(file)) as object), out: join(dir, 'progress') }, file, configDir(file));
    const summary = await runGrnn(config, log);
    expect(steps.filter((s) => s.startsWith('reading '))).toEqual([1, 2, 3, 4, 5, 6].map((i) => `reading ${i}/6`));
    const writing = steps.filter((s) => s.startsWith('writing '));
    // run.json is written after the outputs, outside the stage.
    expect(writing.at(-1)).toBe(`writing ${summary.outputs.length - 1}/${summary.outputs.length - 1}`);
    expect(writing).toHaveLength(summary.outputs.length - 1);
  }, 120_000);

  it('writes index.html and a PNG per figure, and no progress bar when stderr is not a terminal', async () => {
    const { code, stderr } = await runCli('report', out);
    expect(code).toBe(0);
    expect(process.stderr.isTTY).not.toBe(true);
    expect(stderr).toMatch(/^report: .*index\.html \(\d+ figures in/m);
    expect(stderr).not.toMatch(/\r|\[#|ETA/);
    const html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
    for (const id of ['summary', 'maps', 'coverage', 'weights', 'agreement', 'model', 'run']) expect(html).toContain(`id="${id}"`);
    for (const src of html.matchAll(/<img src="([^"]+)"/g)) expect(existsSync(join(out, 'report', src[1]))).toBe(true);
    expect(existsSync(join(out, 'report', 'fig', 'coverage_fused.png'))).toBe(true);
  });

  it('--log-json writes only JSON lines', async () => {
    const { code, stderr } = await runCli('report', out, '--log-json');
    expect(code).toBe(0);
    const records = stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; message?: string });
    expect(records.at(-1)).toMatchObject({ level: 'info', message: expect.stringContaining('index.html') as string });
  });

  it('leaves out the sections whose optional files are absent, and --days picks the map days', async () => {
    const bare = join(dir, 'bare');
    cpSync(out, bare, { recursive: true });
    for (const f of [
      'validation.csv',
      'truth_validation.csv',
      'weights_stations.csv',
      'windows.csv',
      'importance.csv',
      'agreement_r_ecv.tif',
      'agreement_r_fy.tif',
      'agreement_rmse_ecv.tif',
      'agreement_rmse_fy.tif',
    ]) {
      rmSync(join(bare, f), { force: true });
    }
    rmSync(join(dir, 'in', 'stations.csv'));
    const { code } = await runCli('report', bare, '--quiet', '--days', '2013-06-01');
    expect(code).toBe(0);
    const html = readFileSync(join(bare, 'report', 'index.html'), 'utf8');
    for (const id of ['validation', 'agreement', 'model']) expect(html).not.toContain(`id="${id}"`);
    expect(html).toContain('Fused SM, 2013-06-01');
    expect(html).not.toContain('2013-07-');
  });

  it('rejects a map day outside the run', async () => {
    const { code, stderr } = await runCli('report', out, '--days', '2014-01-01');
    expect(code).toBe(1);
    expect(stderr).toContain('2014-01-01 is not a day of the fused series');
  });
});

describe('createLogger', () => {
  function fakeStream(isTTY: boolean) {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream };
  }

  it('draws progress bars with an ETA on a terminal only', () => {
    const tty = fakeStream(true);
    const pipe = fakeStream(false);
    for (const { stream } of [tty, pipe]) {
      const log = createLogger({ stream });
      for (let i = 1; i <= 4; i++) log.progress('windows', i, 4);
    }
    expect(tty.chunks.join('')).toMatch(/\rwindows \[#+\.*\] 1\/4 ETA/);
    expect(pipe.chunks).toEqual([]);
  });

  it('--quiet keeps warnings only; --log-json logs progress as JSON, never bars', () => {
    const quiet = fakeStream(true);
    const q = createLogger({ quiet: true, stream: quiet.stream });
    q.info('hidden');
    q.progress('windows', 1, 2);
    q.warn('SOME_CODE', 'shown', 2);
    q.warn('SOME_CODE', 'shown', 3);
    expect(quiet.chunks).toEqual(['warning [SOME_CODE]: shown\n']);
    expect(q.warnings()).toEqual([{ code: 'SOME_CODE', message: 'shown', count: 5 }]);

    const json = fakeStream(true);
    const j = createLogger({ json: true, stream: json.stream });
    j.info('hello');
    for (let i = 1; i <= 1000; i++) j.progress('windows', i, 1000);
    const records = json.chunks.map((c) => JSON.parse(c) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ level: 'info', message: 'hello' });
    expect(records.filter((r) => r.level === 'progress').length).toBeLessThanOrEqual(101);
    expect(records.at(-1)).toMatchObject({ level: 'progress', stage: 'windows', done: 1000, total: 1000 });
  });
});
