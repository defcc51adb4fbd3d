import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** Runs the CLI in this process; returns its exit code and what it wrote to stderr. */
export async function runCli(...args: string[]): Promise<{ code: number; stderr: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const code = await main(['node', 'smfuse', ...args]);
    return { code, stderr: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

/** runCli, capturing stdout too. */
export async function runCliWithStdout(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (chunks.push(String(c)), true));
  try {
    const r = await runCli(...args);
    return { ...r, stdout: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}
