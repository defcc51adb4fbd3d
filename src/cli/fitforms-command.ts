import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { fitAllForms } from '../../kernels/metrics/fit-forms.js';
import { formatCsv, type CsvCell } from '../io/csv.js';
import { openStaging } from '../io/staging.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { readSiteFromFlags } from './site-flags.js';
import { commandDescription } from './command-table.js';

/** `smfuse fitforms --site series.csv`: Table 1's screening of each input against the observations. */
export function fitformsCommand(): Command {
  const cmd = new Command('fitforms')
    .description(commandDescription('fitforms'))
    .requiredOption('--site <file>', 'site series CSV: date,smap,clm,lst,obs (empty = missing)')
    .option('--inputs <a,b,c>', 'columns of the inputs (default smap,clm,lst)')
    .option('--target <name>', 'column of the observations (default obs)')
    .option('-o, --out <dir>', 'also write OUT/fitforms.csv');
  return addLogOptions(cmd).action(async (opts: Record<string, unknown>) => {
    const log = loggerFromOptions(opts);
    const site = await readSiteFromFlags(opts);
    const { cube, names } = site;
    const inputs = [cube.smap, cube.clm, cube.lst];
    const rows: CsvCell[][] = inputs.flatMap((x, k) => fitAllForms(x, cube.obs).map((f) => [names[k], f.form, f.a, f.b, f.r, f.n]));
    const header = ['input', 'form', 'a', 'b', 'r', 'n'];
    const show = (v: CsvCell) =>
      typeof v !== 'number' ? String(v) : Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toPrecision(4) : '';
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => show(r[c]).length)));
    const line = (cells: readonly CsvCell[]) =>
      cells
        .map((v, c) => show(v).padEnd(widths[c]))
        .join('  ')
        .trimEnd();
    process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
    if (typeof opts.out === 'string') {
      await mkdir(opts.out, { recursive: true });
      const staging = await openStaging(opts.out);
      await staging.writeText('fitforms.csv', formatCsv(header, rows));
      await staging.commit();
      log.info(`fitforms: wrote ${join(opts.out, 'fitforms.csv')}`);
    }
  });
}
