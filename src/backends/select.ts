import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../log.js';
import { BackendUnavailable, type Backend } from './backend.js';
import { KERNEL_BACKENDS, type KernelBackends } from './registry.js';

/**
 * What a run uses for a `--backend` choice. A named backend that cannot open here is a
 * ConfigError with the reason. `auto` tries the backends fastest first, except those
 * auto never picks, and opens the first that opens; each faster one that could not is a
 * BACKEND_FALLBACK warning saying why, and an info line names the choice and every
 * faster backend skipped, with its reason.
 */
export async function openBackend<K, R>(table: KernelBackends<K, R>, choice: string, threads: number, log?: Logger): Promise<R> {
  if (choice !== 'auto') {
    const backend = table.backends.find((b) => b.name === choice);
    if (!backend) throw new ConfigError(notOffered(table, choice));
    try {
      return await backend.openRunner(threads, log);
    } catch (e) {
      if (e instanceof BackendUnavailable) throw new ConfigError(`--backend ${choice} is not available: ${e.reason}`);
      throw e;
    }
  }
  const skipped: { backend: Backend<K, R>; reason: string }[] = [];
  for (const backend of table.backends) {
    if (backend.autoNever) {
      skipped.push({ backend, reason: `auto never picks it: ${backend.autoNever}` });
      continue;
    }
    let runner: R;
    try {
      runner = await backend.openRunner(threads, log);
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
      skipped.push({ backend, reason: e.reason });
      continue;
    }
    const note = backend.fallbackNote ? ` (${backend.fallbackNote})` : '';
    for (const s of skipped.filter((s) => !s.backend.autoNever))
      log?.warn('BACKEND_FALLBACK', `--backend auto: ${s.backend.label} is not available (${s.reason}); using ${backend.label}${note}`);
    const why =
      skipped.length === 0 ? 'the fastest backend available' : skipped.map((s) => `${s.backend.name} skipped: ${s.reason}`).join('; ');
    log?.info(`--backend auto: ${table.label} runs on ${backend.name} (${why})`);
    return runner;
  }
  throw new ConfigError(
    `--backend auto: no ${table.label} backend is available (${skipped.map((s) => `${s.backend.name}: ${s.reason}`).join('; ')})`,
  );
}

/** E.g. "--backend gpu is not available for BPANN and EnKF (only GRNN has a GPU kernel): use auto, native, js or tfjs". */
function notOffered(table: KernelBackends<unknown, unknown>, choice: string): string {
  const offers = (t: KernelBackends<unknown, unknown>) => t.backends.some((b) => b.name === choice);
  const lacking = KERNEL_BACKENDS.filter((t) => !offers(t)).map((t) => t.label);
  const having = KERNEL_BACKENDS.filter(offers).map((t) => t.label);
  const only = having.length > 0 ? ` (only ${having.join(' and ')} has a ${choice.toUpperCase()} kernel)` : '';
  const names = ['auto', ...table.backends.map((b) => b.name)];
  return `--backend ${choice} is not available for ${lacking.join(' and ')}${only}: use ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
