/**
 * One killable worker thread that runs cases one after another. A case that overruns its
 * time limit, exhausts the worker's heap (resourceLimits) or kills the thread ends that
 * worker; the next case gets a fresh one.
 */
import { Worker } from 'node:worker_threads';
import type { CaseReply, CaseRequest } from './run-case.js';

export type Outcome = CaseReply['outcome'] | 'hang' | 'oom' | 'died';
export interface CaseResult {
  outcome: Outcome;
  message: string;
  ms: number;
}

export interface CaseRunnerOptions {
  workerUrl: URL;
  timeoutMs: number;
  /** V8 heap of the worker, MiB. */
  heapMb: number;
}

export interface CaseRunner {
  run(request: CaseRequest): Promise<CaseResult>;
  /** Ends the case in flight with `outcome` (e.g. the process ran out of memory). */
  kill(outcome: Outcome, message: string): void;
  readonly busy: boolean;
  close(): Promise<void>;
}

export function createCaseRunner(o: CaseRunnerOptions): CaseRunner {
  let worker: Worker | null = null;
  let settle: ((outcome: Outcome, message: string) => void) | null = null;

  const spawn = (): Worker => {
    // workerData must be an object: geotiff.js's web-worker shim destructures it in any worker thread
    const w = new Worker(o.workerUrl, {
      workerData: {},
      resourceLimits: { maxOldGenerationSizeMb: o.heapMb, maxYoungGenerationSizeMb: 32 },
      stderr: true,
      stdout: true,
    });
    // whatever a library prints while failing is noise here: the outcome says it
    w.stdout.resume();
    w.stderr.resume();
    // a terminated worker may still report: only the current one settles a case
    w.on('message', (r: CaseReply) => worker === w && settle?.(r.outcome, r.message));
    w.on('error', (err: Error & { code?: string }) => {
      if (worker !== w) return;
      worker = null;
      settle?.(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : 'crash', err.stack ?? err.message);
    });
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = null;
      settle?.('died', `worker exited with code ${code}`);
    });
    return w;
  };
  const end = (): void => {
    const w = worker;
    worker = null;
    void w?.terminate();
  };

  return {
    get busy() {
      return settle !== null;
    },
    run(request) {
      const started = performance.now();
      worker ??= spawn();
      const w = worker;
      return new Promise<CaseResult>((resolve) => {
        const timer = setTimeout(() => settle?.('hang', `no answer in ${o.timeoutMs} ms`), o.timeoutMs);
        settle = (outcome, message) => {
          clearTimeout(timer);
          settle = null;
          if (outcome !== 'data' && outcome !== 'input-error' && outcome !== 'crash') end();
          resolve({ outcome, message, ms: performance.now() - started });
        };
        w.postMessage(request);
      });
    },
    kill(outcome, message) {
      settle?.(outcome, message);
    },
    async close() {
      settle = null;
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}
