import { pairStats, type PairStats } from '../../../kernels/metrics/pair-stats.js';
import type { Stack } from '../../cube/stack.js';
import type { GridSpec } from '../../grid/gridspec.js';
import type { StationObservation } from '../../cube/station-observation.js';
import { FEATURE_NAMES } from '../../methods/grnn/training-set.js';
import type { GrnnResult, ModelName } from '../../methods/grnn/fuse.js';
import { agreementMaps, type AgreementMaps } from '../../products/agreement.js';
import { coverageStats, unionValid, type CoverageStats } from '../../products/coverage.js';
import { nrmsei, type ImportanceRow } from '../../products/importance.js';
import { networkCellSeries, validateAgainstStations, type NetworkCells, type ValidationRow } from '../../products/validate.js';
import { uncertaintyChecks, worstMonths, type UncertaintyCheck } from '../../products/uncertainty-check.js';
import { stationWeightRows, type StationWeightRow } from '../../products/weights-stations.js';
import { fusionWeightCube, fusionWeightMap, type FusionWeightMap } from '../../products/weights.js';

export interface GrnnProductInputs {
  readonly grid: GridSpec;
  readonly dates: readonly string[];
  readonly ecv: Float32Array;
  readonly fy: Float32Array;
  readonly dem: Float32Array;
  readonly stations?: readonly StationObservation[];
  readonly truth?: Float32Array;
}

export interface GrnnProducts {
  readonly series: Record<'ecv' | 'fy' | 'fused' | 'ecv_rec' | 'fy_rec', Stack>;
  /** Standard uncertainty of each GRNN series, NaN wherever the series has no value. */
  readonly sd: Record<ModelName, Float32Array>;
  readonly coverage: CoverageStats;
  readonly weightMap: FusionWeightMap;
  readonly agreement: { ecv: AgreementMaps; fy: AgreementMaps };
  readonly importance: ImportanceRow[];
  readonly stationCells?: NetworkCells;
  readonly validation?: ValidationRow[];
  readonly stationWeights?: StationWeightRow[];
  /** Each series against the known truth, pooled over all pixel-days (synthetic runs). */
  readonly truthStats?: Record<string, PairStats>;
  /** Each GRNN series' sd against the known truth, overall then month by month (synthetic runs). */
  readonly uncertaintyChecks?: Record<ModelName, UncertaintyCheck[]>;
}

export interface ProductOptions {
  readonly weightMinDiff: number;
  readonly agreementMinDays: number;
}

/** Everything SPEC §4 asks for, derived from the fusion result and its inputs. */
export function deriveGrnnProducts(inputs: GrnnProductInputs, result: GrnnResult, options: ProductOptions): GrnnProducts {
  const stack = (data: Float32Array): Stack => ({ grid: inputs.grid, dates: inputs.dates, data });
  const series = {
    ecv: stack(inputs.ecv),
    fy: stack(inputs.fy),
    fused: stack(result.predictions.fused),
    ecv_rec: stack(result.predictions.ecv_rec),
    fy_rec: stack(result.predictions.fy_rec),
  };
  // The domain is where the static reference (DEM) exists: land inside the box.
  const domain = new Uint8Array(inputs.dem.length);
  for (let p = 0; p < domain.length; p++) domain[p] = Number.isNaN(inputs.dem[p]) ? 0 : 1;
  const coverage = coverageStats(
    {
      ecv: series.ecv,
      fy: series.fy,
      union: unionValid(series.ecv, series.fy),
      fused: series.fused,
      ecv_rec: series.ecv_rec,
      fy_rec: series.fy_rec,
    },
    domain,
  );
  const wCube = fusionWeightCube(series.fused, series.ecv, series.fy, { minDiff: options.weightMinDiff });
  const weightMap = fusionWeightMap(wCube, inputs.grid, inputs.dates.length);
  const agreement = {
    ecv: agreementMaps(series.fused, series.ecv, options.agreementMinDays),
    fy: agreementMaps(series.fused, series.fy, options.agreementMinDays),
  };
  const importance = nrmsei(FEATURE_NAMES, result.importanceSumSq, result.importanceCount);
  // an sd only beside a value: pixel-days the physical-range rule emptied lose theirs too
  const sd = Object.fromEntries(
    (Object.keys(result.sd) as ModelName[]).map((name) => [
      name,
      result.sd[name].map((v, i) => (Number.isNaN(series[name].data[i]) ? NaN : v)),
    ]),
  ) as Record<ModelName, Float32Array>;
  const products: GrnnProducts = { series, sd, coverage, weightMap, agreement, importance };
  if (inputs.stations) {
    const stationCells = networkCellSeries(inputs.stations, inputs.grid, inputs.dates);
    Object.assign(products, {
      stationCells,
      validation: validateAgainstStations(stationCells.series, series),
      stationWeights: stationWeightRows(stationCells.series, series.fused, series.ecv, series.fy, { minDiff: options.weightMinDiff }),
    });
  }
  if (inputs.truth) {
    const truth = inputs.truth;
    Object.assign(products, {
      truthStats: Object.fromEntries(Object.entries(series).map(([name, s]) => [name, pairStats(s.data, truth)])),
      uncertaintyChecks: Object.fromEntries(
        (Object.keys(sd) as ModelName[]).map((name) => [name, uncertaintyChecks(series[name], sd[name], truth)]),
      ),
    });
  }
  return products;
}

/** How the sd files are made, in a line (docs/methods.md "Uncertainty"). */
export const GRNN_SD_METHOD =
  "local held-out error: sd² = Σ w·r² / Σ w over the window's training samples, r a sample's residual when its subset was held out in model selection, w the GRNN weights of the query at the chosen σ";

/** run.json's `uncertainty`: the method and, with a truth, how well the sd covers it (overall and the worst months). */
export function uncertaintySummary(products: GrnnProducts): Record<string, unknown> {
  const figures = (c: UncertaintyCheck) => ({
    period: c.period,
    n: c.n,
    coverage95: c.coverage95,
    corr_sd_abs_error: c.corrSdAbsError,
    rms_sd: c.rmsSd,
    rmse: c.rmse,
  });
  const checks = products.uncertaintyChecks;
  return {
    method: GRNN_SD_METHOD,
    files: Object.keys(products.sd).map((name) => `${name}_sd.tif`),
    ...(checks && {
      truth: Object.fromEntries(
        Object.entries(checks).map(([name, rows]) => {
          const worst = worstMonths(rows);
          return [
            name,
            { ...figures(rows[0]), ...(worst && { worst_coverage_month: figures(worst.coverage), worst_corr_month: figures(worst.corr) }) },
          ];
        }),
      ),
    }),
  };
}
