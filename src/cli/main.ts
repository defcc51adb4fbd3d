import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, CommanderError } from 'commander';
import { SmfuseError } from '../errors.js';
import { VERSION } from '../version.js';
import { demoCommand } from './demo-command.js';
import { convertCommand } from './convert-command.js';
import { bpannCommand } from './bpann-command.js';
import { enkfCommand } from './enkf-command.js';
import { evaluateCommand } from './evaluate-command.js';
import { fitformsCommand } from './fitforms-command.js';
import { grnnCommand } from './grnn-command.js';
import { infoCommand } from './info-command.js';
import { checkStrict } from './log-options.js';
import { mergeCommand } from './merge-command.js';
import { planCommand } from './plan-command.js';
import { reportCommand } from './report-command.js';

/** Exit codes: 0 success, 1 bad input, configuration or usage, 2 internal error. */
export const EXIT = { OK: 0, BAD_INPUT: 1, INTERNAL: 2 } as const;

export function buildProgram(): Command {
  const program = new Command('smfuse')
    .description('Fuse gridded soil-moisture products into spatio-temporally continuous maps')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError()
    .hook('postAction', (_program, action) => checkStrict(action.opts()));
  program.addCommand(grnnCommand().exitOverride());
  program.addCommand(mergeCommand().exitOverride());
  program.addCommand(bpannCommand().exitOverride());
  program.addCommand(enkfCommand().exitOverride());
  program.addCommand(fitformsCommand().exitOverride());
  program.addCommand(evaluateCommand().exitOverride());
  program.addCommand(infoCommand().exitOverride());
  program.addCommand(planCommand().exitOverride());
  program.addCommand(convertCommand().exitOverride());
  program.addCommand(reportCommand().exitOverride());
  program.addCommand(demoCommand().exitOverride());
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting (tests call it too). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.OK;
  } catch (e) {
    return reportFailure(e);
  }
}

/**
 * The exit code for an error that ended a command, after saying on `stderr` what went
 * wrong: a user's mistake (an SmfuseError, a bad option, a file system that refuses a
 * path the user gave) is exit 1 with one line; anything else is a bug, exit 2 with its stack.
 */
export function reportFailure(e: unknown, stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
  if (e instanceof SmfuseError) {
    stderr.write(`smfuse: ${e.message}\n`);
    return EXIT.BAD_INPUT;
  }
  const refused = fileSystemRefusal(e);
  if (refused !== null) {
    stderr.write(`smfuse: ${refused}\n`);
    return EXIT.BAD_INPUT;
  }
  stderr.write(`smfuse: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.INTERNAL;
}

/** Errors of the operating system that the person running smfuse causes and can fix; what each means. */
const USER_FS_ERRORS: Record<string, string> = {
  ENOTDIR: 'a part of this path is a file, not a folder',
  EISDIR: 'this is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
};

/** "<path>: cannot <syscall>: <what it means> (<code>)" for such an error (a missing file is left to the readers, which name it). */
function fileSystemRefusal(e: unknown): string | null {
  const { code, path, dest, syscall } = (e ?? {}) as { code?: unknown; path?: unknown; dest?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string' || USER_FS_ERRORS[code] === undefined) return null;
  // a rename (atomic write) names the temporary file first: the user's path is its destination
  const subject = typeof dest === 'string' ? dest : path;
  const action = `${typeof syscall === 'string' ? syscall : 'use it'}${typeof dest === 'string' ? ` ${path} onto it` : ''}`;
  const blocker = code === 'ENOTDIR' ? fileInPath(subject) : null;
  const what = blocker !== null ? `${blocker} is a file, not a folder` : USER_FS_ERRORS[code];
  return `${subject}: cannot ${action}: ${what} (${code})`;
}

/** The first ancestor of `path` that is a file (what makes a path ENOTDIR), or null. */
function fileInPath(path: string): string | null {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      // not there: look further up
    }
  }
  return null;
}
