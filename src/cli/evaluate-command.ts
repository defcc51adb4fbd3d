import { Command, InvalidArgumentError } from 'commander';
import { isIsoDate } from '../cube/dates.js';
import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../log.js';
import { runEvaluate } from '../run/evaluate/run.js';
import { runTripleCollocation } from '../run/evaluate/triple-collocation.js';
import type { StationSelection } from '../config/stations-config.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { addStationOptions, stationSelectionFromFlags } from './station-options.js';
import { commandDescription } from './command-table.js';

function period(value: string): { from: string; to: string } {
  const [from, to, ...rest] = value.split(',').map((s) => s.trim());
  if (rest.length > 0 || !isIsoDate(from ?? '') || !isIsoDate(to ?? '') || from > to)
    throw new InvalidArgumentError(`"${value}" is not FROM,TO (YYYY-MM-DD, FROM ≤ TO)`);
  return { from, to };
}

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'NaN');

/**
 * `smfuse evaluate --est A --obs B`: R, RMSE, bias, ubRMSE, CV, RSR, NSE of any estimate
 * against observations, with 95 % intervals, rank and anomaly correlations;
 * `smfuse evaluate --tc A B C`: triple collocation of three products.
 */
export function evaluateCommand(): Command {
  const cmd = new Command('evaluate')
    .description(commandDescription('evaluate'))
    .option('--est <file>', 'estimate: CSV with a date column, or a GeoTIFF stack with dated bands')
    .option(
      '--obs <file>',
      'observations: CSV series, GeoTIFF stack on the same grid, or stations (CSV network,station,lat,lon,date,sm, ISMN .stm file or download folder)',
    )
    .option(
      '--tc <files...>',
      'triple collocation of three products instead (the first is the reference for scaling): three CSV series, or three GeoTIFF stacks on one grid of which one may be stations',
    )
    .option('--est-col <name>', 'value column of a CSV estimate (default: the first besides date)')
    .option('--obs-col <name>', 'value column of a CSV observation series (default: the first besides date)')
    .option('--period <from,to>', 'only dates from FROM to TO, inclusive', period)
    .option(
      '-o, --out <dir>',
      'write metrics.csv (and for grids metric_<r|rmse|bias|nse>.tif) into DIR; with --tc tc.csv, tc_err_<product>.tif, tc_snr_<product>.tif (and tc_cells.csv with stations)',
    );
  return addLogOptions(addStationOptions(cmd, 'station observations: ')).action(async (opts: Record<string, unknown>) => {
    const log = loggerFromOptions(opts);
    const common = {
      period: opts.period as { from: string; to: string } | undefined,
      out: opts.out as string | undefined,
      stations: stationSelectionFromFlags(opts),
    };
    const tc = opts.tc as string[] | undefined;
    if (tc) {
      if (tc.length !== 3) throw new ConfigError(`--tc takes three products, got ${tc.length}: ${tc.join(' ')}`);
      if (opts.est !== undefined || opts.obs !== undefined)
        throw new ConfigError('--tc replaces --est and --obs: give either --tc A B C or --est and --obs');
      await tripleCollocation(tc as [string, string, string], common, log);
      return;
    }
    if (opts.est === undefined || opts.obs === undefined)
      throw new ConfigError(`evaluate needs --est and --obs (or --tc A B C); missing ${opts.est === undefined ? '--est' : '--obs'}`);
    const r = await runEvaluate(
      {
        ...common,
        est: opts.est as string,
        obs: opts.obs as string,
        estCol: opts.estCol as string | undefined,
        obsCol: opts.obsCol as string | undefined,
      },
      log,
    );
    const s = r.stats;
    process.stdout.write(`n ${s.n}  r ${f(s.r)}  rmse ${f(s.rmse)}  bias ${f(s.bias)}  ubrmse ${f(s.ubrmse)}  nse ${f(s.nse)}\n`);
    const x = r.extended;
    const ci = ([lo, hi]: readonly [number, number]) => `[${f(lo)}, ${f(hi)}]`;
    process.stdout.write(
      `95% r ${ci(x.rCi)}  rmse ${ci(x.rmseCi)}  bias ${ci(x.biasCi)}  ubrmse ${ci(x.ubrmseCi)}  spearman ${f(x.spearman.value)}  kendall ${f(x.kendall.value)}\n`,
    );
    log.info(
      `evaluate: ${r.pixels > 1 ? `${r.pixels} pixels × ` : ''}${r.dates} dates${r.outputs.length > 0 ? `; wrote ${r.outputs.length} files to ${opts.out as string}` : ''}`,
    );
  });
}

async function tripleCollocation(
  files: [string, string, string],
  o: { period?: { from: string; to: string }; out?: string; stations?: StationSelection },
  log: Logger,
): Promise<void> {
  const r = await runTripleCollocation({ files, ...o }, log);
  for (const s of r.summaries) {
    process.stdout.write(
      `${s.product}  ${r.pixels > 1 ? `cells ${s.cells}  median ` : ''}n ${s.nMedian}  err_var ${s.errVar.toExponential(3)}  err_sd ${f(s.errSd)}  snr_db ${s.snrDb.toFixed(2)}  beta ${f(s.beta)}\n`,
    );
  }
  log.info(
    `evaluate --tc: ${r.pixels > 1 ? `${r.pixels} pixels × ` : ''}${r.dates} dates${r.outputs.length > 0 ? `; wrote ${r.outputs.length} files to ${o.out as string}` : ''}`,
  );
}
