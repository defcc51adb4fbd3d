/**
 * `npm run bench:convert [-- --days N --dir DIR --json FILE --gdal-loop]`: a year of daily
 * global ESA CCI files → the Tibetan-Plateau grid (73–105° E, 25–40° N, 0.25°, mean),
 * with `smfuse convert` and with gdalwarp on the same files (issue 4's closing note).
 *
 * The files are copies of the real ESA CCI SM v05.2 COMBINED day in
 * ../shared/data/esa-cci (NetCDF-4, 1440 × 720, float32 `sm` deflated level 9 with
 * shuffle, in one 720 × 1440 chunk): each gets its day's `time`, and `sm` is one of
 * seven scaled variants of the real field, so the files are not byte-identical. Both
 * tools are timed by /usr/bin/time (wall seconds, peak RSS), in their own processes.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import h5wasm from 'h5wasm/node';
import { datesOfYear } from '../../src/cube/dates.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { packageRoot } from '../../core/package-root.js';

const ROOT = packageRoot(import.meta.url);
const TEMPLATE = join(ROOT, '..', 'shared', 'data', 'esa-cci', 'ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc');
const YEAR = 2015;
const VARIANTS = 7;
const FILL = -9999;
const TP = { west: 73, south: 25, east: 105, north: 40, res: 0.25 };
const fileName = (iso: string) => `ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-${iso.replace(/-/g, '')}000000-fv05.2.nc`;

const { values: args } = parseArgs({
  options: { days: { type: 'string' }, dir: { type: 'string' }, json: { type: 'string' }, 'gdal-loop': { type: 'boolean' } },
});
const days = datesOfYear(YEAR).slice(0, args.days === undefined ? 365 : Number(args.days));

/** Writes the year's files into `dir` (skipping those already there); returns their paths. */
async function generate(dir: string): Promise<string[]> {
  await h5wasm.ready;
  const template = new h5wasm.File(TEMPLATE, 'r');
  const sm = template.get('sm') as InstanceType<typeof h5wasm.Dataset>;
  const real = sm.value as Float32Array;
  template.close();
  const variants: string[] = [];
  for (let v = 0; v < VARIANTS; v++) {
    const path = join(dir, `variant-${v}.nc`);
    variants.push(path);
    if (existsSync(path)) continue;
    copyFileSync(TEMPLATE, path);
    const scaled = real.map((x) => (x === FILL ? FILL : Math.min(1, x * (0.85 + 0.05 * v))));
    const f = new h5wasm.File(path, 'a');
    (f.get('sm') as InstanceType<typeof h5wasm.Dataset>).write_slice(
      [
        [0, 1],
        [0, 720],
        [0, 1440],
      ],
      scaled,
    );
    f.close();
  }
  const epochDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  return days.map((iso, i) => {
    const path = join(dir, fileName(iso));
    if (existsSync(path)) return path;
    copyFileSync(variants[i % VARIANTS], path);
    const f = new h5wasm.File(path, 'a');
    (f.get('time') as InstanceType<typeof h5wasm.Dataset>).write_slice([[0, 1]], new Float64Array([epochDay(iso)]));
    f.close();
    return path;
  });
}

interface Timed {
  seconds: number;
  peakRssMiB: number;
}

/** Runs a command under /usr/bin/time (its report goes to a file in `work`): wall seconds and peak resident memory. */
function timedCommand(cmd: string, cmdArgs: string[], work: string): Timed {
  const log = join(work, 'time.log');
  execFileSync('/usr/bin/time', ['-o', log, '-f', '%e %M', cmd, ...cmdArgs], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, GDAL_PAM_ENABLED: 'NO' },
  });
  const [seconds, kib] = readFileSync(log, 'utf8').trim().split(/\s+/).map(Number);
  return { seconds, peakRssMiB: kib / 1024 };
}

/** Largest |a − b| over cells valid in both, and the count of cells valid in only one. */
function difference(a: Float32Array, b: Float32Array): { maxAbs: number; validMismatch: number } {
  let maxAbs = 0;
  let validMismatch = 0;
  for (let i = 0; i < a.length; i++) {
    const va = a[i] === a[i];
    const vb = b[i] === b[i];
    if (va !== vb) validMismatch++;
    else if (va) maxAbs = Math.max(maxAbs, Math.abs(a[i] - b[i]));
  }
  return { maxAbs, validMismatch };
}

