/**
 * `smfuse report`: OUT/report/index.html and every figure as OUT/report/fig/*.png, built
 * from an output folder of `smfuse grnn` or `smfuse bpann|enkf --config` (and the inputs
 * its run.json records) or of `smfuse bpann|enkf --site`. Sections whose files are absent (no stations, no truth,
 * inputs moved) are left out.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../log.js';
import { pixelGridReportPage } from './pixel-grid-report.js';
import { grnnReportPage } from './grnn-report.js';
import type { RunWarning } from '../warnings.js';
import { figureHref, reportHtml, type ReportPage, type ReportSection } from './html.js';
import { openOutputFolder } from './output-folder.js';
import { siteReportPage } from './site-report.js';
import { svgToPng } from './svg-png.js';

export interface ReportOptions {
  /** Map days of a grid run (ISO dates); default one per season (see seasonDays). */
  readonly days?: readonly string[];
  readonly log?: Logger;
}

export interface ReportResult {
  /** OUT/report/index.html */
  readonly index: string;
  /** The PNG files written, under OUT/report/fig/. */
  readonly figures: string[];
}

/**
 * Builds OUT/report/index.html and OUT/report/fig/*.png from the output folder `outDir`.
 * @throws InputError when `outDir` holds no smfuse run; ConfigError for `days` on a site run.
 */
export async function buildReport(outDir: string, options: ReportOptions = {}): Promise<ReportResult> {
  const log = options.log ?? silentLogger();
  const opened = await openOutputFolder(outDir);
  if (opened.kind === 'site' && options.days) throw new ConfigError('--days: a site run has no maps to choose days for');
  const methodPage =
    opened.kind === 'site'
      ? await siteReportPage(opened.folder)
      : opened.kind === 'pixel-grid'
        ? await pixelGridReportPage(opened.folder, log, options.days)
        : await grnnReportPage(opened.folder, log, options.days);
  const warnings = (opened.folder.run as { warnings?: RunWarning[] }).warnings;
  const page = { ...methodPage, sections: [warningsSection(warnings), ...methodPage.sections] };
  return writeReport(outDir, page, log);
}

async function writeReport(outDir: string, page: ReportPage, log: Logger): Promise<ReportResult> {
  const reportDir = join(outDir, 'report');
  // A report of an earlier run must not leave figures this one no longer draws.
  await rm(join(reportDir, 'fig'), { recursive: true, force: true });
  await mkdir(join(reportDir, 'fig'), { recursive: true });
  const figures = page.sections.flatMap((s) => s.figureRows?.flat() ?? []);
  const written: string[] = [];
  for (const [i, figure] of figures.entries()) {
    const file = join(reportDir, figureHref(figure));
    await writeFile(file, svgToPng(figure.svg));
    written.push(file);
    log.progress('report', i + 1, figures.length);
  }
  const index = join(reportDir, 'index.html');
  await writeFile(index, reportHtml(page));
  return { index, figures: written };
}

/** The run's warnings first on the page, so nothing that was dropped or flagged hides below the maps. */
function warningsSection(warnings: readonly RunWarning[] | undefined): ReportSection {
  if (warnings === undefined)
    return {
      id: 'warnings',
      title: 'Warnings',
      notes: ['This run.json records no warnings list (written by an smfuse older than the warnings channel).'],
    };
  if (warnings.length === 0) return { id: 'warnings', title: 'Warnings', notes: ['The run gave no warnings.'] };
  return {
    id: 'warnings',
    title: `Warnings (${warnings.length})`,
    tables: [
      {
        caption: 'Warnings of the run (run.json)',
        columns: ['code', 'count', 'message'],
        rows: warnings.map((w) => [w.code, String(w.count), w.message]),
      },
    ],
  };
}
