#!/usr/bin/env node
// smfuse from code: GRNN fusion of the bundled synthetic sample, in memory, with the
// coverage before and after; then EnKF on the bundled BPANN/EnKF sample.
//
//   npm run build && node examples/api/fuse-sample.mjs [grnn run.json] [enkf run.json]
//
// Defaults: data/run.json and data/fusion/run.json (what `smfuse demo` and
// `npm run demo:site` fuse). Nothing is written: the results stay in memory.
// The last line is the GRNN coverage as JSON, the same numbers as run.json's `coverage`
// from `smfuse grnn --config` on the same file (test/api/library-api.test.ts checks it).
import { fileURLToPath } from 'node:url';
import {
  createLogger,
  deriveGrnnProducts,
  fuseEnkf,
  fuseGrnn,
  loadPixelMethodConfig,
  loadGrnnConfig,
  loadGrnnInputs,
  loadPixelGridInputs,
  PixelStatus,
} from 'smfuse';

const bundled = (path) => fileURLToPath(new URL(`../../data/${path}`, import.meta.url));
const grnnConfigFile = process.argv[2] ?? bundled('run.json');
const enkfConfigFile = process.argv[3] ?? bundled('fusion/run.json');
const log = createLogger({ quiet: true }); // warnings only, on stderr
const pct = (x) => `${(100 * x).toFixed(1)} %`;

// GRNN: read the six inputs of the configuration, fuse them, derive the products.
const config = await loadGrnnConfig(grnnConfigFile);
const inputs = await loadGrnnInputs(config.inputs, config.year, config.grid, log);
const started = performance.now();
const grnn = await fuseGrnn(
  inputs,
  { year: config.year, seed: config.seed, ...config.grnn },
  { backend: config.backend, threads: config.threads, maxSm: config.maxSm, log },
);
const seconds = (performance.now() - started) / 1000;
const products = deriveGrnnProducts(inputs, grnn, { weightMinDiff: config.weights.minDiff, agreementMinDays: config.agreement.minDays });
const f = products.coverage.fractions;
console.log(
  `GRNN: ${inputs.width}×${inputs.height} cells × ${inputs.days} days, ${grnn.windows.length / 3} windows, backend ${grnn.backend}, ${seconds.toFixed(1)} s`,
);
console.log(`  coverage before: ECV ${pct(f.ecv)}, FY ${pct(f.fy)}, ECV ∪ FY ${pct(f.union)}`);
console.log(`  coverage after:  fused ${pct(f.fused)} (ECV reconstructed ${pct(f.ecv_rec)}, FY reconstructed ${pct(f.fy_rec)})`);

// EnKF: the SMAP, CLM, LST and observation cubes [day][pixel] of the other sample.
const fusionConfig = await loadPixelMethodConfig(enkfConfigFile);
const { cube, grid } = await loadPixelGridInputs(fusionConfig, log);
const enkf = await fuseEnkf(cube, { seed: fusionConfig.seed }, { backend: fusionConfig.backend, threads: fusionConfig.threads, log });
const filtered = enkf.status.filter((s) => s === PixelStatus.FUSED).length;
const share = (a) => a.reduce((n, v) => n + (Number.isNaN(v) ? 0 : 1), 0) / a.length;
console.log(`EnKF: ${grid.width}×${grid.height} pixels × ${cube.days} days, ${filtered} filtered, backend ${enkf.backend}`);
console.log(
  `  coverage before: SMAP ${pct(share(cube.smap))}, observations ${pct(share(cube.obs))}; after: fused ${pct(share(enkf.fused))}`,
);

console.log(JSON.stringify({ coverage: f }));
