/**
 * `smfuse report OUT` of a multi-year run: each year's report (OUT/<year>/report/) as a
 * one-year run's, and OUT/report/index.html linking them, with the tables over all years
 * (coverage and station validation for GRNN, the pooled metrics for BPANN/EnKF).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { read } from 'vega';
import { csvTable, fixed, scientific } from './csv-table.js';
import { reportHtml, type ReportSection, type ReportTable } from './html.js';
import type { CsvRow } from './output-folder.js';
import { buildReport, type ReportOptions, type ReportResult } from './report.js';

interface MultiYearRun {
  readonly command: string;
  readonly mode: 'multi-year';
  readonly years: number[];
  readonly smfuse: string;
  readonly perYear: { year: number; coverage?: Record<string, number>; pixels?: Record<string, number>; warnings: number }[];
  readonly pooled: { coverage?: Record<string, number> };
  readonly warnings: { year: number; code: string; message: string; count: number }[];
}

/** The run.json of OUT when it is a multi-year run's, else null. */
export async function readMultiYearRun(outDir: string): Promise<MultiYearRun | null> {
  const file = join(outDir, 'run.json');
  if (!existsSync(file)) return null;
  const run = JSON.parse(await readFile(file, 'utf8')) as { mode?: unknown };
  return run.mode === 'multi-year' ? (run as MultiYearRun) : null;
}

export async function buildMultiYearReport(outDir: string, run: MultiYearRun, options: ReportOptions = {}): Promise<ReportResult> {
  const figures: string[] = [];
  for (const year of run.years) figures.push(...(await buildReport(join(outDir, String(year)), options)).figures);
  const csv = async (name: string): Promise<CsvRow[] | null> =>
    existsSync(join(outDir, name)) ? (read(await readFile(join(outDir, name), 'utf8'), { type: 'csv' }) as CsvRow[]) : null;
  const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)} %`);

  const sections: ReportSection[] = [
    {
      id: 'warnings',
      title: `Warnings (${run.warnings.length})`,
      ...(run.warnings.length === 0
        ? { notes: ['No year gave a warning.'] }
        : {
            tables: [
              {
                caption: "Warnings of every year (each year's run.json)",
                columns: ['year', 'code', 'count', 'message'],
                rows: run.warnings.map((w) => [String(w.year), w.code, String(w.count), w.message]),
              },
            ],
          }),
    },
    {
      id: 'years',
      title: 'Years',
      notes: ['Each year is a one-year run in its own folder, with its own report.'],
      links: run.years.map((y) => ({ href: `../${y}/report/index.html`, text: `${y}: report of OUT/${y}` })),
      tables: [yearsTable(run, pct)],
    },
  ];
  if (run.pooled.coverage) {
    const names = Object.keys(run.pooled.coverage);
    sections.push({
      id: 'coverage',
      title: 'Coverage over all years',
      notes: [
        'Share of valid pixel-days of the domain (cells with a valid DEM), over all years and in each (coverage.json; maps coverage_<series>.tif).',
      ],
      tables: [
        {
          caption: 'Coverage (coverage.json)',
          columns: ['series', 'all years', ...run.years.map(String)],
          rows: names.map((n) => [n, pct(run.pooled.coverage![n]), ...run.perYear.map((y) => pct(y.coverage?.[n]))]),
        },
      ],
    });
  }
  const validation = await csv('validation.csv');
  if (validation) {
    const formats = { r: fixed(3), p_value: scientific, rmse: fixed(4), bias: fixed(4), ubrmse: fixed(4) };
    sections.push({
      id: 'validation',
      title: 'Station validation over all years',
      notes: ["Pairs of every year's network cell means and products, pooled (validation.csv)."],
      tables: [csvTable('validation.csv', validation, ['network', 'product', 'n', 'r', 'p_value', 'rmse', 'bias', 'ubrmse'], formats)],
    });
  }
  const metrics = await csv('metrics.csv');
  if (metrics) {
    const formats = {
      r: fixed(3),
      p_value: scientific,
      rmse: fixed(4),
      bias: fixed(4),
      ubrmse: fixed(4),
      cv: fixed(3),
      rsr: fixed(3),
      nse: fixed(3),
    };
    sections.push({
      id: 'metrics',
      title: 'Metrics over all years',
      notes: [
        "Every year's pixel-days in their periods (train before the pixel's split day of that year, validation from it), pooled (metrics.csv).",
      ],
      tables: [csvTable('metrics.csv', metrics, Object.keys(metrics[0] ?? {}), formats)],
    });
  }
  const page = {
    title: `smfuse ${run.command} ${run.years[0]}–${run.years[run.years.length - 1]} (multi-year)`,
    subtitle: `${run.years.length} years · smfuse ${run.smfuse}`,
    sections,
  };
  await mkdir(join(outDir, 'report'), { recursive: true });
  const index = join(outDir, 'report', 'index.html');
  await writeFile(index, reportHtml(page));
  return { index, figures };
}

function yearsTable(run: MultiYearRun, pct: (x: number | undefined) => string): ReportTable {
  const grnn = run.perYear.some((y) => y.coverage);
  return {
    caption: 'Each year (run.json perYear)',
    columns: ['year', grnn ? 'fused coverage' : 'fused pixels', 'warnings'],
    rows: run.perYear.map((y) => [String(y.year), grnn ? pct(y.coverage?.fused) : String(y.pixels?.fused ?? '–'), String(y.warnings)]),
  };
}
