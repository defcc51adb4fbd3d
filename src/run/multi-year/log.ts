import type { Logger } from '../../log.js';
import { createWarningCollector } from '../../warnings.js';

/**
 * The logger of one year of a multi-year run: its lines go to the run's logger prefixed
 * with the year; its warnings are that year's own (its run.json lists just them, as a
 * one-year run's does) and are also passed on, with the year, to the run's logger
 * (printed once, counted for --strict).
 */
export function yearLogger(parent: Logger, year: number): Logger {
  const own = createWarningCollector();
  return {
    info: (message) => parent.info(`${year}: ${message}`),
    warn(code, message, count) {
      own.add(code, message, count);
      parent.warn(code, `${year}: ${message}`, count);
    },
    warnings: () => own.list(),
    progress: (stage, done, total) => parent.progress(`${year} ${stage}`, done, total),
  };
}
