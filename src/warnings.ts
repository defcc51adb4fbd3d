/**
 * The one warnings channel: every run collects what it dropped, filtered, rescaled,
 * flagged or fell back from as coded warnings. Each is printed once on stderr (also with
 * --quiet), stored in run.json under `warnings` with its count, and shown at the top of
 * the report; `--strict` turns any of them into exit 1.
 */
export interface RunWarning {
  /** Stable, upper-case code that scripts can match on (e.g. STATIONS_DROPPED). */
  readonly code: string;
  readonly message: string;
  /** How many items (stations, windows, pixel-days, …) the warning stands for; 1 when not a count. */
  readonly count: number;
}

/** Collects warnings; the same code and message seen again adds to its count instead of repeating. */
export interface WarningCollector {
  /** Records a warning; returns true the first time this code and message are seen (the caller prints then). */
  add(code: string, message: string, count?: number): boolean;
  list(): RunWarning[];
}

export function createWarningCollector(): WarningCollector {
  const seen = new Map<string, { code: string; message: string; count: number }>();
  return {
    add(code, message, count = 1) {
      const key = `${code}\u0000${message}`;
      const known = seen.get(key);
      if (known) {
        known.count += count;
        return false;
      }
      seen.set(key, { code, message, count });
      return true;
    },
    list: () => [...seen.values()].map((w) => ({ ...w })),
  };
}

/** One line for stderr: `warning [CODE]: message`. */
export function formatWarning(w: Pick<RunWarning, 'code' | 'message'>): string {
  return `warning [${w.code}]: ${w.message}`;
}
