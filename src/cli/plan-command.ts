import { Command } from 'commander';
import { parseFusionConfig } from '../config/fusion-config.js';
import { configDir, parseGrnnConfig, readJsonConfig } from '../config/grnn-config.js';
import { ConfigError } from '../errors.js';
import { formatPlan, planFusionGrid, planGrnn } from '../run/plan.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';

/** `smfuse plan CONFIG`: every input read and checked as the run would, summarised; nothing fused or written. */
export function planCommand(): Command {
  const cmd = new Command('plan')
    .description('read and check a grnn or bpann/enkf configuration\'s inputs as the run would, and print what each resolves to (files, product, grid, units, days, gaps); fuses nothing')
    .argument('<config>', 'JSON configuration of smfuse grnn or smfuse bpann|enkf --config')
    .option('--json', 'print JSON');
  return addLogOptions(cmd).action(async (file: string, opts: Record<string, unknown>) => {
    const log = loggerFromOptions(opts);
    const raw = await readJsonConfig(file);
    const inputs = (raw as { inputs?: Record<string, unknown> } | null)?.inputs;
    const base = configDir(file);
    let plan;
    if (inputs && 'ecv' in inputs) plan = await planGrnn(parseGrnnConfig(raw, file, base), log);
    else if (inputs && 'smap' in inputs) plan = await planFusionGrid(parseFusionConfig(raw, file, base), log);
    else throw new ConfigError(`${file}: not a grnn configuration (inputs.ecv …) nor a bpann/enkf one (inputs.smap …)`);
    process.stdout.write(opts.json === true ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
  });
}
