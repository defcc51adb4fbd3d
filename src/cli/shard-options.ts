import type { Command } from 'commander';
import { number } from './numbers.js';

/** --resume, --shard and --shards, shared by grnn and gridded bpann/enkf; `mode` prefixes each help line. */
export function addCheckpointOptions(cmd: Command, mode = ''): Command {
  return cmd
    .option('--resume', `${mode}continue an interrupted run from its checkpoints in OUT/.smfuse-work`)
    .option(
      '--shard <i/N>',
      `${mode}compute only the i-th of N contiguous ranges of tiles (a band of rows), for \`smfuse merge\` (auto: from SLURM_ARRAY_TASK_ID/COUNT)`,
    )
    .option('--shards <N>', `${mode}number of shards, the index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX`, number);
}
