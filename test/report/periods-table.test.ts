import { describe, expect, it } from 'vitest';
import { periodsTable } from '../../src/report/site-sections.js';

describe('the periods table of the report', () => {
  it('puts training beside validation and names the worse period of R and RMSE', () => {
    const row = (series: string, period: string, r: string, rmse: string) => ({ series, period, r, rmse, n: '10' });
    const table = periodsTable([
      row('smap', 'train', '0.891677745', '0.0423624975'),
      row('fused_enkf', 'train', '0.797727508', '0.0505248526'),
      row('smap', 'validation', '0.900890163', '0.0423893104'),
      row('fused_enkf', 'validation', '0.902187681', '0.0300266325'),
      row('smap', 'all', '0.1', '0.9'), // not a period of the comparison
      row('clm', 'validation', '0.874480258', ''), // no training row, no RMSE
    ]);
    expect(table.columns).toEqual(['series', 'r_train', 'r_validation', 'r_worst', 'rmse_train', 'rmse_validation', 'rmse_worst']);
    expect(table.rows).toEqual([
      ['smap', '0.892', '0.901', '0.892 (train)', '0.0424', '0.0424', '0.0424 (validation)'],
      ['fused_enkf', '0.798', '0.902', '0.798 (train)', '0.0505', '0.0300', '0.0505 (train)'],
      ['clm', '–', '0.874', '0.874 (validation)', '–', '–', '–'],
    ]);
  });
});
