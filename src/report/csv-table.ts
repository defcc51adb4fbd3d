/** Output CSVs and run.json as report tables. */
import type { ReportTable } from './html.js';
import { csvNumber, type CsvRow } from './output-folder.js';

export const fixed = (digits: number) => (cell: string) => (cell.trim() === '' ? '–' : csvNumber(cell).toFixed(digits));
export const scientific = (cell: string) => (cell.trim() === '' ? '–' : csvNumber(cell).toExponential(2));

/** A CSV as a table, each column formatted by its formatter (verbatim when none). */
export function csvTable(
  caption: string,
  rows: readonly CsvRow[],
  columns: readonly string[],
  formats: Record<string, (cell: string) => string> = {},
): ReportTable {
  return { caption, columns, rows: rows.map((r) => columns.map((c) => (formats[c] ?? String)(r[c] ?? ''))) };
}

/** Nested JSON as `a.b.c` → value pairs; arrays joined by commas. */
export function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return [[prefix, Array.isArray(value) ? value.join(', ') : String(value)]];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}
