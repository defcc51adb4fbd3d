/** Every ISO date (YYYY-MM-DD) of a calendar year, in order. */
export function datesOfYear(year: number): string[] {
  const out: string[] = [];
  const t = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  for (let ms = t; ms < end; ms += 86_400_000) out.push(new Date(ms).toISOString().slice(0, 10));
  return out;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toISOString().slice(0, 10) === s;
}
