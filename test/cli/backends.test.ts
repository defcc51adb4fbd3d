import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backendTables, type KernelTable } from '../../src/backends/table.js';
import { KERNEL_BACKENDS } from '../../src/backends/registry.js';
import { SMFUSE_BIN } from '../helpers/spawn-cli.js';

/** `smfuse backends ARGS` in a child process (the addon's availability is read once per process). */
async function backends(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [SMFUSE_BIN, 'backends', ...args], { env: { ...process.env, ...env } });
  return stdout;
}

/** The tables with the module path a load error names (dist/ in the CLI, the .ts source here) left out. */
async function registryTables(): Promise<KernelTable[]> {
  return sameModulePaths(await backendTables());
}
function sameModulePaths(tables: KernelTable[]): KernelTable[] {
  return tables.map((t) => ({
    ...t,
    backends: t.backends.map((b) => ({ ...b, detail: b.detail.replace(/imported from '?[^')]+'?/, 'imported from …') })),
  }));
}

// The GPU is left out (opening it takes seconds); test/kernels/conformance/grnn.test.ts opens it.
const NO_GPU = { SMFUSE_GPU: 'off' };
beforeAll(() => vi.stubEnv('SMFUSE_GPU', 'off'));
afterAll(() => vi.unstubAllEnvs());

describe('smfuse backends', () => {
  it("--json is the registry's table: every backend of every kernel, fastest first, and auto's pick", async () => {
    const printed = sameModulePaths(JSON.parse(await backends(NO_GPU, '--json')));
    expect(printed).toEqual(await registryTables());
    expect(printed.map((t) => [t.kernel, t.backends.map((b) => b.name)])).toEqual(
      KERNEL_BACKENDS.map((k) => [k.kernel, k.backends.map((b) => b.name)]),
    );
    const grnn = printed.find((t) => t.kernel === 'grnn')!;
    expect(grnn.backends.find((b) => b.name === 'gpu')).toMatchObject({
      available: false,
      detail: 'disabled by SMFUSE_GPU=off',
      autoNever: expect.stringMatching(/software rasterizer/),
    });
    for (const t of printed) {
      expect(t.backends.find((b) => b.name === 'js')!.available).toBe(true);
      // auto is the first available backend auto may pick
      expect(t.auto).toBe(t.backends.find((b) => b.available && !b.autoNever)!.name);
    }
  });

  it('prints one table per kernel with the same rows', async () => {
    const text = (await backends(NO_GPU)).replace(/imported from '?[^')]+'?/g, 'imported from …');
    for (const t of await registryTables()) {
      expect(text).toContain(`${t.label} (auto picks ${t.auto})\n`);
      for (const b of t.backends) {
        const row = text.split('\n').find((l) => l.startsWith(`  ${b.name} `) && l.includes(b.detail));
        expect(row, `${t.label} ${b.name}`).toMatch(
          new RegExp(`^  ${b.name} +${b.available ? 'yes' : 'no'} +${b.name === t.auto ? 'auto' : b.autoNever ? 'never' : ''}`),
        );
      }
    }
    expect(text).toContain("auto never picks gpu: the only GPU measured is Mesa's software rasterizer");
  });

  it('SMFUSE_NATIVE=off: native is unavailable with that reason, and auto picks js for every kernel', async () => {
    const printed = JSON.parse(await backends({ ...NO_GPU, SMFUSE_NATIVE: 'off' }, '--json')) as KernelTable[];
    expect(printed).toHaveLength(3);
    for (const t of printed) {
      expect(t.backends[0]).toMatchObject({ name: 'native', available: false, detail: 'disabled by SMFUSE_NATIVE=off' });
      expect(t.auto).toBe('js');
    }
  });
});
