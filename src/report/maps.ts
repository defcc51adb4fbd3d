/**
 * A raster as a map figure: the cells as an embedded PNG (each cell a square of whole
 * pixels, so values stay crisp), a lat/lon frame, a title, and a colour bar with units
 * or a legend of classes. NaN cells are transparent over a light grey "no data".
 */
import type { GridSpec } from '../grid/gridspec.js';
import { escapeMarkup } from './escape.js';
import type { Figure } from './figure.js';
import { parseColor, type CategoricalScale, type ContinuousScale, type MapScale } from './palettes.js';
import { FIGURE_FONT, rgbaToPng } from './svg-png.js';
import { formatDegrees, niceTicks, tickDecimals } from './ticks.js';

export interface MapSpec {
  readonly name: string;
  readonly title: string;
  readonly grid: GridSpec;
  /** One value per cell, row-major from the north-west corner; NaN is no data. */
  readonly values: ArrayLike<number>;
  readonly scale: MapScale;
  /** Longest map edge in pixels, roughly (default 240): cells get the nearest whole size. */
  readonly maxEdge?: number;
}

export const NO_DATA_COLOR = '#e3e3e3';

const MARGIN = { left: 44, top: 26, right: 6, axis: 20 };
const BAR = { gap: 10, width: 12, labels: 36 };
const LEGEND_ROW = 16;
const FONT = `font-family="${FIGURE_FONT}" font-size="11" fill="#222"`;
const TITLE_FONT = `font-family="${FIGURE_FONT}" font-size="13" font-weight="bold" fill="#222"`;

/** Pixels per cell edge: the whole number that brings the longest edge nearest to `maxEdge`. */
export function cellPixels(grid: GridSpec, maxEdge = 240): number {
  return Math.max(1, Math.round(maxEdge / Math.max(grid.width, grid.height)));
}

/** A map figure and where its cells lie in it (CSS pixels). */
export interface MapFigure extends Figure {
  readonly cells: { readonly x: number; readonly y: number; readonly size: number };
}

