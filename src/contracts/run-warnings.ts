/**
 * What a finished run tells the user it could not do, as coded warnings with counts:
 * a fused map that covers less than the products it fuses (or almost nothing), and
 * windows or pixels whose fit failed, by reason.
 */
import type { Logger } from '../log.js';
import { PixelStatus } from '../methods/pixel-cube.js';
import type { WindowReport } from '../methods/grnn/fuse.js';

/** Below this share of pixel-days a fused map is as good as empty. */
export const MIN_FUSED_COVERAGE = 0.05;

const pct = (f: number) => `${(100 * f).toFixed(1)} %`;

/**
 * FUSED_COVERAGE_LOW when the fused coverage is under MIN_FUSED_COVERAGE, or under
 * `union` (the products' union coverage, when the method should fill it, as GRNN does).
 */
export function warnFusedCoverage(method: string, fused: number, union: number | undefined, log: Logger): void {
  if (Number.isNaN(fused)) {
    log.warn(
      'FUSED_COVERAGE_LOW',
      `${method}: the fused coverage cannot be computed: the domain is empty (no cell with a valid DEM, or no day)`,
    );
    return;
  }
  const under = [
    ...(union !== undefined && fused < union ? [`the union of the products (${pct(union)})`] : []),
    ...(fused < MIN_FUSED_COVERAGE ? [pct(MIN_FUSED_COVERAGE)] : []),
  ];
  if (under.length === 0) return;
  log.warn(
    'FUSED_COVERAGE_LOW',
    `${method}: fused coverage ${pct(fused)} is below ${under.join(' and ')}: see the failed windows or pixels, and the flags`,
  );
}

/** WINDOWS_FAILED per model and reason, counting windows (their blocks have no value). */
export function warnFailedWindows(windows: readonly WindowReport[], minSamples: number, maxWiden: number, log: Logger): void {
  const failed = new Map<string, { model: string; status: string; n: number; total: number }>();
  const totals = new Map<string, number>();
  for (const w of windows) totals.set(w.model, (totals.get(w.model) ?? 0) + 1);
  for (const w of windows) {
    if (w.status !== 'too-few-samples') continue;
    const key = `${w.model}:${w.status}`;
    const f = failed.get(key) ?? { model: w.model, status: w.status, n: 0, total: totals.get(w.model)! };
    f.n++;
    failed.set(key, f);
  }
  for (const f of failed.values()) {
    log.warn(
      'WINDOWS_FAILED',
      `grnn ${f.model} model: ${f.n} of ${f.total} windows failed (${f.status}: fewer than minSamples = ${minSamples} training samples even widened by ${maxWiden} cell${maxWiden === 1 ? '' : 's'}); their cells have no value`,
      f.n,
    );
  }
}

/**
 * PIXELS_FAILED per status of a gridded BPANN/EnKF run (`status`: PixelStatus per pixel,
 * `obs` the target cube [day][pixel]). A pixel without a single observation is not a
 * failure (a station target leaves most pixels so): it is only counted in an info line.
 */
export function warnFailedPixels(method: string, status: Uint8Array, obs: Float32Array, days: number, log: Logger): void {
  const pixels = status.length;
  let tooFew = 0;
  let fitFailed = 0;
  let unobserved = 0;
  for (let p = 0; p < pixels; p++) {
    if (status[p] === PixelStatus.FIT_FAILED) fitFailed++;
    if (status[p] !== PixelStatus.TOO_FEW_OBS) continue;
    let observed = false;
    for (let d = 0; d < days && !observed; d++) observed = obs[d * pixels + p] === obs[d * pixels + p];
    if (observed) tooFew++;
    else unobserved++;
  }
  if (unobserved > 0) log.info(`${method}: ${unobserved} of ${pixels} pixels have no observation, so nothing to fuse against (left empty)`);
  if (tooFew > 0)
    log.warn(
      'PIXELS_FAILED',
      `${method}: ${tooFew} of ${pixels} observed pixels not fused (too_few_obs: too few days with all three inputs and an observation); they have no value`,
      tooFew,
    );
  if (fitFailed > 0)
    log.warn(
      'PIXELS_FAILED',
      `${method}: ${fitFailed} of ${pixels} pixels not fused (fit_failed: the initial fit failed); they have no value`,
      fitFailed,
    );
}

/** Share of the values of `fused` that are not NaN. */
export function validShare(fused: Float32Array): number {
  let valid = 0;
  for (let i = 0; i < fused.length; i++) if (fused[i] === fused[i]) valid++;
  return valid / fused.length;
}
