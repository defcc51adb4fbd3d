/** The report page of a grid run (`smfuse grnn`): maps, charts and tables from its output folder and inputs. */
import type { Logger } from '../log.js';
import type { ReportPage, ReportSection } from './html.js';
import { readInputStack } from './input-stacks.js';
import { agreementSection, coverageSection, seasonMapsSection, uncertaintySection } from './map-sections.js';
import { csvNumber, type OutputFolder } from './output-folder.js';
import { checkDays, seasonDays } from './season-days.js';
import { modelSection, runSection, summarySection, validationSection, weightsSection } from './table-sections.js';

export async function grnnReportPage(folder: OutputFolder, log: Logger, requestedDays?: readonly string[]): Promise<ReportPage> {
  const stack = async (name: string) => folder.raster(name);
  const input = (key: string) => readInputStack(folder, key, log);
  const fused = await stack('fused.tif');
  const ecv = await input('ecv');
  const fy = await input('fy');
  const dates = fused?.dates.filter((d): d is string => d !== null) ?? [];
  const days = requestedDays ?? (await defaultDays(folder, dates));
  checkDays(days, dates);

  const sections: ReportSection[] = [summarySection(folder)];
  const add = (section: ReportSection | null) => section && sections.push(section);
  if (fused) add(seasonMapsSection({ fused, ecv, fy, flags: await stack('flags.tif') }, days));
  add(await uncertaintySection(folder, days));
  add(await coverageSection(folder));
  add(await weightsSection(folder));
  add(await agreementSection(folder));
  add(await validationSection(folder, { ecv, fy, fused, ecv_rec: await stack('ecv_rec.tif'), fy_rec: await stack('fy_rec.tif') }, dates));
  add(await modelSection(folder));
  add(runSection(folder));
  const { run } = folder;
  return {
    title: `smfuse ${run.command} ${run.config.year}`,
    subtitle: `${run.grid.width} × ${run.grid.height} cells · backend ${run.backend} · smfuse ${run.smfuse}`,
    sections,
  };
}

async function defaultDays(folder: OutputFolder, dates: readonly string[]): Promise<string[]> {
  const daily = await folder.csv('coverage_daily.csv');
  const byDate = new Map(daily?.map((r) => [r.date, csvNumber(r.fused)]));
  return seasonDays(dates, daily ? dates.map((d) => byDate.get(d) ?? NaN) : undefined);
}
