import type { FusionConfig, FusionObsInput } from '../../config/fusion-config.js';
import { stackPath, type GrnnInput } from '../../config/grnn-config.js';
import { datesOfYear } from '../../cube/dates.js';
import { InputError } from '../../../core/errors.js';
import { makeGrid, outputGridProblem, type GridSpec } from '../../grid/gridspec.js';
import { readGeoTiffStack } from '../../io/geotiff-read.js';
import { enforceContract, readDailyInput, type ReadInput } from '../../io/load-grnn-inputs.js';
import { stationInputFiles } from '../../io/ismn.js';
import { loadStations, type StationInput } from '../../io/station-input.js';
import type { Logger } from '../../log.js';
import type { FusionCube } from '../../methods/fusion-cube.js';
import { seriesPixel, stationCellsWarned } from '../../products/validate.js';

/** The cube of a gridded BPANN/EnKF run, pixel p = row·width + col, and where it came from. */
export interface FusionGridInputs {
  grid: GridSpec;
  dates: string[];
  cube: FusionCube;
  /** Input key → the files read (a product input lists each daily file). */
  sources: Record<string, string[]>;
}

/**
 * Reads the SMAP, CLM, LST and observation inputs of one year onto one grid: the SMAP
 * GeoTIFF's, or `grid` of the configuration. GeoTIFF stacks must be on it with one band
 * per day (dated); products are regridded onto it. A station target becomes a cube
 * (stationCube).
 */
export async function loadFusionGridInputs(config: FusionConfig, log: Logger): Promise<FusionGridInputs> {
  const { inputs, year } = config;
  const dates = datesOfYear(year);
  const smapStack = stackPath(inputs.smap);
  const grid = config.grid
    ? makeGrid({ west: config.grid.bbox[0], south: config.grid.bbox[1], east: config.grid.bbox[2], north: config.grid.bbox[3] }, config.grid.res)
    : (await readGeoTiffStack(smapStack!)).grid;
  const gridSource = config.grid ? 'grid (configuration)' : smapStack!;
  const problem = outputGridProblem(grid);
  if (problem) throw new InputError(gridSource, `cannot be the target grid: ${problem}`);
  const read = (i: GrnnInput) => readDailyInput(i, grid, year, gridSource, log);
  const [smap, clm, lst, obs] = await Promise.all([read(inputs.smap), read(inputs.clm), read(inputs.lst), readObs(inputs.obs, grid, dates, read, log)]);
  // each input held to its role's contract, as in smfuse grnn: SM in m³/m³, LST in kelvin (station readings are checked as they are parsed)
  enforceContract('smap', inputs.smap, smap, log);
  enforceContract('clm', inputs.clm, clm, log);
  enforceContract('lst', inputs.lst, lst, log);
  if ('file' in obs) enforceContract('obs', inputs.obs as GrnnInput, obs, log);
  return {
    grid,
    dates,
    cube: { days: dates.length, pixels: grid.width * grid.height, smap: smap.data, clm: clm.data, lst: lst.data, obs: obs.data },
    sources: { smap: smap.sources, clm: clm.sources, lst: lst.sources, obs: obs.sources },
  };
}

interface StationDaily {
  data: Float32Array;
  sources: string[];
}

async function readObs(obs: FusionObsInput, grid: GridSpec, dates: readonly string[], read: (i: GrnnInput) => Promise<ReadInput>, log: Logger): Promise<ReadInput | StationDaily> {
  if (typeof obs === 'string' || !('stations' in obs)) return read(obs);
  return { data: await stationCube(obs.stations, grid, dates, log), sources: await stationInputFiles(obs.stations.path, obs.stations.variable) };
}

/**
 * A station file as a cube [day][pixel]: in each cell with stations, the mean of its
 * networks' daily means (a network's value in a cell is the mean of its stations there,
 * as in GRNN validation); NaN elsewhere.
 */
export async function stationCube(input: StationInput, grid: GridSpec, dates: readonly string[], log: Logger): Promise<Float32Array> {
  const cells = stationCellsWarned(await loadStations(input, log), grid, dates, input.path, log);
  if (cells.series.length === 0) throw new InputError(input.path, 'no station lies on the grid');
  const plane = grid.width * grid.height;
  const sum = new Float64Array(dates.length * plane);
  const count = new Uint16Array(dates.length * plane);
  for (const s of cells.series) {
    const p = seriesPixel(s, grid);
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
