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
  return lines.join('\n') + '\n';
}
