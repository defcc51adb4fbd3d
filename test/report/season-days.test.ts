import { describe, expect, it } from 'vitest';
import { datesOfYear } from '../../src/cube/dates.js';
import { seasonDays } from '../../src/report/season-days.js';

describe('seasonDays', () => {
  const dates = datesOfYear(2013);

  it('takes the 15th of January, April, July and October without a coverage series', () => {
    expect(seasonDays(dates)).toEqual(['2013-01-15', '2013-04-15', '2013-07-15', '2013-10-15']);
  });

  it('moves to the best covered day within a week of the 15th', () => {
    const coverage = dates.map((d) => (d === '2013-07-20' ? 0.9 : d === '2013-07-30' ? 1 : 0.5));
    expect(seasonDays(dates, coverage)[2]).toBe('2013-07-20');
  });

  it('leaves out seasons the dates do not reach', () => {
    expect(seasonDays(dates.slice(0, 120))).toEqual(['2013-01-15', '2013-04-15']);
  });
});
