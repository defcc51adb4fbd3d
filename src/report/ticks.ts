/** Round tick values for axes and colour bars (the 1-2-5 steps of d3's ticks). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return Number.isFinite(min) ? [min] : [];
  const step = niceStep((max - min) / count);
  const ticks: number[] = [];
  // Multiples of the step, rounded so that 0.1 * 3 prints as 0.3.
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) ticks.push(+(k * step).toPrecision(12));
  return ticks;
}

export function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  return (f >= Math.SQRT2 * 5 ? 10 : f >= Math.sqrt(10) ? 5 : f >= Math.SQRT2 ? 2 : 1) * power;
}

/** Fewest decimals that tell the ticks apart (or that a lone tick needs, up to 2). */
export function tickDecimals(ticks: readonly number[]): number {
  if (ticks.length < 2) return ticks.length === 1 && !Number.isInteger(ticks[0]) ? 2 : 0;
  return Math.max(0, -Math.floor(Math.log10(Math.abs(ticks[1] - ticks[0])) + 1e-9));
}

/** "92°E", "30.5°N": degrees with the hemisphere instead of a sign. */
export function formatDegrees(value: number, axis: 'lon' | 'lat', decimals: number): string {
  const hemisphere = axis === 'lon' ? (value < 0 ? 'W' : value > 0 ? 'E' : '') : value < 0 ? 'S' : value > 0 ? 'N' : '';
  return `${Math.abs(value).toFixed(decimals)}°${hemisphere}`;
}
