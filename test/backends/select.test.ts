import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { BackendUnavailable, type Backend } from '../../src/backends/backend.js';
import { BPANN_BACKENDS, type KernelBackends } from '../../src/backends/registry.js';
import { openBackend } from '../../src/backends/select.js';
import { createLogger } from '../../src/log.js';

/** A backend that opens to its own name, or is unavailable for `reason`. */
function fake(name: string, rank: number, reason?: string, autoNever?: string): Backend<string, string> {
  const open = async () => {
    if (reason) throw new BackendUnavailable(reason);
    return name;
  };
  return {
    name,
    kernel: 'grnn',
    rank,
    label: `the ${name} kernel`,
    fallbackNote: `${name} note`,
    autoNever,
    available: async () => (reason ? { ok: false, reason } : { ok: true }),
    openKernel: open,
    openRunner: open,
  };
}

function table(...backends: Backend<string, string>[]): KernelBackends<string, string> {
  return { kernel: 'grnn', label: 'GRNN', backends };
}

/** A logger writing into a string, so that info lines and warnings can be read back. */
function capture() {
  let text = '';
  const stream = { write: (s: string) => ((text += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
  const log = createLogger({ stream });
  return { log, text: () => text };
}

describe('openBackend', () => {
  it('auto: the fastest available one, said on an info line, without warnings', async () => {
    const { log, text } = capture();
    expect(await openBackend(table(fake('fast', 1), fake('slow', 2)), 'auto', 2, log)).toBe('fast');
    expect(text()).toBe('--backend auto: GRNN runs on fast (the fastest backend available)\n');
    expect(log.warnings()).toEqual([]);
  });

  it('auto: each faster backend that cannot open is a BACKEND_FALLBACK warning with its reason; ones auto never picks are named, not warned about', async () => {
    const { log, text } = capture();
    const t = table(fake('gpu', 1, undefined, 'too slow here'), fake('native', 2, 'not built'), fake('js', 3));
    expect(await openBackend(t, 'auto', 2, log)).toBe('js');
    expect(log.warnings()).toEqual([
      {
        code: 'BACKEND_FALLBACK',
        message: '--backend auto: the native kernel is not available (not built); using the js kernel (js note)',
        count: 1,
      },
    ]);
    expect(text()).toContain(
      '--backend auto: GRNN runs on js (gpu skipped: auto never picks it: too slow here; native skipped: not built)\n',
    );
  });

  it('a named backend opens even when auto never picks it; one that cannot open is a ConfigError with the reason', async () => {
    const t = table(fake('gpu', 1, undefined, 'too slow here'), fake('native', 2, 'not built'), fake('js', 3));
    expect(await openBackend(t, 'gpu', 2)).toBe('gpu');
    await expect(openBackend(t, 'native', 2)).rejects.toThrow(new ConfigError('--backend native is not available: not built'));
  });

  it('a backend the kernel does not have is a ConfigError naming the kernels that have it and the choices this one has', async () => {
    await expect(openBackend(BPANN_BACKENDS, 'gpu', 1)).rejects.toThrow(
      new ConfigError('--backend gpu is not available for BPANN and EnKF (only GRNN has a GPU kernel): use auto, native, js or tfjs'),
    );
  });
});
