import type { PixelCube } from './pixel-cube.js';

/** A site's daily series as read (io/site-series.ts): one pixel's fusion cube, its dates and column names. */
export interface SiteData {
  file: string;
  dates: string[];
  /** One pixel. */
  cube: PixelCube;
  /** Column names: the three inputs then the target. */
  names: readonly [string, string, string, string];
  /** Days between the first and last date that the file has no row for: gap rows (all missing) in `dates` and `cube`. */
  filledDays: number;
  /** The first of them, or null. */
  firstFilledDate: string | null;
}
