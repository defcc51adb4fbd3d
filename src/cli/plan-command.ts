import { Command } from 'commander';
import { parsePixelMethodConfig } from '../config/pixel-method-config.js';
import { configDir, parseGrnnConfig, readJsonConfig } from '../config/grnn-config.js';
import { pixelMethodConfigForYear, grnnConfigForYear, takeYears } from '../config/years.js';
import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../log.js';
import { formatPlan, planPixelGrid, planGrnn, type RunPlan } from '../run/plan.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { commandDescription } from './command-table.js';

/** `smfuse plan CONFIG`: every input read and checked as the run would, summarised; nothing fused or written. */
export function planCommand(): Command {
  const cmd = new Command('plan')
    .description(commandDescription('plan'))
    .argument('<config>', 'JSON configuration of smfuse grnn or smfuse bpann|enkf --config (one year, or every year of `years`)')
    .option('--json', 'print JSON (a multi-year configuration: {"years": [one plan per year]})');
  return addLogOptions(cmd).action(async (file: string, opts: Record<string, unknown>) => {
    const plans = await planConfig(file, loggerFromOptions(opts));
    const text =
      opts.json === true
        ? `${JSON.stringify(plans.length === 1 ? plans[0] : { years: plans }, null, 2)}\n`
        : plans.map(formatPlan).join('\n');
    process.stdout.write(text);
  });
}

/** One plan per year of the configuration (a one-year configuration gives one). */
async function planConfig(file: string, log: Logger): Promise<RunPlan[]> {
  const raw = await readJsonConfig(file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError(`${file}: the configuration must be a JSON object`);
  const config = { ...(raw as Record<string, unknown>) };
  const inputs = config.inputs as Record<string, unknown> | undefined;
  const years = takeYears(config, {}, file);
  const first = years ? { ...config, year: years[0] } : config;
  const base = configDir(file);
  if (inputs && 'ecv' in inputs) {
    const template = parseGrnnConfig(first, file, base);
    return serially(years ?? [template.year], (y) => planGrnn(years ? grnnConfigForYear(template, y, file) : template, log));
  }
  if (inputs && 'smap' in inputs) {
    const template = parsePixelMethodConfig(first, file, base);
    return serially(years ?? [template.year], (y) => planPixelGrid(years ? pixelMethodConfigForYear(template, y, file) : template, log));
  }
  throw new ConfigError(`${file}: not a grnn configuration (inputs.ecv …) nor a bpann/enkf one (inputs.smap …)`);
}

/** One year at a time: a year's inputs are read whole, so memory stays one year's. */
async function serially<T>(years: readonly number[], plan: (year: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const y of years) out.push(await plan(y));
  return out;
}
