import { Command, Option } from 'commander';
import type { BpannSection } from '../config/pixel-method-config.js';
import { bpannGridMethod } from '../run/bpann/grid-method.js';
import { runBpannSite } from '../run/bpann/site.js';
import { bpannTrainerFor } from '../backends/pixel-methods.js';
import { number } from './numbers.js';
import { pixelMethodOptions, given, runPixelMethodCommand, type PixelMethodCli } from './site-flags.js';
import { commandDescription } from './command-table.js';

const BPANN: PixelMethodCli<BpannSection> = {
  name: 'bpann',
  flags: ['trainer', 'learningRate', 'iterations', 'errorGoal', 'minTrainDays', 'members', 'bagging', 'poolRadius', 'maxSm'],
  async runSite(site, out, { split, ...section }, { seed, backend, threads, log }) {
    // `auto` is js at a site: one network gains nothing from the addon; every backend records the training curve (training.csv)
    const trainer = await bpannTrainerFor(backend === 'auto' ? 'js' : backend, threads, log);
    try {
      const outputs = await runBpannSite(site, out, trainer, given({ ...section, seed, trainFraction: split }), log);
      return { outputs, backend: trainer.backend };
    } finally {
      await trainer.close();
    }
  },
  grid: bpannGridMethod,
};

/** `smfuse bpann --site series.csv | --config run.json`: BPANN fusion at a site or per pixel (SPEC §5). */
export function bpannCommand(): Command {
  return pixelMethodOptions(new Command('bpann').description(commandDescription('bpann')))
    .addOption(
      new Option('--trainer <kind>', 'lm: Levenberg–Marquardt (MATLAB trainlm, default); gd: gradient descent (SPEC §5)').choices([
        'lm',
        'gd',
      ]),
    )
    .option('--learning-rate <lr>', 'gradient-descent step, gd only (default 0.01)', number)
    .option('--iterations <n>', 'most full-batch steps (default 1000)', number)
    .option('--error-goal <mse>', 'stop when the scaled training MSE is ≤ this (default 0 for lm, 0.1 for gd)', number)
    .option(
      '--members <k>',
      "networks per pixel, averaged after discarding diverged ones (default 10 at a site, 3 gridded; 1 = the paper's single network)",
      number,
    )
    .option('--bagging', 'train each member on a bootstrap sample of the training days')
    .option(
      '--pool-radius <r>',
      'gridded: also train each pixel on the training days of the pixels within r cells (default 1; 0 = its own days only)',
      number,
    )
    .option(
      '--min-train-days <n>',
      'fewest training days (days of the training period with every input and an observation; default 30)',
      number,
    )
    .action((opts: Record<string, unknown>) => runPixelMethodCommand(BPANN, opts));
}
