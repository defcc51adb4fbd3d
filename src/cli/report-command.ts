import { Command } from 'commander';
import type { Logger } from '../log.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { commandDescription } from './command-table.js';

/** `smfuse report OUT_DIR`: the HTML report and PNG figures of a finished run. */
export function reportCommand(): Command {
  const cmd = new Command('report')
    .description(commandDescription('report'))
    .argument('<out-dir>', 'output folder of a finished run (holds run.json)')
    .option('--days <dates>', 'map days, comma-separated YYYY-MM-DD (default: one per season, the best covered)', (v: string) =>
      v.split(','),
    );
  return addLogOptions(cmd).action(async (outDir: string, opts: Record<string, unknown>) => {
    await reportWithLog(outDir, loggerFromOptions(opts), opts.days as string[] | undefined);
  });
}

/** Builds the report and says where it is (also the tail of `grnn --report` and `demo`). */
export async function reportWithLog(outDir: string, log: Logger, days?: string[]): Promise<void> {
  const t0 = performance.now();
  // loaded here, not at the top: the charting and map libraries (vega, d3-geo, resvg: ~300
  // modules) would otherwise cost every grnn, bpann, enkf and merge run ~0.4 s of start-up
  const [{ buildReport }, { buildMultiYearReport, readMultiYearRun }] = await Promise.all([
    import('../report/report.js'),
    import('../report/multi-year-report.js'),
  ]);
  // a multi-year folder: each year's report and an index over all years
  const multiYear = await readMultiYearRun(outDir);
  const report = multiYear ? await buildMultiYearReport(outDir, multiYear, { days, log }) : await buildReport(outDir, { days, log });
  log.info(`report: ${report.index} (${report.figures.length} figures in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
