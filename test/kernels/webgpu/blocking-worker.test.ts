import { afterEach, describe, expect, it } from 'vitest';
import { startBlockingWorker } from '../../../kernels/webgpu/blocking-worker.js';

describe('startBlockingWorker', () => {
  const saved = process.env.SMFUSE_GPU_TIMEOUT_S;
  afterEach(() => {
    if (saved === undefined) delete process.env.SMFUSE_GPU_TIMEOUT_S;
    else process.env.SMFUSE_GPU_TIMEOUT_S = saved;
  });

  it('a worker that dies without answering gives an error after the time limit, not a hang', async () => {
    process.env.SMFUSE_GPU_TIMEOUT_S = '1';
    const { hello, worker } = await startBlockingWorker<{ ready: boolean }, string, string>(
      new URL('../../fixtures/workers/dies-on-request.mjs', import.meta.url),
    );
    expect(hello).toEqual({ ready: true });
    const t0 = performance.now();
    expect(() => worker.call('anything')).toThrow(/did not answer within 1 s/);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(900);
    await worker.close();
  });
});
