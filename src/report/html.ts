/**
 * The report page: one HTML file with inline CSS and no script, holding the maps as
 * inline SVG and showing the charts from fig/*.png beside it, so that it opens from disk
 * with no network.
 */
import { escapeMarkup } from './escape.js';
import type { Figure } from './figure.js';

export interface ReportTable {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  /** Plain text paragraphs. */
  readonly notes?: readonly string[];
  /** Figures side by side, one row per inner array. */
  readonly figureRows?: readonly (readonly Figure[])[];
  readonly tables?: readonly ReportTable[];
  /** Links to other pages (a multi-year index to each year's report), relative to index.html. */
  readonly links?: readonly { readonly href: string; readonly text: string }[];
}

export interface ReportPage {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly ReportSection[];
}

/** Where a figure's PNG lies relative to index.html. */
export function figureHref(figure: Figure): string {
  return `fig/${figure.name}.png`;
}

const STYLE = `
body { font-family: system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 0 auto; max-width: 1600px; padding: 0 16px 48px; color: #222; }
header { border-bottom: 1px solid #ccc; margin-bottom: 8px; }
h1 { font-size: 1.6em; margin: 20px 0 4px; } h2 { font-size: 1.25em; margin-top: 32px; border-bottom: 1px solid #eee; }
.subtitle { color: #555; margin: 0 0 12px; }
nav a { margin-right: 14px; }
.row { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; margin: 10px 0; }
.row img, .row svg { max-width: 100%; height: auto; border: 1px solid #eee; }
figure.inline { margin: 0; }
table { border-collapse: collapse; margin: 12px 0 20px; font-size: 0.9em; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; white-space: nowrap; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note { color: #444; max-width: 70em; }
`;

export function reportHtml(page: ReportPage): string {
  const nav = page.sections.map((s) => `<a href="#${s.id}">${escapeMarkup(s.title)}</a>`).join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeMarkup(page.title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1>${escapeMarkup(page.title)}</h1><p class="subtitle">${escapeMarkup(page.subtitle)}</p><nav>${nav}</nav></header>`,
    ...page.sections.map(sectionHtml),
    '</body></html>',
    '',
  ].join('\n');
}

function sectionHtml(section: ReportSection): string {
  const notes = (section.notes ?? []).map((n) => `<p class="note">${escapeMarkup(n)}</p>`);
  const rows = (section.figureRows ?? []).map((row) => `<div class="row">${row.map(figureHtml).join('')}</div>`);
  const tables = (section.tables ?? []).map(tableHtml);
  const links = section.links
    ? [`<ul>${section.links.map((l) => `<li><a href="${escapeMarkup(l.href)}">${escapeMarkup(l.text)}</a></li>`).join('')}</ul>`]
    : [];
  return `<section id="${section.id}"><h2>${escapeMarkup(section.title)}</h2>\n${[...notes, ...links, ...rows, ...tables].join('\n')}</section>`;
}

/** An inline figure keeps its vector text; the PNG beside it is linked for download. */
function figureHtml(figure: Figure): string {
  const alt = escapeMarkup(figure.title);
  if (figure.inline) return `<figure class="inline" title="${alt}"><a href="${figureHref(figure)}">${figure.svg}</a></figure>`;
  return `<a href="${figureHref(figure)}"><img src="${figureHref(figure)}" width="${Math.round(figure.width)}" height="${Math.round(figure.height)}" alt="${alt}" title="${alt}"></a>`;
}

/** Numbers, percentages and durations, which line up on the right. */
const NUMERIC = /^[-+−]?(\d[\d.]*|\.\d+)(e[-+]?\d+)?( %| s)?$/i;

function tableHtml(table: ReportTable): string {
  const caption = `<caption>${escapeMarkup(table.caption)}</caption>`;
  if (table.rows.length === 0) return `<table>${caption}</table>`;
  const head = `<tr>${table.columns.map((c) => `<th>${escapeMarkup(c)}</th>`).join('')}</tr>`;
  const cell = (c: string) => `<td${NUMERIC.test(c) ? ' class="num"' : ''}>${escapeMarkup(c)}</td>`;
  const body = table.rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('');
  return `<table>${caption}<thead>${head}</thead><tbody>${body}</tbody></table>`;
}
