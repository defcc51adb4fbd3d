import { Command, Option } from 'commander';
import type { EnkfSection } from '../config/pixel-method-config.js';
import { enkfGridMethod } from '../run/enkf/grid-method.js';
import { runEnkfSite } from '../run/enkf/site.js';
import { enkfKernelFor } from '../backends/pixel-methods.js';
import { number } from './numbers.js';
import { pixelMethodOptions, given, runPixelMethodCommand, type PixelMethodCli } from './site-flags.js';
import { commandDescription } from './command-table.js';

const ENKF: PixelMethodCli<EnkfSection> = {
  name: 'enkf',
  flags: ['members', 'obsVariance', 'initVariance', 'stateNoise', 'stateNoiseMode', 'inflation', 'initDays', 'minObsDays', 'maxSm'],
  async runSite(site, out, { split, ...section }, { seed, backend, threads, log }) {
    const kernel = await enkfKernelFor(backend, threads, log);
    const outputs = await runEnkfSite(site, out, kernel, given({ ...section, seed, trainFraction: split }), log);
    return { outputs, backend: kernel.name };
  },
  grid: enkfGridMethod,
};

/** `smfuse enkf --site series.csv | --config run.json`: EnKF fusion at a site or per pixel (SPEC §6). */
export function enkfCommand(): Command {
  return pixelMethodOptions(new Command('enkf').description(commandDescription('enkf')))
    .option('--members <n>', 'ensemble size (default 100)', number)
    .option('--obs-variance <R>', 'observation-error variance (default 4e-4)', number)
    .option(
      '--init-variance <v>',
      "initial ensemble variance per term, (m³/m³)² (default 1e-4; each coefficient scaled by its input's mean square)",
      number,
    )
    .option('--state-noise <q>', 'daily state noise per term, (m³/m³)² (default 1e-5)', number)
    .addOption(
      new Option(
        '--state-noise-mode <mode>',
        'inflate: multiplicative inflation sized to add the state noise (default); additive: random perturbations',
      ).choices(['inflate', 'additive']),
    )
    .option('--inflation <f>', 'anomaly inflation before each analysis (default 1)', number)
    .option('--init-days <n>', 'sample days of the initial least-squares fit (default 91)', number)
    .option('--min-obs-days <n>', 'fewest sample days a pixel needs (default 30)', number)
    .action((opts: Record<string, unknown>) => runPixelMethodCommand(ENKF, opts));
}
