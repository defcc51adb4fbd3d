/** Runs one stage of a run and records its wall time (seconds, ms precision) under `stage`. */
export type Timed = <T>(stage: string, work: () => Promise<T>) => Promise<T>;

/** The timings of a run's stages (run.json `timings`) and the function that fills them. */
export function runTimer(): { timings: Record<string, number>; timed: Timed } {
  const timings: Record<string, number> = {};
  const timed: Timed = async (stage, work) => {
    const t0 = performance.now();
    const value = await work();
    timings[stage] = +((performance.now() - t0) / 1000).toFixed(3);
    return value;
  };
  return { timings, timed };
}
