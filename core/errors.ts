/** Base class of every error smfuse raises on purpose; anything else is a bug. */
export class SmfuseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A file that cannot be used: names the file and what is wrong with it. */
export class InputError extends SmfuseError {
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
  }
}

/** A configuration or command-line option that is invalid. */
export class ConfigError extends SmfuseError {}

/**
 * An error as it crosses a worker-thread boundary: structured cloning keeps an Error's
 * message but not its class, so an InputError thrown in a worker would reach the main
 * thread as a plain Error (exit 2, "internal error") instead of a user mistake (exit 1).
 */
export interface SerializedError {
  readonly kind: 'InputError' | 'ConfigError' | 'SmfuseError' | 'Error';
  readonly message: string;
  /** InputError: the file it names. */
  readonly file?: string;
  /** The thrower's stack, so a bug in a worker is reported where it happened. */
  readonly stack?: string;
}

/** What a worker posts for an error it caught (any thrown value). */
export function serializeError(e: unknown): SerializedError {
  if (!(e instanceof Error)) return { kind: 'Error', message: String(e) };
  const kind =
    e instanceof InputError ? 'InputError' : e instanceof ConfigError ? 'ConfigError' : e instanceof SmfuseError ? 'SmfuseError' : 'Error';
  return { kind, message: e.message, stack: e.stack, ...(e instanceof InputError ? { file: e.file } : {}) };
}

/** The main thread's copy of a worker's error, of the same smfuse class (a user mistake stays one). */
export function reviveError(s: SerializedError): Error {
  let e: Error;
  if (s.kind === 'InputError' && s.file !== undefined) {
    const prefix = `${s.file}: `;
    e = new InputError(s.file, s.message.startsWith(prefix) ? s.message.slice(prefix.length) : s.message);
  } else if (s.kind === 'ConfigError') e = new ConfigError(s.message);
  else if (s.kind === 'SmfuseError' || s.kind === 'InputError') e = new SmfuseError(s.message);
  else e = new Error(s.message);
  if (s.stack !== undefined) e.stack = s.stack;
  return e;
}
