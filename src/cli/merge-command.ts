import { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import type { Logger } from '../log.js';
import { bpannGridMethod } from '../run/bpann/grid-method.js';
import { storedJobCommand } from '../scale/tiled-job.js';
import { enkfGridMethod } from '../run/enkf/grid-method.js';
import { mergePixelGrid } from '../run/pixel-grid/run.js';
import { mergeGrnn } from '../run/grnn/run.js';
import { mergeMultiYear } from '../run/multi-year/merge.js';
import { logRunSummary } from './grnn-command.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { reportWithLog } from './report-command.js';
import { logPixelGridSummary } from './site-flags.js';
import { commandDescription } from './command-table.js';

/** `smfuse merge OUT_DIR`: the final products of a run computed as shards (`grnn|bpann|enkf --shard i/N`). */
export function mergeCommand(): Command {
  const cmd = new Command('merge')
    .description(commandDescription('merge'))
    .argument('<out-dir>', 'the --out folder every shard wrote to')
    .option('--report', 'also write the report (OUT/report/index.html)');
  return addLogOptions(cmd).action(async (outDir: string, opts: Record<string, unknown>) => {
    const log = loggerFromOptions(opts);
    await mergeByCommand(outDir, log);
    if (opts.report === true) await reportWithLog(outDir, log);
  });
}

/** The merge of the command whose tiles the work folder holds (its manifest says which), or of every year of a multi-year folder. */
async function mergeByCommand(outDir: string, log: Logger): Promise<void> {
  // a multi-year folder: every year's shards, then the summary over all years
  if (await mergeMultiYear(outDir, log)) return;
  const command = await storedJobCommand(outDir);
  if (command === 'grnn') return logRunSummary(await mergeGrnn(outDir, log), outDir, log);
  if (command === 'bpann' || command === 'enkf') {
    const summary = await mergePixelGrid(outDir, log, (c, config) => (c === 'bpann' ? bpannGridMethod(config) : enkfGridMethod(config)));
    return logPixelGridSummary(command, summary, outDir, log);
  }
  throw new InputError(outDir, `holds tiles of an unknown command (${String(command)}): not written by this smfuse`);
}
