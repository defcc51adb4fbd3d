import { isIsoDate } from '../cube/dates.js';
import { ConfigError } from '../../core/errors.js';

/** Months whose middle represents a season on the maps: winter, spring, summer, autumn (northern). */
const SEASON_MONTHS = ['01', '04', '07', '10'];
/** Days either side of the 15th a season's map day may move to for better coverage. */
const SEARCH_DAYS = 7;

/**
 * One map day per season: of the days within a week of the 15th of January, April, July
 * and October, the one with most fused coverage (the one nearer the 15th on a tie, the
 * 15th itself when there is no coverage series). Seasons the dates do not reach are left out.
 */
export function seasonDays(dates: readonly string[], fusedCoverage?: ArrayLike<number>): string[] {
  const days: string[] = [];
  for (const month of SEASON_MONTHS) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < dates.length; i++) {
      const offset = Math.abs(Number(dates[i].slice(8, 10)) - 15);
      if (dates[i].slice(5, 7) !== month || offset > SEARCH_DAYS) continue;
      // Coverage first; the small offset term only breaks ties.
      const score = (fusedCoverage ? fusedCoverage[i] || 0 : 0) - offset * 1e-6;
      if (score > bestScore) [best, bestScore] = [i, score];
    }
    if (best >= 0) days.push(dates[best]);
  }
  return days;
}

/** Refuses --days that are not dates of the fused series. */
export function checkDays(days: readonly string[], dates: readonly string[]): void {
  for (const day of days) {
    if (!isIsoDate(day)) throw new ConfigError(`--days: "${day}" is not a date written YYYY-MM-DD`);
    if (!dates.includes(day)) throw new ConfigError(`--days: ${day} is not a day of the fused series (${dates[0]} … ${dates.at(-1)})`);
  }
}
