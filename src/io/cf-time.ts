/** CF time coordinates (`<unit> since <date>`, with calendar) → ISO dates (UTC). */
import { InputError } from '../errors.js';

const UNIT_DAYS: Record<string, number> = { days: 1, day: 1, d: 1, hours: 1 / 24, hour: 1 / 24, h: 1 / 24, minutes: 1 / 1440, minute: 1 / 1440, seconds: 1 / 86400, second: 1 / 86400, s: 1 / 86400 };
const NOLEAP = new Set(['noleap', '365_day']);
const GREGORIAN = new Set(['standard', 'gregorian', 'proleptic_gregorian']);
const MONTH_START_NOLEAP = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

export function decodeCfDates(file: string, values: ArrayLike<number>, units: string | undefined, calendar = 'standard'): string[] {
  const m = /^\s*(\w+)\s+since\s+(\d{1,4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?)?/.exec(units ?? '');
  const perUnit = m ? UNIT_DAYS[m[1].toLowerCase()] : undefined;
  if (!m || perUnit === undefined) throw new InputError(file, `time units "${units ?? ''}" are not "<days|hours|minutes|seconds> since <date>"`);
  const cal = calendar.toLowerCase();
  const [y, mo, d] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const dayFraction = (Number(m[5] ?? 0) * 3600 + Number(m[6] ?? 0) * 60 + Number(m[7] ?? 0)) / 86400;
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const days = values[i] * perUnit + dayFraction;
    if (!Number.isFinite(days)) throw new InputError(file, `time value ${values[i]} is not finite`);
    if (GREGORIAN.has(cal)) out.push(new Date(Date.UTC(y, mo - 1, d) + Math.floor(days + 1e-9) * 86400000).toISOString().slice(0, 10));
    else if (NOLEAP.has(cal)) out.push(noLeapDate(y, mo, d, Math.floor(days + 1e-9)));
    else throw new InputError(file, `calendar "${calendar}" is not supported (standard, gregorian, proleptic_gregorian, noleap, 365_day)`);
  }
  return out;
}

/** A noleap date as ISO: models keep 365-day years, so 29 February never appears. */
function noLeapDate(y: number, mo: number, d: number, days: number): string {
  const dayOfYear = MONTH_START_NOLEAP[mo - 1] + d - 1 + days;
  const year = y + Math.floor(dayOfYear / 365);
  const doy = ((dayOfYear % 365) + 365) % 365;
  let month = 11;
  while (MONTH_START_NOLEAP[month] > doy) month--;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month + 1)}-${pad(doy - MONTH_START_NOLEAP[month] + 1)}`;
}