export function renderMap(spec: MapSpec): MapFigure {
  const { grid, scale } = spec;
  const px = cellPixels(grid, spec.maxEdge);
  const mapW = grid.width * px;
  const mapH = grid.height * px;
  const x0 = MARGIN.left;
  const y0 = MARGIN.top;
  const png = rgbaToPng(cellColors(spec, px), mapW, mapH).toString('base64');

  const parts = [
    `<text x="${x0}" y="17" ${TITLE_FONT}>${escapeMarkup(spec.title)}</text>`,
    `<rect x="${x0}" y="${y0}" width="${mapW}" height="${mapH}" fill="${NO_DATA_COLOR}"/>`,
    `<image x="${x0}" y="${y0}" width="${mapW}" height="${mapH}" image-rendering="optimizeSpeed" style="image-rendering:pixelated" href="data:image/png;base64,${png}"/>`,
    `<rect x="${x0}" y="${y0}" width="${mapW}" height="${mapH}" fill="none" stroke="#555" stroke-width="1"/>`,
    ...degreeAxes(grid, px, x0, y0),
  ];
  // Room for a colour bar on every map, legend or not, so that maps side by side line up
  // (wider only where a bar's tick labels are long, e.g. 0.025).
  const labels = scale.kind === 'continuous' ? barLabelsWidth(scale, mapH) : BAR.labels;
  const width = x0 + mapW + BAR.gap + BAR.width + labels + 8 + MARGIN.right;
  let height = y0 + mapH + MARGIN.axis;
  const noDataY = height + 4;
  if (scale.kind === 'continuous') {
    parts.push(colourBar(scale, `colour-bar-${spec.name}`, x0 + mapW + BAR.gap, y0, mapH));
  } else {
    const legend = classLegend(scale, presentValues(spec.values), x0, noDataY + LEGEND_ROW);
    parts.push(legend.svg);
    height = legend.bottom;
  }
  parts.push(swatch(x0, noDataY, NO_DATA_COLOR, 'no data'));
  height = Math.max(height, noDataY + LEGEND_ROW) + 4;

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="white"/>${parts.join('')}</svg>`;
  return { name: spec.name, title: spec.title, svg, width, height, inline: true, cells: { x: x0, y: y0, size: px } };
}

/** RGBA of the upscaled raster: every cell a px × px square, NaN (and unknown classes) transparent. */
function cellColors(spec: MapSpec, px: number): Uint8Array {
  const { grid, values, scale } = spec;
  const color = cellColorFunction(scale);
  const mapW = grid.width * px;
  const rgba = new Uint8Array(mapW * grid.height * px * 4);
  for (let row = 0; row < grid.height; row++) {
    for (let col = 0; col < grid.width; col++) {
      const rgb = color(values[row * grid.width + col]);
      if (!rgb) continue;
      for (let dy = 0; dy < px; dy++) {
        let o = ((row * px + dy) * mapW + col * px) * 4;
        for (let dx = 0; dx < px; dx++, o += 4) {
          rgba[o] = rgb[0];
          rgba[o + 1] = rgb[1];
          rgba[o + 2] = rgb[2];
          rgba[o + 3] = 255;
        }
      }
    }
  }
  return rgba;
}

/** Value → RGB, or null for no colour; continuous values are clamped to the scale. */
function cellColorFunction(scale: MapScale): (v: number) => [number, number, number] | null {
  if (scale.kind === 'categorical') {
    const byValue = new Map(scale.classes.map((c) => [c.value, parseColor(c.color)]));
    return (v) => byValue.get(v) ?? null;
  }
  // 256 levels: finer than the eye can tell, and no per-cell string parsing.
  const levels = Array.from({ length: 256 }, (_, i) => parseColor(scale.interpolate(i / 255)));
  const span = scale.max - scale.min;
  return (v) => {
    if (!Number.isFinite(v)) return null;
    const t = Math.min(1, Math.max(0, (v - scale.min) / span));
    return levels[Math.round(t * 255)];
  };
}

/** Whole-degree (or finer) ticks under the map (longitude) and left of it (latitude). */
function degreeAxes(grid: GridSpec, px: number, x0: number, y0: number): string[] {
  const mapW = grid.width * px;
  const mapH = grid.height * px;
  const west = grid.originX;
  const north = grid.originY;
  const lons = niceTicks(west, west + grid.width * grid.resX, Math.max(3, Math.floor(mapW / 70)));
  const lats = niceTicks(north - grid.height * grid.resY, north, Math.max(3, Math.floor(mapH / 40)));
  const lonLabel = (lon: number, x: number) =>
    `<line x1="${x}" y1="${y0 + mapH}" x2="${x}" y2="${y0 + mapH + 4}" stroke="#555"/>` +
    `<text x="${x}" y="${y0 + mapH + 15}" text-anchor="middle" ${FONT}>${formatDegrees(lon, 'lon', tickDecimals(lons))}</text>`;
  const latLabel = (lat: number, y: number) =>
    `<line x1="${x0 - 4}" y1="${y}" x2="${x0}" y2="${y}" stroke="#555"/>` +
    `<text x="${x0 - 6}" y="${y + 4}" text-anchor="end" ${FONT}>${formatDegrees(lat, 'lat', tickDecimals(lats))}</text>`;
  return [
    ...lons.map((lon) => lonLabel(lon, x0 + ((lon - west) / grid.resX) * px)),
    ...lats.map((lat) => latLabel(lat, y0 + ((north - lat) / grid.resY) * px)),
  ];
}

/** The colour bar's tick values as printed. */
function barTicks(scale: ContinuousScale, height: number): { ticks: number[]; labels: string[] } {
  const factor = scale.tickFactor ?? 1;
  const ticks = niceTicks(scale.min * factor, scale.max * factor, Math.max(2, Math.floor(height / 40)));
  const decimals = tickDecimals(ticks);
  return { ticks, labels: ticks.map((t) => t.toFixed(decimals)) };
}

/** Room for the tick labels and the rotated unit label: the default, or more for long ticks (≈6.5 px a character at 11 px). */
function barLabelsWidth(scale: ContinuousScale, height: number): number {
  const longest = Math.max(0, ...barTicks(scale, height).labels.map((l) => l.length));
  return Math.max(BAR.labels, Math.ceil(6 + longest * 6.5 + 8));
}

/** A vertical colour bar beside the map: max at the top, ticks and the label with units. */
/** `id` names the gradient: unique per figure, as a page may hold several maps. */
function colourBar(scale: ContinuousScale, id: string, x: number, y: number, height: number): string {
  const steps = 64;
  const factor = scale.tickFactor ?? 1;
  const stops = Array.from(
    { length: steps + 1 },
    (_, i) => `<stop offset="${i / steps}" stop-color="${scale.interpolate(1 - i / steps)}"/>`,
  );
  const { ticks, labels } = barTicks(scale, height);
  const tickMarks = ticks.map((t, i) => {
    const ty = y + height * (1 - (t / factor - scale.min) / (scale.max - scale.min));
    return (
      `<line x1="${x + BAR.width}" y1="${ty}" x2="${x + BAR.width + 4}" y2="${ty}" stroke="#555"/>` +
      `<text x="${x + BAR.width + 6}" y="${ty + 4}" ${FONT}>${labels[i]}</text>`
    );
  });
  const labelX = x + BAR.width + barLabelsWidth(scale, height);
  return (
    `<defs><linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1">${stops.join('')}</linearGradient></defs>` +
    `<g class="colour-bar"><rect x="${x}" y="${y}" width="${BAR.width}" height="${height}" fill="url(#${id})" stroke="#555" stroke-width="0.5"/>` +
    tickMarks.join('') +
    `<text transform="translate(${labelX} ${y + height / 2}) rotate(90)" text-anchor="middle" ${FONT}>${escapeMarkup(scale.label)}</text></g>`
  );
}

/** Swatches of the classes that occur on the map, one per row under it. */
function classLegend(scale: CategoricalScale, present: Set<number>, x: number, y: number): { svg: string; bottom: number } {
  const rows = scale.classes.filter((c) => present.has(c.value));
  const svg = rows.map((c, i) => swatch(x, y + i * LEGEND_ROW, c.color, c.label)).join('');
  return { svg: `<g class="legend">${svg}</g>`, bottom: y + rows.length * LEGEND_ROW };
}

function swatch(x: number, y: number, color: string, label: string): string {
  return (
    `<rect x="${x}" y="${y}" width="12" height="12" fill="${color}" stroke="#555" stroke-width="0.5"/>` +
    `<text x="${x + 18}" y="${y + 10}" ${FONT}>${escapeMarkup(label)}</text>`
  );
}

function presentValues(values: ArrayLike<number>): Set<number> {
  const present = new Set<number>();
  for (let i = 0; i < values.length; i++) present.add(values[i]);
  return present;
}
