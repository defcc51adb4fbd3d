/**
 * The paper's 2:1 split in time order: the first `trainFraction` of the sample days train
 * the network, the rest validate it. Returns the number of training samples and the
 * first day of the validation period (days before it are the training period).
 */
export function timeSplit(sampleDays: readonly number[], trainFraction: number, days: number): { train: number; splitDay: number } {
  const train = Math.round(sampleDays.length * trainFraction);
  return { train, splitDay: train < sampleDays.length ? sampleDays[train] : days };
}
