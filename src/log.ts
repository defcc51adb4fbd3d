import { createWarningCollector, formatWarning, type RunWarning } from './warnings.js';

/** Leveled messages and progress on stderr: the one place the CLI talks to people. */
export interface Logger {
  info(message: string): void;
  /**
   * A coded warning (src/warnings.ts): printed the first time its code and message are
   * seen, even with --quiet; `count` (default 1) adds up into run.json's `warnings`.
   */
  warn(code: string, message: string, count?: number): void;
  /** Every warning of this run so far, with summed counts, in the order first seen. */
  warnings(): RunWarning[];
  /** A stage's progress; drawn as a bar only on a terminal. */
  progress(stage: string, done: number, total: number): void;
}

export interface LoggerOptions {
  readonly quiet?: boolean;
  /** One JSON object per line (time, level, message or stage progress), for logs collected on clusters. */
  readonly json?: boolean;
  readonly stream?: NodeJS.WriteStream;
}

/** A logger writing to `stream` (stderr): text, or one JSON object per line with `json`; `quiet` keeps only warnings. */
export function createLogger({ quiet = false, json = false, stream = process.stderr }: LoggerOptions = {}): Logger {
  return json ? jsonLogger(quiet, stream) : textLogger(quiet, stream);
}

function textLogger(quiet: boolean, stream: NodeJS.WriteStream): Logger {
  const bars = !quiet && stream.isTTY === true;
  const started = new Map<string, number>();
  const collected = createWarningCollector();
  return {
    info(message) {
      if (!quiet) stream.write(`${message}\n`);
    },
    warn(code, message, count) {
      if (collected.add(code, message, count)) stream.write(`${formatWarning({ code, message })}\n`);
    },
    warnings: () => collected.list(),
    progress(stage, done, total) {
      if (!bars) return;
      const t0 = started.get(stage) ?? (started.set(stage, Date.now()), Date.now());
      const width = 30;
      const filled = Math.round((done / total) * width);
      const elapsed = (Date.now() - t0) / 1000;
      const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
      const etaText = Number.isFinite(eta) ? ` ETA ${eta.toFixed(0)}s` : '';
      stream.write(`\r${stage} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${etaText}  `);
      if (done >= total) stream.write('\n');
    },
  };
}

/** Progress is logged at whole percents only, so a stage of many steps stays a few lines. */
function jsonLogger(quiet: boolean, stream: NodeJS.WriteStream): Logger {
  const line = (record: Record<string, unknown>) => stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);
  const lastPercent = new Map<string, number>();
  const collected = createWarningCollector();
  return {
    info(message) {
      if (!quiet) line({ level: 'info', message });
    },
    warn(code, message, count) {
      if (collected.add(code, message, count)) line({ level: 'warn', code, message });
    },
    warnings: () => collected.list(),
    progress(stage, done, total) {
      if (quiet) return;
      const percent = Math.floor((100 * done) / total);
      if (lastPercent.get(stage) === percent) return;
      lastPercent.set(stage, percent);
      line({ level: 'progress', stage, done, total });
    },
  };
}

/** Prints nothing; still collects warnings, so a library caller can read them after a run. */
export function silentLogger(): Logger {
  const collected = createWarningCollector();
  return {
    info() {},
    warn: (code, message, count) => void collected.add(code, message, count),
    warnings: () => collected.list(),
    progress() {},
  };
}
