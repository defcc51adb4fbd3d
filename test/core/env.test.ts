import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CLUSTER_ENV,
  ENV_KNOBS,
  checkEnvironment,
  gpuAllowed,
  gpuTimeoutS,
  hdf5TimeoutS,
  nativeAllowed,
  sourceDateEpoch,
} from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { SMFUSE_BIN } from '../helpers/spawn-cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TABLE = [...ENV_KNOBS, ...CLUSTER_ENV].map((k) => k.name);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'build' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('environment knobs', () => {
  it('have their defaults when unset or empty', () => {
    expect([nativeAllowed({}), gpuAllowed({}), gpuTimeoutS({}), hdf5TimeoutS({}), sourceDateEpoch({})]).toEqual([
      true,
      true,
      600,
      10,
      undefined,
    ]);
    expect(hdf5TimeoutS({ SMFUSE_HDF5_TIMEOUT_S: '' })).toBe(10);
  });

  it('parse what they are set to', () => {
    expect(nativeAllowed({ SMFUSE_NATIVE: 'off' })).toBe(false);
    expect(gpuAllowed({ SMFUSE_GPU: 'on' })).toBe(true);
    expect(gpuTimeoutS({ SMFUSE_GPU_TIMEOUT_S: '1.5' })).toBe(1.5);
    expect(hdf5TimeoutS({ SMFUSE_HDF5_TIMEOUT_S: '30' })).toBe(30);
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '1700000000' })?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('refuse a malformed value, naming the variable and what it should be', () => {
    expect(() => hdf5TimeoutS({ SMFUSE_HDF5_TIMEOUT_S: 'abc' })).toThrow(
      new ConfigError('SMFUSE_HDF5_TIMEOUT_S=abc: expected a number of seconds > 0'),
    );
    expect(() => gpuTimeoutS({ SMFUSE_GPU_TIMEOUT_S: '0' })).toThrow('SMFUSE_GPU_TIMEOUT_S=0: expected a number of seconds > 0');
    expect(() => gpuAllowed({ SMFUSE_GPU: '0' })).toThrow('SMFUSE_GPU=0: expected on or off');
    expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: '1.5' })).toThrow(ConfigError);
    expect(() => checkEnvironment({ SMFUSE_NATIVE: 'no' })).toThrow('SMFUSE_NATIVE=no: expected on or off');
    expect(() => checkEnvironment({ SMFUSE_NATIVE: 'off', SOURCE_DATE_EPOCH: '0' })).not.toThrow();
  });

  it('are read nowhere but core/env.ts (src/scale/shards.ts reads the cluster variables it is given)', () => {
    const named = new Set<string>();
    for (const file of ['core', 'src', 'kernels', 'scripts'].flatMap((d) => sources(join(ROOT, d)))) {
      const text = readFileSync(file, 'utf8');
      if (!file.endsWith(join('core', 'env.ts'))) expect(text, file).not.toMatch(/process\.env\.(SMFUSE_|SOURCE_DATE_EPOCH)/);
      for (const m of text.matchAll(/\b(SMFUSE_[A-Z0-9_]+|SLURM_[A-Z_]+|JOB_COMPLETION_INDEX)\b/g)) named.add(m[1]!);
    }
    // every variable the code or its comments mention is in the table
    expect([...named].filter((n) => !TABLE.includes(n))).toEqual([]);
  });

  it('are listed by smfuse --help, exactly the table', () => {
    const help = spawnSync(process.execPath, [SMFUSE_BIN, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    const section = help.stdout.slice(help.stdout.indexOf('\nEnvironment:\n'));
    const listed = [...section.matchAll(/^ {2}([A-Z][A-Z0-9_]+) /gm)].map((m) => m[1]);
    expect(listed).toEqual(TABLE);
  });

  it('stop a command with exit 1 when malformed, before it runs', () => {
    const run = spawnSync(process.execPath, [SMFUSE_BIN, 'info', join(ROOT, 'package.json')], {
      encoding: 'utf8',
      env: { ...process.env, SMFUSE_HDF5_TIMEOUT_S: 'abc' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('smfuse: SMFUSE_HDF5_TIMEOUT_S=abc: expected a number of seconds > 0\n');
  });
});