async function main(): Promise<void> {
  const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'smfuse-bench-cci-'));
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'smfuse-bench-convert-'));
  try {
    const t0 = performance.now();
    const files = await generate(dir);
    console.log(
      `${files.length} daily global ESA CCI v05.2-like files in ${dir} (${((performance.now() - t0) / 1000).toFixed(0)} s to make)`,
    );

    const bbox = `${TP.west},${TP.south},${TP.east},${TP.north}`;
    const ours = join(work, 'smfuse.tif');
    const pattern = join(dir, 'ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-{YYYYMMDD}000000-fv05.2.nc');
    const smfuse = timedCommand(
      process.execPath,
      [
        join(ROOT, 'bin', 'smfuse.js'),
        'convert',
        pattern,
        '--out',
        ours,
        '--bbox',
        bbox,
        '--res',
        String(TP.res),
        '--resampling',
        'mean',
        '--quiet',
      ],
      work,
    );

    const te = [TP.west, TP.south, TP.east, TP.north].map(String);
    const warpArgs = [
      '-q',
      '-r',
      'average',
      '-et',
      '0',
      '-s_srs',
      'EPSG:4326',
      '-t_srs',
      'EPSG:4326',
      '-ot',
      'Float32',
      '-dstnodata',
      'nan',
      '-te',
      ...te,
      '-tr',
      String(TP.res),
      String(TP.res),
      '-co',
      'TILED=YES',
      '-co',
      'COMPRESS=DEFLATE',
      '-co',
      'PREDICTOR=3',
    ];
    const vrt = join(work, 'year.vrt');
    const theirs = join(work, 'gdalwarp.tif');
    const buildVrt = timedCommand('gdalbuildvrt', ['-q', '-separate', vrt, ...files.map((f) => `NETCDF:"${f}":sm`)], work);
    const warp = timedCommand('gdalwarp', [...warpArgs, vrt, theirs], work);
    const gdal = { seconds: buildVrt.seconds + warp.seconds, peakRssMiB: Math.max(buildVrt.peakRssMiB, warp.peakRssMiB) };

    let loop: Timed | undefined;
    if (args['gdal-loop']) {
      const t = performance.now();
      let peak = 0;
      files.forEach(
        (f, i) =>
          (peak = Math.max(peak, timedCommand('gdalwarp', [...warpArgs, `NETCDF:"${f}":sm`, join(work, `day-${i}.tif`)], work).peakRssMiB)),
      );
      loop = { seconds: (performance.now() - t) / 1000, peakRssMiB: peak };
    }

    const a = await readGeoTiffStack(ours);
    const b = await readGeoTiffStack(theirs);
    if (a.bands !== files.length || b.bands !== files.length)
      throw new Error(`band counts ${a.bands} (smfuse) and ${b.bands} (gdalwarp), expected ${files.length}`);
    const diff = difference(a.data, b.data);

    const line = (name: string, t: Timed) =>
      console.log(`${name.padEnd(34)} ${t.seconds.toFixed(1).padStart(7)} s   peak RSS ${t.peakRssMiB.toFixed(0).padStart(5)} MiB`);
    console.log(`${files.length} days → ${a.grid.width}×${a.grid.height} cells (73–105° E, 25–40° N, 0.25°, mean)`);
    line('smfuse convert', smfuse);
    line('gdalbuildvrt -separate + gdalwarp', gdal);
    if (loop) line('gdalwarp per file (loop)', loop);
    console.log(
      `smfuse is ${(gdal.seconds / smfuse.seconds).toFixed(2)}× as fast as gdalbuildvrt + gdalwarp (load average ${loadavg()[0].toFixed(1)})`,
    );
    console.log(`smfuse vs gdalwarp: max |difference| ${diff.maxAbs.toExponential(2)}, cells valid in only one: ${diff.validMismatch}`);
    if (args.json)
      await writeFile(
        args.json,
        `${JSON.stringify({ days: files.length, smfuse, gdal, ratio: gdal.seconds / smfuse.seconds, buildVrt, warp, loop, diff }, null, 2)}\n`,
      );
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (!args.dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
