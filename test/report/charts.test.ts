import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  agreementHistogramSpec,
  coverageSeriesSpec,
  importanceSpec,
  renderChart,
  sigmaHistogramSpec,
  stationSeriesSpec,
  stationWeightsSpec,
} from '../../src/report/charts.js';
import { svgToPng } from '../../src/report/svg-png.js';

const dates = ['2013-07-01', '2013-07-02', '2013-07-03', '2013-07-04'];

const specs = {
  coverage: coverageSeriesSpec(
    dates.flatMap((date, i) => (['ecv', 'fy', 'fused'] as const).map((product) => ({ date, product, coverage: 0.2 + 0.1 * i }))),
    ['ecv', 'fy', 'fused'],
  ),
  stations: stationSeriesSpec(
    'Naqu',
    dates.flatMap((date, i) => [
      { date, series: 'obs' as const, sm: i === 2 ? null : 0.2 },
      { date, series: 'fused' as const, sm: 0.21 + 0.01 * i },
    ]),
  ),
  weights: stationWeightsSpec(
    dates.map((date, i) => ({ site: 'Naqu', date, weight: i % 2 ? ('W_FY' as const) : ('W_ECV' as const), value: 0.5 - 0.3 * i })),
  ),
  importance: importanceSpec([
    { variable: 'LST', nrmsei: 0.4 },
    { variable: 'NDVI', nrmsei: 0.6 },
  ]),
  sigma: sigmaHistogramSpec([{ model: 'fused', sigma: '0.05', windows: 3 }], ['0.02', '0.05'], ['fused']),
  agreement: agreementHistogramSpec(
    'R',
    'R',
    [
      { product: 'ecv', value: 0.8 },
      { product: 'fy', value: 0.6 },
    ],
    [-1, 1],
    '.1f',
  ),
};

describe('charts', () => {
  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: renders to a sized SVG with marks and to a PNG`, async () => {
      const figure = await renderChart(name, spec);
      expect(figure.width).toBeGreaterThan(100);
      expect(figure.height).toBeGreaterThan(50);
      expect(figure.svg).toMatch(/^<svg/);
      expect(figure.svg).toMatch(/role-(line|symbol|rect|bar)|mark-(line|symbol|rect)/);
      const png = PNG.sync.read(svgToPng(figure.svg, 2));
      expect(png.width).toBe(Math.round(2 * figure.width));
      // Not a blank canvas: some pixels are neither white nor transparent.
      let inked = 0;
      for (let o = 0; o < png.data.length; o += 4) if (png.data[o + 3] > 0 && png.data[o] < 200) inked++;
      expect(inked).toBeGreaterThan(100);
    });
  }
});
