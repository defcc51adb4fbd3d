import { referenceStatus } from '../cube/masks.js';
import { DEFAULT_MAX_SM } from '../cube/physical-range.js';
import { silentLogger, type Logger } from '../log.js';
import { createAssembly, fitWindows, type GrnnResult } from '../methods/grnn/fuse.js';
import type { GrnnInputs } from '../cube/grnn-inputs.js';
import { windowLayout } from '../methods/grnn/windows.js';
import { grnnOptions, type GrnnSettings } from '../run/grnn/options.js';

export { grnnOptions, type GrnnSettings };
import { executorForBackend, type BackendChoice } from '../backends/grnn.js';
import { nullGrnnOutOfRange } from '../run/grnn/outputs.js';

/** Where and how {@link fuseGrnn} computes. */
export interface GrnnCompute {
  /** Kernel choice as `--backend`: auto (native if built, else js), native, js, tfjs, gpu. Default auto. */
  readonly backend?: BackendChoice;
  /** Worker threads; default all cores. */
  readonly threads?: number;
  /** Where warnings (BACKEND_FALLBACK, FUSED_OUT_OF_RANGE) go; default a silent logger that still collects them. */
  readonly log?: Logger;
  /** Fused SM outside [0, maxSm] m³/m³ is nulled and flagged 13, as in `smfuse grnn`. Default 0.6. */
  readonly maxSm?: number;
}

/** A GRNN result as `smfuse grnn` holds it before writing: the physical-range rule applied. */
export interface GrnnFusion extends GrnnResult {
  /** What ran, e.g. `native-avx2` or `js`. */
  readonly backend: string;
  /** The fused values as predicted (fused_raw.tif), or null when all were in [0, maxSm]. */
  readonly fusedRaw: Float32Array | null;
}

/**
 * GRNN fusion (SPEC §3) of in-memory inputs: the three models (fused, ecv_rec, fy_rec) of
 * every window, on the backend chosen as `--backend` does; the executor is closed before
 * returning. For the same inputs and settings the values equal those `smfuse grnn` writes.
 *
 * Shapes: `ecv`, `fy`, `lst` (K), `ndvi`, `albedo` (and `frozen`) are [day][row][col]
 * (`days × height × width`), `dem` (m) is [row][col]; SM in m³/m³, NaN = missing. The
 * result's predictions, sd and flags are [day][row][col] too.
 * @throws RangeError when an array's length does not match the grid and days.
 * @throws ConfigError when the chosen backend is not available (native, gpu).
 */
export async function fuseGrnn(inputs: GrnnInputs, settings: GrnnSettings, compute: GrnnCompute = {}): Promise<GrnnFusion> {
  checkShapes(inputs);
  const log = compute.log ?? silentLogger();
  const options = grnnOptions(inputs.grid, settings);
  const status = referenceStatus(inputs);
  const windows = windowLayout(inputs.grid, options);
  const executor = await executorForBackend(compute.backend ?? 'auto', compute.threads, log);
  let result: GrnnResult;
  try {
    const assembly = createAssembly(inputs, status, windows.length);
    await fitWindows(inputs, status, options, executor, windows, (out) => assembly.add(out));
    result = assembly.result();
  } finally {
    await executor.close();
  }
  const fusedRaw = nullGrnnOutOfRange(result, compute.maxSm ?? DEFAULT_MAX_SM, log);
  return { ...result, backend: executor.backend, fusedRaw };
}

function checkShapes(i: GrnnInputs): void {
  if (i.grid.width !== i.width || i.grid.height !== i.height) {
    throw new RangeError(`inputs are ${i.width}×${i.height} cells, their grid ${i.grid.width}×${i.grid.height}`);
  }
  const plane = i.width * i.height;
  const cube = plane * i.days;
  const daily = { ecv: i.ecv, fy: i.fy, lst: i.lst, ndvi: i.ndvi, albedo: i.albedo, ...(i.frozen && { frozen: i.frozen }) };
  for (const [name, a] of Object.entries(daily)) {
    if (a.length !== cube)
      throw new RangeError(`${name} holds ${a.length} values, not days × height × width = ${i.days} × ${i.height} × ${i.width}`);
  }
  if (i.dem.length !== plane) throw new RangeError(`dem holds ${i.dem.length} values, not height × width = ${i.height} × ${i.width}`);
}
