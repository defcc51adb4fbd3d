import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../errors.js';
import { readSiteSeries, type SiteData } from '../io/site-series.js';

export function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`"${value}" is not a number`);
  return n;
}

/** Flags shared by the site commands (bpann, enkf). */
export function siteOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--site <file>', 'site series CSV: date,smap,clm,lst,obs (empty = missing)')
    .option('--inputs <a,b,c>', 'columns of the two SM inputs and LST (default smap,clm,lst)')
    .option('--target <name>', 'column of the observations (default obs)')
    .option('--split <fraction>', 'share of sample days, in time order, in the training period (default 2/3)', number)
    .option('--seed <n>', 'random seed (default 0)', number)
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('--report', 'also write the site report (OUT/report/index.html) after a successful run');
}

export async function readSiteFromFlags(opts: Record<string, unknown>): Promise<SiteData> {
  const inputs = typeof opts.inputs === 'string' ? opts.inputs.split(',').map((s) => s.trim()) : undefined;
  if (inputs && inputs.length !== 3) throw new ConfigError(`--inputs takes three column names (SM a, SM b, LST), got "${String(opts.inputs)}"`);
  return readSiteSeries(opts.site as string, {
    inputs: inputs as [string, string, string] | undefined,
    target: opts.target as string | undefined,
  });
}

/** The options that were given: an undefined flag must not override a method default. */
export function given<T extends Record<string, unknown>>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
