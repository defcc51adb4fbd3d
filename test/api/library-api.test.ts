import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  fuseEnkf,
  fuseGrnn,
  loadPixelMethodConfig,
  loadPixelGridInputs,
  makeGrid,
  readGeoTiffStack,
  silentLogger,
} from '../../src/index.js';
import { synthesizeSample } from '../../src/sample/synthetic-tp.js';
import { SAMPLE_RUN_CONFIG } from '../../src/sample/write-sample.js';
import { runCli } from '../helpers/run-cli.js';
import { smallSampleFolder } from '../helpers/small-sample.js';

// The API as a user meets it: the built package (dist/, `npm run build` first), imported by name.
const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = join(root, 'examples/api/fuse-sample.mjs');

/**
 * Every export of 'smfuse' and its kind. Each must be documented in docs/api.md, and the
 * package must export nothing else: a new export needs its line here and its docs.
 */
const EXPORTS: Record<string, 'function' | 'class' | 'object' | 'string'> = {
  VERSION: 'string',
  createLogger: 'function',
  silentLogger: 'function',
  SmfuseError: 'class',
  InputError: 'class',
  ConfigError: 'class',
  makeGrid: 'function',
  tibetanPlateauGrid: 'function',
  cellOf: 'function',
  gridBBox: 'function',
  planRegrid: 'function',
  applyRegrid: 'function',
  regridStack: 'function',
  RESAMPLINGS: 'object',
  datesOfYear: 'function',
  sniffFormat: 'function',
  describeFile: 'function',
  readGeoTiffStack: 'function',
  readProductStack: 'function',
  readInput: 'function',
  loadGrnnInputs: 'function',
  loadPixelGridInputs: 'function',
  loadGrnnConfig: 'function',
  loadPixelMethodConfig: 'function',
  parseGrnnConfig: 'function',
  parsePixelMethodConfig: 'function',
  fuseGrnn: 'function',
  grnnOptions: 'function',
  MODELS: 'object',
  fuseBpann: 'function',
  BPANN_FUSE_DEFAULTS: 'object',
  BPANN_GRID_DEFAULTS: 'object',
  fuseEnkf: 'function',
  ENKF_FUSE_DEFAULTS: 'object',
  PixelStatus: 'object',
  FLAG: 'object',
  FLAG_DESCRIPTIONS: 'object',
  deriveGrnnProducts: 'function',
  coverageStats: 'function',
  unionValid: 'function',
  runGrnn: 'function',
  runPixelGrid: 'function',
  bpannGridMethod: 'function',
  enkfGridMethod: 'function',
  runEvaluate: 'function',
  pairStats: 'function',
  writeGeoTiff: 'function',
  buildReport: 'function',
};

/** What `import * as m from 'smfuse'` holds in a plain Node process started in `cwd`: name → kind. */
async function packageExports(cwd: string): Promise<Record<string, string>> {
  const script = `import * as m from 'smfuse';
const kind = (v) => typeof v !== 'function' ? typeof v : /^class\\b/.test(Function.prototype.toString.call(v)) ? 'class' : 'function';
console.log(JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, kind(v)]))));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd });
  return JSON.parse(stdout) as Record<string, string>;
}

const { dir, config } = smallSampleFolder('smfuse-api-');

/** `smfuse grnn --config` on the small sample, run once for the tests that compare with it: its output folder. */
let cliOut: Promise<string> | undefined;
function cliRun(): Promise<string> {
  cliOut ??= (async () => {
    const out = join(dir, 'cli');
    const { code, stderr } = await runCli('grnn', '--config', config, '--out', out, '--quiet');
    expect(code, stderr).toBe(0);
    return out;
  })();
  return cliOut;
}

describe('library API (the built package)', () => {
  it('examples/api/fuse-sample.mjs prints the coverage smfuse grnn records in run.json for the same configuration', async () => {
    const example = await run(process.execPath, [EXAMPLE, config], { cwd: root });
    const printed = JSON.parse(example.stdout.trim().split('\n').at(-1)!) as { coverage: Record<string, number> };
    expect(example.stdout).toMatch(/^GRNN: 8×6 cells × 365 days, 4 windows/m);
    expect(example.stdout).toMatch(/^EnKF: 12×16 pixels × 365 days, \d+ filtered/m);

    const out = await cliRun();
    const recorded = (JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { coverage: Record<string, number> }).coverage;
    expect(Object.keys(recorded).sort()).toEqual(['ecv', 'ecv_rec', 'fused', 'fy', 'fy_rec', 'union']);
    expect(recorded.fused).toBeGreaterThan(recorded.union); // a fusion that filled gaps, not a copy
    expect(printed.coverage).toEqual(recorded);
  });

  it("exports every documented function, class and constant by the package's name, and types", async () => {
    expect(existsSync(join(root, 'dist/src/index.d.ts'))).toBe(true);
    const found = await packageExports(root);
    expect(found).toEqual(EXPORTS);
    const docs = readFileSync(join(root, 'docs/api.md'), 'utf8');
    const undocumented = Object.keys(EXPORTS).filter((name) => !new RegExp(`\`${name}[\`(]`).test(docs));
    expect(undocumented).toEqual([]);
  });

  it('package.json exports nothing below the root: deep imports by name are refused', async () => {
    const script = "import('smfuse/dist/src/log.js').then(() => console.log('imported'), (e) => console.log(e.code))";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(stdout.trim()).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});

