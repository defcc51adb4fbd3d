import { Command } from 'commander';
import { describeFile, type FileInfo } from '../io/describe-file.js';
import { formatIsmnDescription } from '../io/ismn-info.js';
import { commandDescription } from './command-table.js';

/** `smfuse info FILE`: what smfuse will read from a file. */
export function infoCommand(): Command {
  return new Command('info')
    .description(commandDescription('info'))
    .argument('<file>')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const info = await describeFile(file);
      process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
    });
}

function formatInfo(i: FileInfo): string {
  if (i.stations) return `${[i.file, `format: ${i.format}`, ...formatIsmnDescription(i.stations)].join('\n')}\n`;
  const lines = [
    `${i.file}`,
    `format: ${i.format}`,
    `product: ${i.product ?? '(not recognised: read its variables with --product/--var)'}`,
  ];
  if (i.grid)
    lines.push(
      `grid: ${i.grid.width}×${i.grid.height} cells of ${i.grid.resX}×${i.grid.resY}, upper-left (${i.grid.originX}, ${i.grid.originY}), ${i.grid.crs}`,
    );
  if (i.units !== null) lines.push(`units: ${i.units || '(as stored)'}`);
  if (i.scaling) lines.push(`scaling: ${i.scaling}`);
  if (i.dates.length > 0)
    lines.push(`dates: ${i.dates.length === 1 ? i.dates[0] : `${i.dates[0]} … ${i.dates[i.dates.length - 1]} (${i.dates.length})`}`);
  lines.push('variables:');
  for (const v of i.variables) {
    const attrs = Object.entries(v.attrs)
      .map(([k, x]) => `${k}=${Array.isArray(x) ? `[${x.join(', ')}]` : JSON.stringify(x)}`)
      .join(' ');
    lines.push(`  ${v.name} (${v.dims.join(', ')}) [${v.shape.join('×')}] ${v.type}${attrs ? `  ${attrs}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
