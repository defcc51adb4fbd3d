import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** `bin/smfuse.js` (the built CLI in dist/): for tests that need a real process to kill or run side by side. */
export const SMFUSE_BIN = fileURLToPath(new URL('../../bin/smfuse.js', import.meta.url));

interface Spawned {
  child: ChildProcess;
  done: Promise<{ code: number | null; stderr: string }>;
}

/** Starts the CLI as a child process; `done` resolves with its exit code (null when killed) and stderr. */
export function spawnCli(...args: string[]): Spawned {
  return spawnCliWithEnv({}, ...args);
}

/** spawnCli with variables added to the environment (e.g. an array job's task index). */
export function spawnCliWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Spawned {
  const child = spawn(process.execPath, [SMFUSE_BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done: Spawned['done'] = new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, done };
}
