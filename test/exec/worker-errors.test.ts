import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startBlockingWorker } from '../../kernels/webgpu/blocking-worker.js';
import { reportFailure } from '../../src/cli/main.js';
import { ConfigError, InputError, reviveError, serializeError, SmfuseError } from '../../core/errors.js';
import { createWorkerPool } from '../../src/exec/worker-pool.js';

/** The fixtures import smfuse from dist/ (worker threads run JavaScript): build first. */
const built = existsSync(fileURLToPath(new URL('../../dist/core/errors.js', import.meta.url)));

function exitOf(e: unknown): { code: number; stderr: string } {
  let stderr = '';
  const code = reportFailure(e, { write: (s: string) => ((stderr += s), true) });
  return { code, stderr };
}

describe('serializeError / reviveError', () => {
  it('keep the smfuse class, the file and the message; a bug keeps its stack', () => {
    const input = reviveError(structuredClone(serializeError(new InputError('/d/a.nc', 'no time variable'))));
    expect(input).toBeInstanceOf(InputError);
    expect((input as InputError).file).toBe('/d/a.nc');
    expect(input.message).toBe('/d/a.nc: no time variable');
    const config = reviveError(structuredClone(serializeError(new ConfigError('--year is required'))));
    expect(config).toBeInstanceOf(ConfigError);
    expect(config.message).toBe('--year is required');
    const bug = new RangeError('index 9 out of range');
    const revived = reviveError(structuredClone(serializeError(bug)));
    expect(revived).not.toBeInstanceOf(SmfuseError);
    expect(revived.message).toBe('index 9 out of range');
    expect(revived.stack).toBe(bug.stack);
    expect(reviveError(serializeError(42)).message).toBe('42');
  });
});

describe.skipIf(!built)('errors thrown in worker threads', () => {
  it('an InputError in a pool worker reaches the caller as an InputError: exit 1 naming the file', async () => {
    const pool = createWorkerPool<string, string>(new URL('../fixtures/workers/throws-smfuse-errors.mjs', import.meta.url), 1);
    try {
      expect(await pool.run('fine')).toBe('fine');
      const input = await pool.run('input').catch((e: unknown) => e);
      expect(input).toBeInstanceOf(InputError);
      expect(exitOf(input)).toEqual({ code: 1, stderr: 'smfuse: /data/ecv_2017.nc: band 3 is dated 2017-02-31, not a calendar date\n' });
      const config = await pool.run('config').catch((e: unknown) => e);
      expect(exitOf(config)).toEqual({ code: 1, stderr: 'smfuse: windowDeg must be positive\n' });
      // a bug stays a bug: exit 2 with the worker's stack
      const bug = exitOf(await pool.run('bug').catch((e: unknown) => e));
      expect(bug.code).toBe(2);
      expect(bug.stderr).toMatch(
        /^smfuse: internal error: TypeError: cannot read properties of undefined\n\s+at .*throws-smfuse-errors\.mjs/,
      );
      expect(exitOf(await pool.run('string').catch((e: unknown) => e)).code).toBe(2);
      // the worker lives on after answering with an error
      expect(await pool.run('again')).toBe('again');
    } finally {
      await pool.close();
    }
  });

  it('an InputError in a blocking (GPU) worker is rethrown as an InputError', async () => {
    const { worker } = await startBlockingWorker<{ ready: boolean }, string, never>(
      new URL('../fixtures/workers/blocking-throws-input-error.mjs', import.meta.url),
    );
    try {
      let thrown: unknown;
      try {
        worker.call('/data/lst.tif');
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect(exitOf(thrown)).toEqual({ code: 1, stderr: 'smfuse: /data/lst.tif: values out of range\n' });
    } finally {
      await worker.close();
    }
  });
});
