/**
 * Input lists for daily products: files, folders, or a pattern whose file-name part may
 * hold `*` and a date token ({YYYYMMDD}, {YYYY-MM-DD}, {YYYYDDD}), e.g.
 * `cci/ESACCI-*-{YYYYMMDD}*.nc`. Files whose dates come from the name are sorted by date
 * (name order within a date). Several files of one date are tiles of a mosaic (MODIS
 * h/v tiles): the product stack tells tiles from duplicates by their grids.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { checkedDate } from '../cube/dates.js';
import { InputError } from '../../core/errors.js';

export interface DatedFile {
  readonly path: string;
  /** From the name's date token; null when the pattern has none (the file says). */
  readonly date: string | null;
}

/** `toIso` gets the matched digits and the file (an impossible date such as 20170231 or 2017366 is an error naming it). */
const TOKENS: Record<string, { re: string; toIso: (m: string, file: string) => string }> = {
  '{YYYYMMDD}': {
    re: '(\\d{8})',
    toIso: (m, file) => checkedDate(+m.slice(0, 4), +m.slice(4, 6), +m.slice(6, 8), file, `the {YYYYMMDD} date ${m}`),
  },
  '{YYYY-MM-DD}': {
    re: '(\\d{4}-\\d{2}-\\d{2})',
    toIso: (m, file) => checkedDate(+m.slice(0, 4), +m.slice(5, 7), +m.slice(8, 10), file, `the {YYYY-MM-DD} date ${m}`),
  },
  '{YYYYDDD}': { re: '(\\d{7})', toIso: (m, file) => dayOfYear(+m.slice(0, 4), +m.slice(4), file, m) },
};

/** Day `doy` (1 … 365 or 366) of Gregorian year `y` as YYYY-MM-DD. */
function dayOfYear(y: number, doy: number, file: string, written: string): string {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (!(y >= 1 && doy >= 1 && doy <= (leap ? 366 : 365)))
    throw new InputError(file, `the {YYYYDDD} date ${written}: ${y} has no day ${doy} (days 1 … ${leap ? 366 : 365})`);
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(y, 0, doy);
  return d.toISOString().slice(0, 10);
}

/** Expands each input (a file, a folder: its regular files, or a pattern) into dated files. */
export function expandInputs(inputs: readonly string[]): DatedFile[] {
  const files = inputs.flatMap(expandOne);
  return files.every((f) => f.date !== null) ? [...files].sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0)) : files;
}

function expandOne(input: string): DatedFile[] {
  const name = basename(input);
  const token = Object.keys(TOKENS).find((t) => name.includes(t));
  // any {…} makes a pattern, so a misspelt token is reported rather than read as a file name
  if (!/\*|\{[^}]*\}/.test(name)) {
    const st = statOrNull(input);
    if (st?.isDirectory())
      return readdirSync(input)
        .sort()
        .map((n) => join(input, n))
        .filter((p) => statOrNull(p)?.isFile())
        .map((p) => ({ path: resolve(p), date: null }));
    if (!st) throw new InputError(input, 'file not found');
    return [{ path: resolve(input), date: null }];
  }
  const dir = dirname(input);
  const pattern = new RegExp(
    `^${name
      .split(/(\{[^}]+\}|\*)/)
      .map((part) => {
        if (part === '*') return '.*';
        if (TOKENS[part]) return TOKENS[part].re;
        if (/^\{.*\}$/.test(part)) throw new InputError(input, `unknown date token ${part} (use ${Object.keys(TOKENS).join(', ')})`);
        return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('')}$`,
  );
  if (!statOrNull(dir)?.isDirectory()) throw new InputError(dir, 'folder not found');
  const matches = readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const m = pattern.exec(n);
      return m ? [{ path: resolve(dir, n), date: token ? TOKENS[token].toIso(m[1], resolve(dir, n)) : null }] : [];
    });
  if (matches.length === 0) throw new InputError(input, 'no file matches this pattern');
  return matches;
}

function statOrNull(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}
