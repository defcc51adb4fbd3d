import type { PixelCube } from '../cube/pixel-cube.js';

/** Per-pixel status codes shared by both methods (flags.tif in gridded mode). */
export const PixelStatus = { FUSED: 1, TOO_FEW_OBS: 2, FIT_FAILED: 3 } as const;

/** Whether day d of pixel p has all three inputs. */
export function inputsValid(cube: PixelCube, d: number, p: number): boolean {
  const j = d * cube.pixels + p;
  return !Number.isNaN(cube.smap[j]) && !Number.isNaN(cube.clm[j]) && !Number.isNaN(cube.lst[j]);
}

/** Days of pixel p with all inputs and an observation, in time order. */
export function sampleDays(cube: PixelCube, p: number): number[] {
  const days: number[] = [];
  for (let d = 0; d < cube.days; d++) if (inputsValid(cube, d, p) && !Number.isNaN(cube.obs[d * cube.pixels + p])) days.push(d);
  return days;
}
