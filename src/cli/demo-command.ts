import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { addLogOptions } from './log-options.js';
import { grnnCommand } from './grnn-command.js';
import { packageRoot } from '../../core/package-root.js';
import { commandDescription } from './command-table.js';

/** data/run.json of the package, found from this module in src/ (tests) or dist/src/ (built). */
function bundledRunConfig(): string {
  return join(packageRoot(import.meta.url), 'data', 'run.json');
}

/**
 * `smfuse demo`: `smfuse grnn --resume --report --format both` on the bundled sample
 * year, into ./out: GeoTIFFs, the CF-NetCDF fused.nc (xarray opens it) and the report
 * (--resume: a demo stopped with Ctrl-C continues where it was). Opens nothing.
 */
export function demoCommand(): Command {
  const cmd = new Command('demo')
    .description(commandDescription('demo'))
    .option('-o, --out <dir>', 'output folder, relative to the current directory', 'out');
  return addLogOptions(cmd).action(async (opts: Record<string, unknown>) => {
    const flags = [opts.quiet === true && '--quiet', opts.logJson === true && '--log-json'].filter(
      (f): f is string => typeof f === 'string',
    );
    const grnn = grnnCommand().exitOverride();
    await grnn.parseAsync(
      ['--config', bundledRunConfig(), '--out', resolve(opts.out as string), '--resume', '--report', '--format', 'both', ...flags],
      { from: 'user' },
    );
  });
}
