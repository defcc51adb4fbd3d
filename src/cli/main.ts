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
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
    }
    if (e instanceof SmfuseError) {
      process.stderr.write(`smfuse: ${e.message}\n`);
      return EXIT.BAD_INPUT;
    }
    process.stderr.write(`smfuse: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.INTERNAL;
  }
}
