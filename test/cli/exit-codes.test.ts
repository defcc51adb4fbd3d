import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/** Exit codes: every user mistake is exit 1 with one line naming what is wrong; 2 is for bugs only. */
const SAMPLE = fileURLToPath(new URL('../../data/run.json', import.meta.url));
const DEM = fileURLToPath(new URL('../../data/dem.tif', import.meta.url));

/** mkdir under /sys is refused by the kernel (also to root); null where it is not (then that case is skipped). */
function refusedFolder(): string | null {
  try {
    mkdirSync('/sys/smfuse-exit-code-test');
    return null;
  } catch {
    return '/sys/smfuse-exit-code-test/out';
  }
}

describe('exit codes of user mistakes', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync('/tmp/smfuse-exit-codes-');
    writeFileSync(join(dir, 'bad.json'), '{"year": 2017,\n');
    writeFileSync(join(dir, 'a-file'), 'not a folder');
    mkdirSync(join(dir, 'a-folder'));
  });

  async function expectUserMistake(args: string[], message: RegExp): Promise<void> {
    const r = await runCli(...args);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(1);
  }

  it('a missing configuration file', () =>
    expectUserMistake(['grnn', '-c', join(dir, 'missing.json')], /missing\.json: cannot read the configuration \(ENOENT\)/));
  it('a JSON syntax error in the configuration', () =>
    expectUserMistake(['grnn', '-c', join(dir, 'bad.json')], /bad\.json: not valid JSON/));
  it('a folder given as the configuration', () =>
    expectUserMistake(['grnn', '-c', join(dir, 'a-folder')], /a-folder: cannot read the configuration \(EISDIR\)/));
  it('the configuration given without -c', () => expectUserMistake(['grnn', SAMPLE], /too many arguments for 'grnn'/));
  it('an unknown command', () => expectUserMistake(['frobnicate'], /unknown command 'frobnicate'/));
  it('an unknown option', () => expectUserMistake(['grnn', '--bogus'], /unknown option '--bogus'/));
  it('--threads 0', () =>
    expectUserMistake(['grnn', '-c', SAMPLE, '--threads', '0', '--out', join(dir, 't0')], /threads: Too small: expected number to be >=1/));
  it('--threads that is not a number', () => expectUserMistake(['grnn', '-c', SAMPLE, '--threads', 'all'], /"all" is not a number/));
  it('a negative seed', () =>
    expectUserMistake(['grnn', '-c', SAMPLE, '--seed', '-1', '--out', join(dir, 's')], /seed: Too small: expected number to be >=0/));
  it('a folder where an input file is expected', () =>
    expectUserMistake(['grnn', '-c', SAMPLE, '--ecv', join(dir, 'a-folder'), '--out', join(dir, 'e')], /a-folder: not a regular file/));
  it('an output folder that is a file', () =>
    expectUserMistake(
      ['grnn', '-c', SAMPLE, '--out', join(dir, 'a-file'), '-q'],
      new RegExp(`cannot open: ${join(dir, 'a-file')} is a file, not a folder \\(ENOTDIR\\)`),
    ));
  it('an output file that is a folder', () =>
    expectUserMistake(
      ['convert', DEM, '-o', join(dir, 'a-folder')],
      new RegExp(`^smfuse: ${join(dir, 'a-folder')}: cannot rename .* onto it: this is a folder, not a file \\(EISDIR\\)`),
    ));
  it.skipIf(refusedFolder() === null)('an output folder that cannot be created', () =>
    expectUserMistake(
      ['grnn', '-c', SAMPLE, '--out', refusedFolder()!, '-q'],
      /smfuse-exit-code-test: cannot mkdir: .*\((EPERM|EACCES|EROFS|ENOENT)\)/,
    ),
  );
});
