import { Command } from 'commander';
import { runEnkfSite } from '../run/enkf-run.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { reportWithLog } from './report-command.js';
import { given, number, readSiteFromFlags, siteOptions } from './site-flags.js';

/** `smfuse enkf --site series.csv`: EnKF fusion of one site (SPEC §6). */
export function enkfCommand(): Command {
  const cmd = siteOptions(new Command('enkf').description('EnKF fusion, SM = a1·SMAP² + a2·CLM + a3·LST + a4, against observations'))
    .option('--members <n>', 'ensemble size (default 100)', number)
    .option('--obs-variance <R>', 'observation-error variance (default 4e-4)', number)
    .option('--state-noise <q>', 'daily state noise per term, (m³/m³)² (default 1e-5)', number)
    .option('--inflation <f>', 'anomaly inflation before each analysis (default 1)', number)
    .option('--init-days <n>', 'sample days of the initial least-squares fit (default 91)', number)
    .action(async (opts: Record<string, unknown>) => {
      const log = loggerFromOptions(opts);
      const site = await readSiteFromFlags(opts);
      const written = await runEnkfSite(site, opts.out as string, given({
        seed: opts.seed as number | undefined, trainFraction: opts.split as number | undefined,
        members: opts.members as number | undefined, obsVariance: opts.obsVariance as number | undefined,
        stateNoise: opts.stateNoise as number | undefined, inflation: opts.inflation as number | undefined,
        initDays: opts.initDays as number | undefined,
      }));
      log.info(`enkf: wrote ${written.length} files to ${opts.out as string}`);
      if (opts.report === true) await reportWithLog(opts.out as string, log);
    });
  return addLogOptions(cmd);
}
