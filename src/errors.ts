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
