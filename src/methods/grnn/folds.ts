import type { GrnnTrainingSet } from '../../../kernels/grnn/types.js';
import type { Rng } from '../../../core/rng.js';

/**
 * Random split into k subsets of (almost) equal size (SPEC §3 step 4): a seeded
 * Fisher–Yates permutation, sample at position p going to subset p mod k.
 */
export function assignFolds(n: number, k: number, rng: Rng): Uint8Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const fold = new Uint8Array(n);
  for (let p = 0; p < n; p++) fold[order[p]] = p % k;
  return fold;
}

/** The samples of `set` whose fold is (inFold) or is not (!inFold) `k`, in order. */
export function selectFold(set: GrnnTrainingSet, fold: Uint8Array, k: number, inFold: boolean): GrnnTrainingSet {
  const { d } = set;
  let n = 0;
  for (let i = 0; i < set.n; i++) if ((fold[i] === k) === inFold) n++;
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  let j = 0;
  for (let i = 0; i < set.n; i++) {
    if ((fold[i] === k) !== inFold) continue;
    x.set(set.x.subarray(i * d, (i + 1) * d), j * d);
    y[j++] = set.y[i];
  }
  return { x, y, n, d };
}
