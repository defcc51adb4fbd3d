/**
 * `smfuse report`: OUT/report/index.html and every figure as OUT/report/fig/*.png, built
 * from an output folder of `smfuse grnn` and the inputs its run.json records. Sections
 * whose files are absent (no stations, no truth, inputs moved) are left out.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIsoDate } from '../cube/dates.js';
import { ConfigError, InputError } from '../errors.js';
import { readGeoTiffStack } from '../io/geotiff-read.js';
import { silentLogger, type Logger } from '../log.js';
import { figureHref, reportHtml, type ReportSection } from './html.js';
import { agreementSection, coverageSection, seasonMapsSection } from './map-sections.js';
import { csvNumber, openOutputFolder, type OutputFolder } from './output-folder.js';
import { seasonDays } from './season-days.js';
import { svgToPng } from './svg-png.js';
import { modelSection, runSection, summarySection, validationSection, weightsSection } from './table-sections.js';

export interface ReportOptions {
  /** Map days (ISO dates); default one per season (see seasonDays). */
  readonly days?: readonly string[];
  readonly log?: Logger;
}

export interface ReportResult {
  /** OUT/report/index.html */
  readonly index: string;
  /** The PNG files written, under OUT/report/fig/. */
  readonly figures: string[];
}

export async function buildReport(outDir: string, options: ReportOptions = {}): Promise<ReportResult> {
  const log = options.log ?? silentLogger;
  const folder = await openOutputFolder(outDir);
  const stack = async (name: string) => folder.raster(name);
  const input = async (key: string) => {
    const path = folder.inputPath(key);
    try {
      if (path) return await readGeoTiffStack(path);
      log.warn(`report: the ${key} input recorded in run.json is not there; its panels are left out`);
    } catch (e) {
      // Inputs in other formats (NetCDF, HDF5) are not drawn; the outputs still are.
      if (!(e instanceof InputError)) throw e;
      log.warn(`report: ${e.message}; the ${key} panels are left out`);
    }
    return null;
  };
  const fused = await stack('fused.tif');
  const ecv = await input('ecv');
  const fy = await input('fy');
  const dates = fused?.dates.filter((d): d is string => d !== null) ?? [];
  const days = options.days ?? (await defaultDays(folder, dates));
  checkDays(days, dates);

  const sections: ReportSection[] = [summarySection(folder)];
  const add = (section: ReportSection | null) => section && sections.push(section);
  if (fused) add(seasonMapsSection({ fused, ecv, fy, flags: await stack('flags.tif') }, days));
  add(await coverageSection(folder));
  add(await weightsSection(folder));
  add(await agreementSection(folder));
  add(await validationSection(folder, { ecv, fy, fused, ecv_rec: await stack('ecv_rec.tif'), fy_rec: await stack('fy_rec.tif') }, dates));
  add(await modelSection(folder));
  add(runSection(folder));

  const reportDir = join(outDir, 'report');
  // A report of an earlier run must not leave figures this one no longer draws.
  await rm(join(reportDir, 'fig'), { recursive: true, force: true });
  await mkdir(join(reportDir, 'fig'), { recursive: true });
  const figures = sections.flatMap((s) => s.figureRows?.flat() ?? []);
  const written: string[] = [];
  for (const [i, figure] of figures.entries()) {
    const file = join(reportDir, figureHref(figure));
    await writeFile(file, svgToPng(figure.svg));
    written.push(file);
    log.progress('report', i + 1, figures.length);
  }
  const { run } = folder;
  const page = {
    title: `smfuse ${run.command} ${run.config.year}`,
    subtitle: `${run.grid.width} × ${run.grid.height} cells · backend ${run.backend} · smfuse ${run.smfuse}`,
    sections,
  };
  const index = join(reportDir, 'index.html');
  await writeFile(index, reportHtml(page));
  return { index, figures: written };
}

async function defaultDays(folder: OutputFolder, dates: readonly string[]): Promise<string[]> {
  const daily = await folder.csv('coverage_daily.csv');
  const byDate = new Map(daily?.map((r) => [r.date, csvNumber(r.fused)]));
  return seasonDays(dates, daily ? dates.map((d) => byDate.get(d) ?? NaN) : undefined);
}

function checkDays(days: readonly string[], dates: readonly string[]): void {
  for (const day of days) {
    if (!isIsoDate(day)) throw new ConfigError(`--days: "${day}" is not a date written YYYY-MM-DD`);
    if (!dates.includes(day)) throw new ConfigError(`--days: ${day} is not a day of the fused series (${dates[0]} … ${dates.at(-1)})`);
  }
}