describe('fuseGrnn', () => {
  it('in memory gives the fused values smfuse grnn writes for the same data and settings', async () => {
    // the small sample's cube, as written to in/ (test/helpers/small-sample.ts), never read from files here
    const grid = makeGrid({ west: 96, south: 28, east: 98, north: 29.5 }, 0.25);
    const s = synthesizeSample({ grid, year: 2013, seed: 5 });
    const inputs = {
      grid,
      width: grid.width,
      height: grid.height,
      days: s.dates.length,
      ecv: s.ecv,
      fy: s.fy,
      lst: s.lst,
      ndvi: s.ndvi,
      albedo: s.albedo,
      dem: s.dem,
    };
    const log = silentLogger();
    // the settings of the small sample's run.json
    const settings = { year: 2013, seed: 7, windowDeg: 1, subsets: 5, sigmas: 'auto', minSamples: 30 } as const;
    expect({ year: SAMPLE_RUN_CONFIG.year, seed: SAMPLE_RUN_CONFIG.seed, ...SAMPLE_RUN_CONFIG.grnn }).toEqual(settings);
    const fused = await fuseGrnn(inputs, settings, { threads: 2, log });
    expect(fused.windows).toHaveLength(4 * 3);

    const out = await cliRun();
    const written = await readGeoTiffStack(join(out, 'fused.tif'));
    const flags = await readGeoTiffStack(join(out, 'flags.tif'));
    expect(written.data.length).toBe(fused.predictions.fused.length);
    expect(Array.from(fused.predictions.fused)).toEqual(Array.from(written.data));
    expect(Array.from(fused.flags)).toEqual(Array.from(flags.data));
    expect(fused.predictions.fused.some((v) => !Number.isNaN(v))).toBe(true);
    expect(log.warnings().map((w) => w.code)).toEqual(
      runWarnings(out).filter((c) => c === 'FUSED_OUT_OF_RANGE' || c === 'BACKEND_FALLBACK'),
    );
  });

  it('refuses arrays that do not fit the grid and days, naming the array', async () => {
    const grid = makeGrid({ west: 96, south: 28, east: 97, north: 29 }, 0.25);
    const cube = new Float32Array(grid.width * grid.height * 3);
    const inputs = {
      grid,
      width: grid.width,
      height: grid.height,
      days: 3,
      ecv: cube,
      fy: cube,
      lst: cube,
      ndvi: new Float32Array(5),
      albedo: cube,
      dem: new Float32Array(16),
    };
    await expect(fuseGrnn(inputs, { year: 2013 })).rejects.toThrow(/^ndvi holds 5 values, not days × height × width = 3 × 4 × 4$/);
  });
});

describe('fuseEnkf', () => {
  it('in memory gives the fused values smfuse enkf writes for the bundled sample, before its physical-range rule', async () => {
    const config = await loadPixelMethodConfig(join(root, 'data/fusion/run.json'), { out: join(dir, 'enkf') });
    const { cube } = await loadPixelGridInputs(config, silentLogger());
    const enkf = await fuseEnkf(cube, { seed: config.seed });
    const { code } = await runCli('enkf', '--config', join(root, 'data/fusion/run.json'), '--out', config.out, '--quiet');
    expect(code).toBe(0);
    const written = (await readGeoTiffStack(join(config.out, 'fused.tif'))).data;
    expect(written.length).toBe(enkf.fused.length);
    // fused.tif nulls values outside [0, 0.6] m³/m³; fuseEnkf leaves that to the caller
    const expected = enkf.fused.map((v) => (v >= 0 && v <= 0.6 ? v : NaN));
    expect(Array.from(written)).toEqual(Array.from(expected));
    expect(written.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(1000);
  });
});

function runWarnings(out: string): string[] {
  return (JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { warnings: { code: string }[] }).warnings.map((w) => w.code);
}
