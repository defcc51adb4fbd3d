/**
 * MATLAB's training functions watch a validation share of the samples passed to train()
 * (dividerand: 15 %) and stop when its error stops falling. Here that share is taken
 * evenly spaced through the training period (deterministic, no RNG) and moved to the
 * end, where the LM kernel expects its watched samples (BpannBatch.holdout).
 */
export function moveHoldoutLast(train: readonly number[], share: number): { ordered: number[]; holdout: number } {
  const holdout = Math.round(train.length * share);
  const picked = new Set(Array.from({ length: holdout }, (_, k) => Math.floor(((k + 0.5) * train.length) / holdout)));
  const ordered = [...train.filter((_, i) => !picked.has(i)), ...train.filter((_, i) => picked.has(i))];
  return { ordered, holdout };
}
