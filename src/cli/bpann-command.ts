import { Command, Option } from 'commander';
import { runBpannSite } from '../run/bpann-run.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { reportWithLog } from './report-command.js';
import { given, number, readSiteFromFlags, siteOptions } from './site-flags.js';

/** `smfuse bpann --site series.csv`: BPANN fusion of one site (SPEC §5). */
export function bpannCommand(): Command {
  const cmd = siteOptions(new Command('bpann').description('BPANN fusion (3 → 6×5 logsig → 1) of two SM inputs and LST against observations'))
    .addOption(new Option('--trainer <kind>', 'lm: Levenberg–Marquardt (MATLAB trainlm); gd: gradient descent (SPEC §5)').choices(['lm', 'gd']).default('lm'))
    .option('--learning-rate <lr>', 'gradient-descent step, gd only (default 0.01)', number)
    .option('--iterations <n>', 'most full-batch steps (default 1000)', number)
    .option('--error-goal <mse>', 'stop when the scaled training MSE is ≤ this (default 0 for lm, 0.1 for gd)', number)
    .option('--min-train-days <n>', 'fewest training samples (default 30)', number)
    .action(async (opts: Record<string, unknown>) => {
      const log = loggerFromOptions(opts);
      const site = await readSiteFromFlags(opts);
      const written = await runBpannSite(site, opts.out as string, given({
        trainer: opts.trainer as 'lm' | 'gd', seed: opts.seed as number | undefined, trainFraction: opts.split as number | undefined,
        learningRate: opts.learningRate as number | undefined, iterations: opts.iterations as number | undefined,
        errorGoal: opts.errorGoal as number | undefined, minTrainDays: opts.minTrainDays as number | undefined,
      }));
      log.info(`bpann: wrote ${written.length} files to ${opts.out as string}`);
      if (opts.report === true) await reportWithLog(opts.out as string, log);
    });
  return addLogOptions(cmd);
}
