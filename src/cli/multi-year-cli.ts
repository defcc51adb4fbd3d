import type { Logger } from '../log.js';
import { runYears, type YearlyRuns } from '../run/multi-year/run.js';
import type { Shard } from '../scale/shards.js';
import { reportWithLog } from './report-command.js';

/** The tail of `grnn|bpann|enkf --years`: every year (or this shard of each), then the summary and, asked for, the report. */
export async function runMultiYear<C>(
  spec: YearlyRuns<C>,
  o: { resume: boolean; shard?: Shard; report: boolean },
  log: Logger,
): Promise<void> {
  const s = await runYears(spec, log, { resume: o.resume, shard: o.shard });
  if (o.shard) {
    log.info(
      `shard ${o.shard.index}/${o.shard.count} of years ${spec.years.join(', ')} done${s.skipped.length > 0 ? ` (finished before: ${s.skipped.join(', ')})` : ''}; when every shard is done: smfuse merge ${spec.out}`,
    );
    return;
  }
  if (o.report) await reportWithLog(spec.out, log);
}
