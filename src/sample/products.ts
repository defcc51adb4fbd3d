import { deriveSeed, makeRng } from '../../core/rng.js';
import { clamp } from './curves.js';
import { DailyNoise, staticNoise } from './lattice.js';
import { retrievalMask, type GapInputs, type GapModel } from './product-gaps.js';

/** Error model of a satellite SM product against the truth, m³/m³. */
export interface ErrorModel {
  readonly bias: number;
  readonly noiseSd: number;
  /** Share of the truth's departures from its cell mean that the product keeps (1 = all). */
  readonly damping: number;
  /** Sd of a smooth static bias map (soil texture, terrain). */
  readonly staticBiasSd: number;
  /** Sd of a smooth error field drifting over weeks (algorithm, ancillary-data and calibration errors). */
  readonly driftSd: number;
  /** Vegetation-attenuation error per unit of NDVI above the cell's annual mean NDVI. */
  readonly vegetationError: number;
}

export interface ProductModel extends GapModel, ErrorModel {
  readonly name: string;
}

/** Products are stored within these bounds, m³/m³. */
export const PRODUCT_RANGE = [0.01, 0.6] as const;
/** Both error fields are smooth over this many degrees; the drift keeps 95 % of itself a day (e-folding ~20 days). */
const ERROR_FIELD_SPACING = 1.5;
const DRIFT_PERSISTENCE = 0.95;

/** ESA CCI ECV combined: dry bias, moderate noise, slightly damped; night/morning overpasses. */
export const ECV_MODEL: ProductModel = {
  name: 'ECV',
  coverage: 0.255,
  overpassAirOffset: -1,
  swathSpacingDeg: 7,
  swathTilt: 0.4,
  swathDrift: 0.37,
  swathShare: 0.55,
  blobSpacingDeg: 1.5,
  vegetationGap: 0.1,
  bias: -0.02,
  noiseSd: 0.04,
  damping: 0.8,
  staticBiasSd: 0.05,
  driftSd: 0.03,
  vegetationError: 0,
};

/** FY-3B MWRI: wet bias, noisier, an error that grows with the season's green-up; 13:30 pass. */
export const FY_MODEL: ProductModel = {
  name: 'FY',
  coverage: 0.237,
  swathSpacingDeg: 11,
  swathTilt: -0.5,
  swathDrift: 0.29,
  swathShare: 0.55,
  blobSpacingDeg: 2,
  vegetationGap: 0.35,
  bias: 0.04,
  noiseSd: 0.06,
  damping: 1,
  staticBiasSd: 0.06,
  driftSd: 0.04,
  vegetationError: 0.3,
};

export interface ProductInputs extends GapInputs {
  /** Truth SM, [day][cell]. */
  readonly truth: Float32Array;
}

/** A product's SM, [day][cell]: truth seen through the error model where retrieved, NaN elsewhere. */
export function simulateProduct(model: ProductModel, inputs: ProductInputs, seed: number): Float32Array {
  const { grid, truth, reference } = inputs;
  const cells = grid.width * grid.height;
  const days = inputs.weather.days;
  const mask = retrievalMask(model, inputs, deriveSeed(seed, 1));
  const staticBias = staticNoise(grid, ERROR_FIELD_SPACING, deriveSeed(seed, 2));
  const drift = new DailyNoise(grid, ERROR_FIELD_SPACING, DRIFT_PERSISTENCE, deriveSeed(seed, 4));
  const driftToday = new Float32Array(cells);
  const rng = makeRng(deriveSeed(seed, 3));
  // Damping and vegetation errors act around the mean of what the product sees, so they leave the bias alone.
  const meanSm = maskedCellMeans(truth, mask, cells);
  const meanNdvi = maskedCellMeans(reference.ndvi, mask, cells);

  const out = new Float32Array(days * cells).fill(NaN);
  for (let d = 0; d < days; d++) {
    drift.next(driftToday);
    const off = d * cells;
    for (let i = 0; i < cells; i++) {
      const j = off + i;
      if (mask[j] === 0) continue;
      const value =
        meanSm[i] +
        model.damping * (truth[j] - meanSm[i]) +
        model.bias +
        model.staticBiasSd * staticBias[i] +
        model.driftSd * driftToday[i] +
        model.vegetationError * (reference.ndvi[j] - meanNdvi[i]) +
        model.noiseSd * rng.normal();
      out[j] = clamp(value, PRODUCT_RANGE[0], PRODUCT_RANGE[1]);
    }
  }
  return out;
}

/** Per-cell mean of `data` over the days where `mask` is 1 (0 for a cell never seen). */
function maskedCellMeans(data: Float32Array, mask: Uint8Array, cells: number): Float64Array {
  const sum = new Float64Array(cells);
  const count = new Float64Array(cells);
  for (let j = 0; j < data.length; j++) {
    if (mask[j] === 0) continue;
    sum[j % cells] += data[j];
    count[j % cells]++;
  }
  for (let i = 0; i < cells; i++) sum[i] = count[i] > 0 ? sum[i] / count[i] : 0;
  return sum;
}
