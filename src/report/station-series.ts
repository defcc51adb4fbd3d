import type { GridSpec } from '../grid/gridspec.js';
import type { StationObservation } from '../cube/station-observation.js';
import { networkCellSeries, seriesPixel } from '../products/validate.js';
import type { SeriesName, StationSeriesRow } from './charts.js';
import { formatDegrees } from './ticks.js';

/** Charts beyond this many network cells would bury the report; the validation table still pools them all. */
export const MAX_STATION_CELLS = 12;

export interface StationCellSeries {
  readonly title: string;
  readonly rows: StationSeriesRow[];
}

/**
 * Per network cell (as validation.csv pairs them): the network's daily mean in-situ SM
 * and each gridded series at that cell. `stacks` are [day][row][col] over `dates`.
 */
export function stationCellSeries(
  obs: readonly StationObservation[],
  grid: GridSpec,
  dates: readonly string[],
  stacks: Partial<Record<Exclude<SeriesName, 'obs' | 'union'>, Float32Array>>,
): StationCellSeries[] {
  const plane = grid.width * grid.height;
  return networkCellSeries(obs, grid, dates)
    .series.slice(0, MAX_STATION_CELLS)
    .map((cell) => {
      const pixel = seriesPixel(cell, grid);
      const rows: StationSeriesRow[] = [];
      const push = (series: SeriesName, date: string, v: number) => rows.push({ date, series, sm: Number.isFinite(v) ? v : null });
      dates.forEach((date, d) => {
        push('obs', date, cell.values[d]);
        for (const [name, data] of Object.entries(stacks)) push(name as SeriesName, date, data[d * plane + pixel]);
      });
      const where = `${formatDegrees(cell.lat, 'lat', 3)}, ${formatDegrees(cell.lon, 'lon', 3)}`;
      const title = `${cell.network}: ${cell.stations.length} station${cell.stations.length > 1 ? 's' : ''} in the cell at ${where}`;
      return { title, rows };
    });
}
