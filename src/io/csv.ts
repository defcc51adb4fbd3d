import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';

/** A CSV cell: numbers print at full float32 precision, NaN and null as empty. */
export type CsvCell = string | number | null | undefined;

function formatCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.fround(v) === v ? v : +v.toPrecision(9)) : '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** RFC 4180 text with a header line and '\n' line ends. */
export function formatCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(formatCell).join(',')];
  for (const row of rows) lines.push(row.map(formatCell).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * Largest CSV smfuse reads (station series, site series): checked against the file size
 * before reading, so a huge or corrupt file is refused instead of exhausting memory
 * (the text and the rows parsed from it take several times the file size).
 */
export const MAX_CSV_BYTES = 256 * 2 ** 20;

/** A CSV file's text, or an InputError naming it when it is unreadable or over `maxBytes`. */
export async function readCsvText(path: string, what: string, maxBytes = MAX_CSV_BYTES): Promise<string> {
  try {
    const size = (await stat(path)).size;
    if (size > maxBytes) {
      throw new InputError(
        path,
        `${what} is ${(size / 2 ** 20).toFixed(0)} MiB, over the ${(maxBytes / 2 ** 20).toFixed(0)} MiB a CSV may have (split it)`,
      );
    }
    return await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(path, `cannot read ${what}: ${(err as Error).message}`);
  }
}
