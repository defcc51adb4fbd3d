/** Leveled messages and progress on stderr: the one place the CLI talks to people. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** A stage's progress; drawn as a bar only on a terminal. */
  progress(stage: string, done: number, total: number): void;
}

export interface LoggerOptions {
  readonly quiet?: boolean;
  readonly stream?: NodeJS.WriteStream;
}

export function createLogger({ quiet = false, stream = process.stderr }: LoggerOptions = {}): Logger {
  const bars = !quiet && stream.isTTY === true;
  const started = new Map<string, number>();
  return {
    info(message) {
      if (!quiet) stream.write(`${message}\n`);
    },
    warn(message) {
      stream.write(`warning: ${message}\n`);
    },
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

export const silentLogger: Logger = { info() {}, warn() {}, progress() {} };
