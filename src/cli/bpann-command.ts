import { Command } from 'commander';
import { createLogger } from '../log.js';
import { runBpannSite } from '../run/bpann-run.js';
import { given, number, readSiteFromFlags, siteOptions } from './site-flags.js';

/** `smfuse bpann --site series.csv`: BPANN fusion of one site (SPEC §5). */
export function bpannCommand(): Command {
  const cmd = siteOptions(new Command('bpann').description('BPANN fusion (3 → 6×5 logsig → 1) of two SM inputs and LST against observations'))
    .option('--learning-rate <lr>', 'gradient-descent step (default 0.01)', number)
    .option('--iterations <n>', 'most full-batch steps (default 1000)', number)
    .option('--error-goal <mse>', 'stop when the scaled training MSE is ≤ this (default 0.1)', number)
    .option('--min-train-days <n>', 'fewest training samples (default 30)', number)
    .action(async (opts: Record<string, unknown>) => {
      const log = createLogger({ quiet: opts.quiet === true });
      const site = await readSiteFromFlags(opts);
      const written = await runBpannSite(site, opts.out as string, given({
        seed: opts.seed as number | undefined, trainFraction: opts.split as number | undefined,
        learningRate: opts.learningRate as number | undefined, iterations: opts.iterations as number | undefined,
        errorGoal: opts.errorGoal as number | undefined, minTrainDays: opts.minTrainDays as number | undefined,
      }));
      log.info(`bpann: wrote ${written.length} files to ${opts.out as string}`);
    });
  return cmd;
}
