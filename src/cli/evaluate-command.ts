import { Command, InvalidArgumentError } from 'commander';
import { isIsoDate } from '../cube/dates.js';
import { runEvaluate } from '../run/evaluate-run.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { addStationOptions, stationSelectionFromFlags } from './station-options.js';

function period(value: string): { from: string; to: string } {
  const [from, to, ...rest] = value.split(',').map((s) => s.trim());
  if (rest.length > 0 || !isIsoDate(from ?? '') || !isIsoDate(to ?? '') || from > to) throw new InvalidArgumentError(`"${value}" is not FROM,TO (YYYY-MM-DD, FROM ≤ TO)`);
  return { from, to };
}

/** `smfuse evaluate --est A --obs B`: R, RMSE, bias, ubRMSE, CV, RSR, NSE of any estimate against observations. */
export function evaluateCommand(): Command {
  const cmd = new Command('evaluate')
    .description('metrics of an estimate against observations: two CSV series, two GeoTIFF stacks (pixel maps and pooled), or a GeoTIFF and a station CSV')
    .requiredOption('--est <file>', 'estimate: CSV with a date column, or a GeoTIFF stack with dated bands')
    .requiredOption('--obs <file>', 'observations: CSV series, GeoTIFF stack on the same grid, or stations (CSV network,station,lat,lon,date,sm, ISMN .stm file or download folder)')
    .option('--est-col <name>', 'value column of a CSV estimate (default: the first besides date)')
    .option('--obs-col <name>', 'value column of a CSV observation series (default: the first besides date)')
    .option('--period <from,to>', 'only dates from FROM to TO, inclusive', period)
    .option('-o, --out <dir>', 'write metrics.csv (and for grids metric_<r|rmse|bias|nse>.tif) into DIR');
  return addLogOptions(addStationOptions(cmd, 'station observations: ')).action(async (opts: Record<string, unknown>) => {
    const log = loggerFromOptions(opts);
    const r = await runEvaluate({
      est: opts.est as string, obs: opts.obs as string, estCol: opts.estCol as string | undefined, obsCol: opts.obsCol as string | undefined,
      period: opts.period as { from: string; to: string } | undefined, out: opts.out as string | undefined,
      stations: stationSelectionFromFlags(opts),
    }, log);
    const s = r.stats;
    const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'NaN');
    process.stdout.write(`n ${s.n}  r ${f(s.r)}  rmse ${f(s.rmse)}  bias ${f(s.bias)}  ubrmse ${f(s.ubrmse)}  nse ${f(s.nse)}\n`);
    log.info(`evaluate: ${r.pixels > 1 ? `${r.pixels} pixels × ` : ''}${r.dates} dates${r.outputs.length > 0 ? `; wrote ${r.outputs.length} files to ${opts.out as string}` : ''}`);
  });
}
