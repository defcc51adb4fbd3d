/**
 * Which period one layer of an ESA CCI / C3S SM file stands for. C3S ships DAILY, DEKADAL
 * and MONTHLY files of one layout, told apart by the name (…-SSMV-PASSIVE-MONTHLY-…, also
 * kept in the `id` attribute) and `time_coverage_resolution` (P1D, P10D, P1M; ESA CCI
 * writes P1D). A dekadal or monthly layer is dated by its period's first day, the date
 * in the name (C3S names start the period), and keeps its period so no daily stack takes
 * it for a day.
 */
import { InputError } from '../../../core/errors.js';
import { attrString, type DataFile } from '../data-file.js';
import { dateInFileName } from './product.js';

const FROM_NAME: Record<string, string> = { DAILY: 'P1D', DEKADAL: 'P10D', MONTHLY: 'P1M' };

export function ecvPeriod(data: DataFile, dates: readonly string[]): { period: string; dates: string[] } {
  const names = [data.path.replace(/^.*\//, ''), attrString(data.globalAttrs, 'id') ?? ''];
  const word = names.map((n) => /-(DAILY|DEKADAL|MONTHLY)-/i.exec(n)?.[1].toUpperCase()).find((w) => w !== undefined);
  const byName = word ? FROM_NAME[word] : undefined;
  const byAttr = resolution(attrString(data.globalAttrs, 'time_coverage_resolution'));
  if (byName && byAttr && byName !== byAttr) {
    throw new InputError(
      data.path,
      `the name says ${word} but time_coverage_resolution is ${byAttr}: cannot tell which period a layer stands for`,
    );
  }
  const period = byName ?? byAttr ?? 'P1D';
  if (period === 'P1D') return { period, dates: [...dates] };
  if (dates.length !== 1) throw new InputError(data.path, `a ${period} file with ${dates.length} time steps: expected one layer per file`);
  const start = names.map(dateInFileName).find((d) => d !== null);
  return { period, dates: [start ?? dates[0]] };
}

/** `P1D`, `P10D`, `P1M` as written (`P1M0D`, lower case) or undefined. */
function resolution(attr: string | undefined): string | undefined {
  const m = /^P(\d+)([DM])$/i.exec((attr ?? '').trim().replace(/^(P\d+M)0D$/i, '$1'));
  return m ? `P${Number(m[1])}${m[2].toUpperCase()}` : undefined;
}
