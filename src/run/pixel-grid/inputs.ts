import type { PixelMethodConfig, PixelObsInput } from '../../config/pixel-method-config.js';
import { stackPath, type GrnnInput } from '../../config/grnn-config.js';
import { datesOfYear } from '../../cube/dates.js';
import { InputError } from '../../../core/errors.js';
import { bandGrid, makeGrid, outputGridProblem, rowBandProblem, type GridSpec, type RowBand } from '../../grid/gridspec.js';
import { readGeoTiffGrid } from '../../io/geotiff-read.js';
import { enforceContract, readDailyInput, type BandOf, type ReadInput } from '../../io/load-grnn-inputs.js';
import { stationInputFiles } from '../../io/ismn.js';
import { loadStations } from '../../io/station-input.js';
import type { StationInput } from '../../config/stations-config.js';
import type { Logger } from '../../log.js';
import type { PixelCube } from '../../cube/pixel-cube.js';
import { seriesPixel, stationCellsWarned } from '../../products/validate.js';

/**
 * The cube of a gridded BPANN/EnKF run, pixel p = row·width + col of `grid`, and where it
 * came from. `grid` is bandGrid(fullGrid, band): pixel p is pixel p + band.row0·width of
 * the whole grid.
 */
export interface PixelGridInputs extends BandOf {
  grid: GridSpec;
  dates: string[];
  cube: PixelCube;
  /** Input key → the files read (a product input lists each daily file). */
  sources: Record<string, string[]>;
}

/**
 * Reads the SMAP, CLM, LST and observation inputs of one year onto one grid: the SMAP
 * GeoTIFF's, or `grid` of the configuration. GeoTIFF stacks must be on it with one band
 * per day (dated); products are regridded onto it. A station target becomes a cube
 * (stationCube). With `band`, only those rows of the grid are read (loadGrnnInputs), and
 * the contracts check those rows.
 */
/** The grid a run fuses on: the configuration's `grid`, else the SMAP GeoTIFF's (its header only); and what it came from. */
export async function pixelGridTarget(config: PixelMethodConfig): Promise<{ grid: GridSpec; source: string }> {
  const smapStack = stackPath(config.inputs.smap);
  const grid = config.grid
    ? makeGrid(
        { west: config.grid.bbox[0], south: config.grid.bbox[1], east: config.grid.bbox[2], north: config.grid.bbox[3] },
        config.grid.res,
      )
    : await readGeoTiffGrid(smapStack!);
  const source = config.grid ? 'grid (configuration)' : smapStack!;
  const problem = outputGridProblem(grid);
  if (problem) throw new InputError(source, `cannot be the target grid: ${problem}`);
  return { grid, source };
}

export async function loadPixelGridInputs(config: PixelMethodConfig, log: Logger, band?: RowBand): Promise<PixelGridInputs> {
  const { inputs, year } = config;
  const dates = datesOfYear(year);
  const { grid: fullGrid, source: gridSource } = await pixelGridTarget(config);
  const bandProblem = band && rowBandProblem(fullGrid, band);
  if (bandProblem) throw new RangeError(`${gridSource}: ${bandProblem}`);
  const grid = band ? bandGrid(fullGrid, band) : fullGrid;
  const read = (i: GrnnInput) => readDailyInput(i, fullGrid, year, gridSource, log, band);
  const [smap, clm, lst, obs] = await Promise.all([
    read(inputs.smap),
    read(inputs.clm),
    read(inputs.lst),
    readObs(inputs.obs, fullGrid, dates, read, log, band),
  ]);
  // each input held to its role's contract, as in smfuse grnn: SM in m³/m³, LST in kelvin (station readings are checked as they are parsed)
  enforceContract('smap', inputs.smap, smap, log);
  enforceContract('clm', inputs.clm, clm, log);
  enforceContract('lst', inputs.lst, lst, log);
  if ('file' in obs) enforceContract('obs', inputs.obs as GrnnInput, obs, log);
  return {
    grid,
    fullGrid,
    band: band ?? { row0: 0, row1: fullGrid.height },
    dates,
    cube: { days: dates.length, pixels: grid.width * grid.height, smap: smap.data, clm: clm.data, lst: lst.data, obs: obs.data },
    sources: { smap: smap.sources, clm: clm.sources, lst: lst.sources, obs: obs.sources },
  };
}

interface StationDaily {
  data: Float32Array;
  sources: string[];
}

async function readObs(
  obs: PixelObsInput,
  grid: GridSpec,
  dates: readonly string[],
  read: (i: GrnnInput) => Promise<ReadInput>,
  log: Logger,
  band?: RowBand,
): Promise<ReadInput | StationDaily> {
  if (typeof obs === 'string' || !('stations' in obs)) return read(obs);
  return {
    data: await stationCube(obs.stations, grid, dates, log, band),
    sources: await stationInputFiles(obs.stations.path, obs.stations.variable),
  };
}

/**
 * A station file as a cube [day][pixel]: in each cell with stations, the mean of its
 * networks' daily means (a network's value in a cell is the mean of its stations there,
 * as in GRNN validation); NaN elsewhere. With `band`, the cube of those rows of `grid`:
 * stations are placed on the whole grid (its warnings and its check that some station
 * lies on it are a whole run's), and those in the band's rows kept.
 */
export async function stationCube(
  input: StationInput,
  grid: GridSpec,
  dates: readonly string[],
  log: Logger,
  band?: RowBand,
): Promise<Float32Array> {
  const cells = stationCellsWarned(await loadStations(input, log), grid, dates, input.path, log);
  if (cells.series.length === 0) throw new InputError(input.path, 'no station lies on the grid');
  const { row0, row1 } = band ?? { row0: 0, row1: grid.height };
  const plane = grid.width * (row1 - row0);
  const sum = new Float64Array(dates.length * plane);
  const count = new Uint16Array(dates.length * plane);
  for (const s of cells.series) {
    if (s.row < row0 || s.row >= row1) continue;
    const p = seriesPixel(s, grid) - row0 * grid.width;
    for (let d = 0; d < dates.length; d++) {
      if (Number.isNaN(s.values[d])) continue;
      sum[d * plane + p] += s.values[d];
      count[d * plane + p]++;
    }
  }
  const data = new Float32Array(sum.length);
  for (let i = 0; i < data.length; i++) data[i] = count[i] > 0 ? sum[i] / count[i] : NaN;
  return data;
}
