import type { Command } from 'commander';
import { createLogger, type Logger } from '../log.js';

/** The logging flags every command takes. */
export function addLogOptions(cmd: Command): Command {
  return cmd
    .option('-q, --quiet', 'print nothing but errors and warnings')
    .option('--log-json', 'log JSON lines on stderr (machine-readable, no progress bars)');
}

export function loggerFromOptions(opts: Record<string, unknown>): Logger {
  return createLogger({ quiet: opts.quiet === true, json: opts.logJson === true });
}
