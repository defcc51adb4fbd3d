/**
 * smfuse as a library: `import { … } from 'smfuse'`. Each stage the CLI runs, as typed
 * functions; docs/api.md shows each with an example. Conventions throughout:
 * - cubes are Float32Array laid out [day][row][col] (row-major, north-up), maps [row][col];
 *   BPANN/EnKF cubes are [day][pixel] with pixel = row · width + col; NaN = missing;
 * - soil moisture in m³/m³, LST in kelvin, DEM in metres, dates ISO `YYYY-MM-DD`;
 * - a file that cannot be used throws InputError (naming the file), an invalid setting
 *   ConfigError; both extend SmfuseError. Anything else is a bug.
 * The API is 0.x: names may still change between minor versions (docs/api.md).
 * @packageDocumentation
 */

// Version, logging and errors
export { VERSION } from './version.js';
export { createLogger, silentLogger, type Logger, type LoggerOptions } from './log.js';
export type { RunWarning } from './warnings.js';
export { ConfigError, InputError, SmfuseError } from '../core/errors.js';

// Grids and regridding
export { cellOf, gridBBox, makeGrid, tibetanPlateauGrid, type BBox, type GridSpec } from './grid/gridspec.js';
export { applyRegrid, planRegrid, RESAMPLINGS, type RegridPlan, type Resampling } from './grid/regrid.js';
export { regridStack } from './api/regrid-stack.js';
export { datesOfYear } from './cube/dates.js';
export type { Stack } from './cube/stack.js';

// Reading
export { sniffFormat, type FileFormat } from './io/sniff.js';
export { describeFile, type FileInfo } from './io/describe-file.js';
export { readGeoTiffStack, type RasterStack, type ReadGeoTiffOptions } from './io/geotiff-read.js';
export { readProductStack, type ProductStack, type ProductStackOptions } from './io/product-stack.js';
export { loadGrnnInputs, readInput, type ReadInput } from './io/load-grnn-inputs.js';
export { loadPixelGridInputs, type PixelGridInputs } from './run/pixel-grid/inputs.js';

// Configurations
export { loadPixelMethodConfig, loadGrnnConfig } from './api/config.js';
export { parseGrnnConfig, type GrnnConfig, type GrnnInput } from './config/grnn-config.js';
export { parsePixelMethodConfig, type PixelMethodBackendChoice, type PixelMethodConfig } from './config/pixel-method-config.js';
export type { BackendChoice } from './backends/grnn.js';

// Fusion of in-memory cubes
export { fuseGrnn, grnnOptions, type GrnnCompute, type GrnnFusion, type GrnnSettings } from './api/grnn.js';
export type { GrnnInputs } from './cube/grnn-inputs.js';
export { MODELS, type GrnnOptions, type GrnnResult, type ModelName, type WindowReport } from './methods/grnn/fuse.js';
export { fuseBpann, fuseEnkf, type PixelFusionCompute } from './api/pixel-fusion.js';
export { BPANN_FUSE_DEFAULTS, BPANN_GRID_DEFAULTS, type BpannFuseOptions, type BpannFusion } from './methods/bpann/fuse.js';
export { ENKF_FUSE_DEFAULTS, type EnkfFuseOptions, type EnkfFusion } from './methods/enkf/fuse.js';
export type { PixelCube } from './cube/pixel-cube.js';
export { PixelStatus } from './methods/pixel-cube.js';
export { FLAG, FLAG_DESCRIPTIONS, type FlagCode } from './cube/flags.js';

// Products of a fusion
export { deriveGrnnProducts, type GrnnProductInputs, type GrnnProducts, type ProductOptions } from './run/grnn/products.js';
export { coverageStats, unionValid, type CoverageStats } from './products/coverage.js';

// Fusion of configurations: what `smfuse grnn|bpann|enkf --config` run, writing every output
export { runGrnn, type GrnnRunOptions, type GrnnRunSummary } from './run/grnn/run.js';
export { runPixelGrid, type PixelMethod, type PixelGridSummary } from './run/pixel-grid/run.js';
export { bpannGridMethod } from './run/bpann/grid-method.js';
export { enkfGridMethod } from './run/enkf/grid-method.js';

// Evaluation, writing, reports
export { runEvaluate, type EvaluateOptions, type EvaluateResult } from './run/evaluate/run.js';
export { pairStats, type PairStats } from '../kernels/metrics/pair-stats.js';
export { writeGeoTiff, type GeoTiffWriteOptions } from './io/geotiff-write.js';
export { buildReport, type ReportOptions, type ReportResult } from './report/report.js';
