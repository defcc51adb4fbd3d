import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { GrnnConfig } from '../config/grnn-config.js';
import { inputPath, sigmaCandidates } from '../config/grnn-config.js';
import { loadDailyStack, loadGrnnInputs } from '../io/load-grnn-inputs.js';
import { openStaging } from '../io/staging.js';
import { readStationsCsv } from '../io/stations.js';
import type { Logger } from '../log.js';
import { runGrnnFusion } from '../methods/grnn/fuse.js';
import { degreesToCells } from '../methods/grnn/windows.js';
import { VERSION } from '../version.js';
import { executorForBackend } from './executor-for-backend.js';
import { deriveGrnnProducts, type GrnnProducts } from './grnn-products.js';
import { writeGrnnOutputs } from './grnn-outputs.js';
import { sha256File } from './hash-files.js';

export interface GrnnRunSummary {
  readonly backend: string;
  readonly threads: number;
  readonly outputs: string[];
  readonly timings: Record<string, number>;
  readonly products: GrnnProducts;
}

/** `smfuse grnn`: read, fuse, derive products, write them all or nothing. */
export async function runGrnn(config: GrnnConfig, log: Logger): Promise<GrnnRunSummary> {
  const timings: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const value = await work();
    timings[stage] = +((performance.now() - t0) / 1000).toFixed(3);
    return value;
  };

  const inputs = await timed('read_s', () => loadGrnnInputs(config.inputs, config.year, config.grid, (done, total) => log.progress('reading', done, total)));
  const stations = config.stations ? await readStationsCsv(config.stations) : undefined;
  const truth = config.truth ? await loadDailyStack(config.truth, inputs.grid, config.year, inputPath(config.inputs.ecv)) : undefined;
  log.info(`read ${inputs.grid.width}×${inputs.grid.height} cells × ${inputs.days} days (${config.year})`);

  const executor = await executorForBackend(config.backend, config.threads);
  log.info(`backend: ${executor.backend} (${executor.parallelism} thread${executor.parallelism > 1 ? 's' : ''})`);
  const windowCells = degreesToCells(inputs.grid, config.grnn.windowDeg);
  const blockCells = degreesToCells(inputs.grid, config.grnn.blockDeg ?? config.grnn.windowDeg);
  let result;
  try {
    result = await timed('fuse_s', () =>
      runGrnnFusion(
        inputs,
        {
          year: config.year,
          seed: config.seed,
          windowCells,
          blockCells,
          subsets: config.grnn.subsets,
          sigmas: sigmaCandidates(config),
          minSamples: config.grnn.minSamples,
          maxWiden: config.grnn.maxWiden,
          importanceQueries: config.grnn.importanceQueries,
        },
        executor,
        (done, total) => log.progress('windows', done, total),
      ),
    );
  } finally {
    await executor.close();
  }

  const products = await timed('products_s', async () =>
    deriveGrnnProducts(
      { grid: inputs.grid, dates: inputs.dates, ecv: inputs.ecv, fy: inputs.fy, dem: inputs.dem, stations, truth: truth?.data },
      result,
      { weightMinDiff: config.weights.minDiff, agreementMinDays: config.agreement.minDays },
    ),
  );

  await mkdir(config.out, { recursive: true });
  const staging = await openStaging(config.out);
  try {
    await timed('write_s', () => writeGrnnOutputs(staging, inputs.grid, inputs.dates, result, products, (done, total) => log.progress('writing', done, total)));
    const inputFiles = { ...inputs.sources, ...(config.stations && { stations: [config.stations] }), ...(config.truth && { truth: [config.truth] }) };
    const hashOf = async (p: string) => ({ path: p, sha256: await sha256File(p) });
    // A product input read from many daily files records each file.
    const hashes = Object.fromEntries(
      await Promise.all(Object.entries(inputFiles).map(async ([k, ps]) => [k, ps.length === 1 ? await hashOf(ps[0]) : await Promise.all(ps.map(hashOf))])),
    );
    const statusCounts: Record<string, number> = {};
    for (const w of result.windows) statusCounts[`${w.model}:${w.status}`] = (statusCounts[`${w.model}:${w.status}`] ?? 0) + 1;
    const runJson = {
      smfuse: VERSION,
      command: 'grnn',
      config: { ...config, grnn: { ...config.grnn, sigmas: sigmaCandidates(config), windowCells, blockCells } },
      inputs: hashes,
      seed: config.seed,
      backend: executor.backend,
      threads: executor.parallelism,
      cpus: availableParallelism(),
      grid: inputs.grid,
      windows: statusCounts,
      coverage: products.coverage.fractions,
      timings,
    };
    await staging.writeText('run.json', JSON.stringify(runJson, null, 2) + '\n');
    const outputs = await staging.commit('run.json');
    return { backend: executor.backend, threads: executor.parallelism, outputs, timings, products };
  } catch (e) {
    await staging.discard();
    throw e;
  }
}
