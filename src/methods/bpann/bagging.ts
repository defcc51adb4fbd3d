import { deriveSeed, makeRng } from '../../../core/rng.js';

/** Stream id of bootstrap draws in deriveSeed(seed, STREAM, pixel, member). */
const STREAM_BPANN_BAG = 0xb9a6;

/**
 * A member's training rows when bagging: the first length − holdout rows (the fitted
 * ones) drawn with replacement, from the member's own stream, then the holdout days as
 * they are (the validation stop watches the same days for every member).
 */
export function bootstrapSamples(train: readonly number[], holdout: number, seed: number, pixel: number, member: number): number[] {
  const fitted = train.length - holdout;
  const rng = makeRng(deriveSeed(seed, STREAM_BPANN_BAG, pixel, member));
  const drawn = Array.from({ length: fitted }, () => train[Math.floor(rng.next() * fitted)]);
  return [...drawn, ...train.slice(fitted)];
}
