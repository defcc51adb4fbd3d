/** Text mutations of station and site CSVs: invalid dates, non-numbers, broken rows and quoting. */
import type { Rng } from '../../core/rng.js';
import { int, pick } from './mutate-bytes.js';

const BAD_DATES = [
  '2013-02-29',
  '2013-02-30',
  '2013-13-01',
  '2013-00-10',
  '13-01-01',
  '2013/01/01',
  '01.01.2013',
  '99999-01-01',
  '',
  'NaT',
  '2013-1-1',
  '2013-01-01T25:00',
];
const BAD_NUMBERS = [
  'NaN',
  'Inf',
  '-Infinity',
  '1e400',
  '-1e400',
  '0x10',
  '1,5',
  '--1',
  '',
  ' ',
  '1e',
  '.',
  'null',
  '3.4e38',
  '-0',
  '95',
  '-999',
];
const BAD_LINES = ['"', '"unclosed,field', ',,,,,,,,,,,,,,,', '\uFEFF', '\0\0\0', 'a"b,c', '\r', 'x'.repeat(1 << 16)];

export function mutateCsv(rng: Rng, text: string): { text: string; what: string } {
  const lines = text.split('\n');
  const row = 1 + int(rng, Math.max(1, lines.length - 2));
  const cells = (lines[row] ?? '').split(',');
  const kind = pick(rng, ['date', 'number', 'cell', 'line', 'header', 'drop', 'swap', 'duplicate'] as const);
  switch (kind) {
    case 'date': {
      const bad = pick(rng, BAD_DATES);
      lines[row] = lines[row].replace(/\d{4}-\d\d-\d\d/, bad);
      return { text: lines.join('\n'), what: `line ${row + 1}: date → "${bad}"` };
    }
    case 'number': {
      const c = int(rng, cells.length);
      cells[c] = pick(rng, BAD_NUMBERS);
      lines[row] = cells.join(',');
      return { text: lines.join('\n'), what: `line ${row + 1}: field ${c + 1} → "${cells[c]}"` };
    }
    case 'cell': {
      const c = int(rng, cells.length + 1);
      cells.splice(c, rng.next() < 0.5 ? 1 : 0, ...(rng.next() < 0.5 ? [] : ['extra']));
      lines[row] = cells.join(',');
      return { text: lines.join('\n'), what: `line ${row + 1}: fields changed at ${c + 1}` };
    }
    case 'line': {
      const bad = pick(rng, BAD_LINES);
      lines.splice(row, 0, bad);
      return { text: lines.join('\n'), what: `insert line ${row + 1}: ${JSON.stringify(bad.slice(0, 20))}` };
    }
    case 'header': {
      const h = lines[0].split(',');
      const c = int(rng, h.length);
      h[c] = pick(rng, ['', h[(c + 1) % h.length], h[c].toUpperCase(), `"${h[c]}`]);
      lines[0] = h.join(',');
      return { text: lines.join('\n'), what: `header field ${c + 1} → "${h[c]}"` };
    }
    case 'drop':
      return { text: lines.slice(0, row).join('\n'), what: `keep ${row} line(s)` };
    case 'swap': {
      const other = 1 + int(rng, Math.max(1, lines.length - 2));
      [lines[row], lines[other]] = [lines[other], lines[row]];
      return { text: lines.join('\n'), what: `swap lines ${row + 1} and ${other + 1}` };
    }
    case 'duplicate':
      lines.splice(row, 0, lines[row]);
      return { text: lines.join('\n'), what: `repeat line ${row + 1}` };
  }
}
