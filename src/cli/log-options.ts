import type { Command } from 'commander';
import { SmfuseError } from '../../core/errors.js';
import { createLogger, type Logger } from '../log.js';

/** The logging flags every command takes. */
export function addLogOptions(cmd: Command): Command {
  return cmd
    .option('-q, --quiet', 'print nothing but errors and warnings')
    .option('--log-json', 'log JSON lines on stderr (machine-readable, no progress bars)')
    .option('--strict', 'exit 1 when the run gave any warning (outputs are still written, warnings in run.json)');
}

// One logger per command invocation (commander hands every call the same options object),
// so the strict check after the action sees the warnings the action collected.
const loggers = new WeakMap<object, Logger>();

export function loggerFromOptions(opts: Record<string, unknown>): Logger {
  let log = loggers.get(opts);
  if (!log) {
    log = createLogger({ quiet: opts.quiet === true, json: opts.logJson === true });
    loggers.set(opts, log);
  }
  return log;
}

/** `--strict` and a run that warned: exit 1, naming the warning codes. */
export class StrictWarningsError extends SmfuseError {}

/** Called after every command's action (main.ts): with --strict, any warning is an error. */
export function checkStrict(opts: Record<string, unknown>): void {
  if (opts.strict !== true) return;
  const warnings = loggers.get(opts)?.warnings() ?? [];
  if (warnings.length === 0) return;
  const codes = [...new Set(warnings.map((w) => w.code))].join(', ');
  throw new StrictWarningsError(
    `--strict: the run gave ${warnings.length} warning${warnings.length > 1 ? 's' : ''} (${codes}); see above and run.json`,
  );
}
