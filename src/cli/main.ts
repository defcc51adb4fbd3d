import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, CommanderError } from 'commander';
import { checkEnvironment, environmentHelp } from '../../core/env.js';
import { SmfuseError } from '../../core/errors.js';
import { VERSION } from '../version.js';
import { COMMANDS, type CommandName } from './command-table.js';
import { checkStrict } from './log-options.js';

/** Exit codes: 0 success, 1 bad input, configuration or usage, 2 internal error. */
export const EXIT = { OK: 0, BAD_INPUT: 1, INTERNAL: 2 } as const;

/** The module that builds each command, imported only when that command runs. */
const LOAD: Record<CommandName, () => Promise<Command>> = {
  grnn: async () => (await import('./grnn-command.js')).grnnCommand(),
  merge: async () => (await import('./merge-command.js')).mergeCommand(),
  bpann: async () => (await import('./bpann-command.js')).bpannCommand(),
  enkf: async () => (await import('./enkf-command.js')).enkfCommand(),
  fitforms: async () => (await import('./fitforms-command.js')).fitformsCommand(),
  evaluate: async () => (await import('./evaluate-command.js')).evaluateCommand(),
  info: async () => (await import('./info-command.js')).infoCommand(),
  plan: async () => (await import('./plan-command.js')).planCommand(),
  convert: async () => (await import('./convert-command.js')).convertCommand(),
  report: async () => (await import('./report-command.js')).reportCommand(),
  demo: async () => (await import('./demo-command.js')).demoCommand(),
  backends: async () => (await import('./backends-command.js')).backendsCommand(),
};

/**
 * The program with `args`' command loaded in full (its options, its action); every other
 * command is listed by name and description only, so nothing heavy is imported for it.
 */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command('smfuse')
    .description('Fuse gridded soil-moisture products into spatio-temporally continuous maps')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError()
    .addHelpText('after', `\n${environmentHelp()}`)
    .hook('preAction', () => checkEnvironment())
    .hook('postAction', (_program, action) => checkStrict(action.opts()));
  const wanted = requestedCommand(args);
  for (const [name, description] of Object.entries(COMMANDS)) {
    const cmd = name === wanted ? await LOAD[wanted]() : new Command(name).description(description);
    program.addCommand(cmd.exitOverride());
  }
  return program;
}

/** The command `args` run (`smfuse help NAME` asks for NAME's help), or null. */
function requestedCommand(args: readonly string[]): CommandName | null {
  const [first, second] = args.filter((a) => !a.startsWith('-'));
  const name = first === 'help' ? second : first;
  return name !== undefined && name in COMMANDS ? (name as CommandName) : null;
}

/** Runs the CLI and returns the exit code instead of exiting (tests call it too). */
export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv.slice(2))).parseAsync(argv);
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
