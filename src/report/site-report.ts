/** The report page of a site run (`smfuse bpann|enkf --site`), built from its output folder alone. */
import { flatten } from './csv-table.js';
import type { ReportPage, ReportSection } from './html.js';
import type { OutputFolder, SiteRunRecord } from './output-folder.js';
import { bpannSection, enkfSection, improvementSection, metricsSection, scatterSection, seriesSection } from './site-sections.js';
import { readSiteSeries } from './site-series.js';

export async function siteReportPage(folder: OutputFolder<SiteRunRecord>): Promise<ReportPage> {
  const { run } = folder;
  const series = await readSiteSeries(folder);
  const sections: ReportSection[] = [];
  const add = (section: ReportSection | null) => section && sections.push(section);
  add(await metricsSection(folder));
  add(await seriesSection(series));
  add(await scatterSection(folder, series));
  add(await improvementSection(folder));
  add(await (run.method === 'bpann' ? bpannSection(folder) : enkfSection(folder)));
  sections.push({ id: 'run', title: 'Run', tables: [{ caption: 'run.json', columns: ['key', 'value'], rows: flatten(run) }] });
  const validation = run.splitDate ? ` · validation from ${run.splitDate}` : '';
  return {
    title: `smfuse ${run.method} at a site`,
    subtitle: `${run.site} · ${series.dates.length} days ${series.dates[0]} … ${series.dates.at(-1)}${validation} · output ${folder.dir} · smfuse ${run.version}`,
    sections,
  };
}
