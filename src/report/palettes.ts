/**
 * Colour scales of the report maps: perceptually uniform sequential palettes for
 * magnitudes, diverging ones for signed or centred quantities, a categorical one for
 * flags. NaN is never coloured: maps leave it transparent over a grey "no data".
 */
import {
  interpolateBrBG,
  interpolateCividis,
  interpolatePiYG,
  interpolatePlasma,
  interpolatePuOr,
  interpolateRdBu,
  interpolateViridis,
  schemeTableau10,
} from 'd3-scale-chromatic';
import { FLAG, type FlagCode } from '../cube/flags.js';
import { PixelStatus } from '../methods/pixel-cube.js';

export interface ContinuousScale {
  readonly kind: 'continuous';
  readonly min: number;
  readonly max: number;
  /** t in [0, 1] → CSS colour. */
  readonly interpolate: (t: number) => string;
  /** Colour-bar label with units. */
  readonly label: string;
  /** Tick values are shown multiplied by this (1 for most, 100 for shares shown in %). */
  readonly tickFactor?: number;
}

export interface CategoricalScale {
  readonly kind: 'categorical';
  readonly classes: readonly { readonly value: number; readonly color: string; readonly label: string }[];
  readonly label: string;
}

export type MapScale = ContinuousScale | CategoricalScale;

/** Soil moisture: viridis reversed, so wetter is darker as wet soil is. */
export function soilMoistureScale(max: number): ContinuousScale {
  return { kind: 'continuous', min: 0, max, interpolate: (t) => interpolateViridis(1 - t), label: 'SM (m³/m³)' };
}

/** Share of days with a value, shown in percent. */
export function coverageScale(): ContinuousScale {
  return { kind: 'continuous', min: 0, max: 1, interpolate: interpolateCividis, label: 'days with a value (%)', tickFactor: 100 };
}

/** Mean fusion weight of ECV: centred on 0.5, where both products weigh the same. */
export function weightScale(): ContinuousScale {
  return { kind: 'continuous', min: 0, max: 1, interpolate: interpolatePuOr, label: 'mean W_ECV' };
}

export function correlationScale(): ContinuousScale {
  return { kind: 'continuous', min: -1, max: 1, interpolate: interpolateRdBu, label: 'Pearson R' };
}

/** RMSE: plasma reversed, so a small error is light. */
export function rmseScale(max: number): ContinuousScale {
  return { kind: 'continuous', min: 0, max, interpolate: (t) => interpolatePlasma(1 - t), label: 'RMSE (m³/m³)' };
}

/** Bias (estimate − observation) on a range symmetric about 0: brown too dry, green too wet. */
export function biasScale(maxAbs: number): ContinuousScale {
  return { kind: 'continuous', min: -maxAbs, max: maxAbs, interpolate: interpolateBrBG, label: 'bias, est − obs (m³/m³)' };
}

/** Nash–Sutcliffe efficiency from −1 to its best, 1, centred on 0 (no better than the mean of the observations). */
export function nseScale(): ContinuousScale {
  return { kind: 'continuous', min: -1, max: 1, interpolate: interpolatePiYG, label: 'NSE' };
}

/** Status of a pixel of a gridded BPANN/EnKF run (flags.tif); 0 is nodata. */
export function fusionStatusScale(): CategoricalScale {
  const classes = [
    { value: PixelStatus.FUSED, color: schemeTableau10[4], label: `${PixelStatus.FUSED} fused` },
    { value: PixelStatus.TOO_FEW_OBS, color: schemeTableau10[2], label: `${PixelStatus.TOO_FEW_OBS} too few observation days` },
    { value: PixelStatus.FIT_FAILED, color: schemeTableau10[8], label: `${PixelStatus.FIT_FAILED} initial fit failed` },
  ];
  return { kind: 'categorical', classes, label: 'status' };
}

/** Colour and legend label of each flag code; 0 (not processed) is nodata and stays uncoloured. */
const FLAG_CLASSES: readonly { value: Exclude<FlagCode, 0>; color: string; label: string }[] = [
  { value: FLAG.PREDICTED, color: schemeTableau10[4], label: 'predicted' },
  { value: FLAG.PREDICTED_WIDENED, color: schemeTableau10[1], label: 'widened window' },
  { value: FLAG.FROZEN, color: schemeTableau10[0], label: 'frozen or snow' },
  { value: FLAG.REFERENCE_MISSING, color: schemeTableau10[8], label: 'reference missing' },
  { value: FLAG.TOO_FEW_SAMPLES, color: schemeTableau10[2], label: 'too few samples' },
  { value: FLAG.OUT_OF_RANGE, color: schemeTableau10[3], label: 'out of range' },
];

/** Flag classes with short labels that fit under a map (FLAG_DESCRIPTIONS has the full ones). */
export function flagScale(): CategoricalScale {
  return { kind: 'categorical', classes: FLAG_CLASSES.map((c) => ({ ...c, label: `${c.value} ${c.label}` })), label: 'flag' };
}

/** [r, g, b] of a CSS colour as d3-scale-chromatic writes it ("#rrggbb" or "rgb(r, g, b)"). */
export function parseColor(css: string): [number, number, number] {
  if (css.startsWith('#')) return [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16)) as [number, number, number];
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(css);
  if (!m) throw new Error(`unexpected colour "${css}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
