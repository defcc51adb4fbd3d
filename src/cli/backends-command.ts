import { Command } from 'commander';
import { backendTables, type KernelTable } from '../backends/table.js';
import { commandDescription } from './command-table.js';

/** `smfuse backends`: each kernel's backends, whether each runs here (or why not), and what `auto` picks. */
export function backendsCommand(): Command {
  return new Command('backends')
    .description(commandDescription('backends'))
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const tables = await backendTables();
      process.stdout.write(opts.json ? `${JSON.stringify(tables, null, 2)}\n` : tables.map(formatTable).join('\n'));
    });
}

/** A kernel's table: fastest first; `auto` marks the one auto picks, `never` those it never picks (why below). */
export function formatTable(t: KernelTable): string {
  const rows = t.backends.map((b) => [
    b.name,
    b.available ? 'yes' : 'no',
    b.name === t.auto ? 'auto' : b.autoNever ? 'never' : '',
    b.detail,
  ]);
  const head = ['backend', 'available', 'auto', 'detail or reason'];
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < cells.length - 1 ? cell.padEnd(width[c]) : cell))
      .join('  ')
      .trimEnd();
  const notes = t.backends.filter((b) => b.autoNever).map((b) => `  auto never picks ${b.name}: ${b.autoNever}\n`);
  const auto = t.auto ? `auto picks ${t.auto}` : 'auto finds no backend';
  return `${t.label} (${auto})\n${[head, ...rows].map((r) => `  ${line(r)}\n`).join('')}${notes.join('')}`;
}
