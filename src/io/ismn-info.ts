/**
 * What an ISMN file or download folder holds, for `smfuse info`: every sensor with its
 * station, position, elevation, depth, variable, instrument, period and readings per
 * quality flag; for a folder also its Metadata.xml extent and the stations' static
 * variables (`*_static_variables.csv`: saturation, soil fractions, land cover, climate).
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { InputError } from '../../core/errors.js';
import { isFolder, isIsmnSource, ismnFilesUnder, readStm, walk } from './ismn.js';
import { parseIsmnText, splitLines, type IsmnLayout, type IsmnSensor } from './ismn-format.js';
import { DECIMAL } from './decimal.js';

export interface IsmnSensorSummary extends IsmnSensor {
  file: string;
  layout: IsmnLayout;
  /** First and last UTC day with a reading (with or without a value); null when none. */
  firstDate: string | null;
  lastDate: string | null;
  /** Readings that carry a value, per flag field (`G`, `U`, `D02,D03`, …). */
  flags: Record<string, number>;
  /** Readings without a value (NaN, -999.99). */
  missing: number;
}

export interface StaticVariable {
  quantity: string;
  unit: string;
  depthFrom: number | null;
  depthTo: number | null;
  value: number | string;
  source: string;
}

export interface IsmnDescription {
  kind: 'file' | 'folder';
  sensors: IsmnSensorSummary[];
  networks: string[];
  stations: number;
  /** Variable code → sensors. */
  variables: Record<string, number>;
  /** A download folder's Metadata.xml extent, when it has one. */
  metadata: {
    bbox: { west: number; south: number; east: number; north: number } | null;
    period: { from: string; to: string } | null;
  } | null;
  /** `*_static_variables.csv` of each station folder. */
  staticVariables: { file: string; values: StaticVariable[] }[];
}

/**
 * The ISMN description of `path`, or null when it is not ISMN (a CSV, a product). A file
 * named `.stm` is read as ISMN whatever its first line, so a malformed one is an error.
 */
export async function describeIsmn(path: string): Promise<IsmnDescription | null> {
  if (await isFolder(path)) return describeFolder(path);
  if (extname(path).toLowerCase() !== '.stm' && !(await isIsmnSource(path))) return null;
  return summarise('file', [await describeStm(path)], null, []);
}

async function describeFolder(folder: string): Promise<IsmnDescription> {
  const files = await ismnFilesUnder(folder, null);
  if (files.length === 0)
    throw new InputError(folder, 'no ISMN data files (NETWORK_NETWORK_STATION_VAR_FROM_TO_SENSOR_START_END.stm) under this folder');
  const sensors: IsmnSensorSummary[][] = [];
  for (const f of files) sensors.push(await describeStm(f));
  const all = await walk(folder);
  const xml = all.find((f) => basename(f) === 'Metadata.xml');
  const statics = all.filter((f) => /_static_variables\.csv$/i.test(f));
  const staticVariables = [];
  for (const f of statics) staticVariables.push({ file: f, values: parseStaticVariables(await readFile(f, 'utf8'), f) });
  return summarise('folder', sensors, xml ? parseMetadataXml(await readFile(xml, 'utf8')) : null, staticVariables);
}

function summarise(
  kind: IsmnDescription['kind'],
  perFile: IsmnSensorSummary[][],
  metadata: IsmnDescription['metadata'],
  staticVariables: IsmnDescription['staticVariables'],
): IsmnDescription {
  const sensors = perFile.flat();
  const variables: Record<string, number> = {};
  for (const s of sensors) variables[s.variable ?? 'unknown'] = (variables[s.variable ?? 'unknown'] ?? 0) + 1;
  return {
    kind,
    sensors,
    networks: [...new Set(sensors.map((s) => s.network))].sort(),
    stations: new Set(sensors.map((s) => `${s.network}/${s.station}`)).size,
    variables,
    metadata,
    staticVariables,
  };
}

/** Every sensor of one file, with its readings counted per flag. */
export async function describeStm(file: string): Promise<IsmnSensorSummary[]> {
  const text = await readStm(file);
  const sensors: Omit<IsmnSensorSummary, 'layout'>[] = [];
  const layout = parseIsmnText(text, file, {
    sensor: (s) => sensors.push({ ...s, file, firstDate: null, lastDate: null, flags: {}, missing: 0 }) - 1,
    reading: (i, date, value, flag) => {
      const s = sensors[i];
      if (s.firstDate === null || date < s.firstDate) s.firstDate = date;
      if (s.lastDate === null || date > s.lastDate) s.lastDate = date;
      if (Number.isNaN(value)) s.missing++;
      else s.flags[flag] = (s.flags[flag] ?? 0) + 1;
    },
  });
  return sensors.map((s) => ({ ...s, layout }));
}

const STATIC_HEADER = ['quantity_name', 'unit', 'depth_from[m]', 'depth_to[m]', 'value'];

/** An ISMN `*_static_variables.csv` (semicolon-separated, one quantity per row). */
export function parseStaticVariables(text: string, source: string): StaticVariable[] {
  const lines = splitLines(text);
  const header = (lines[0] ?? '').split(';').map((h) => h.trim());
  if (STATIC_HEADER.some((h, i) => header[i] !== h)) {
    throw new InputError(source, `line 1: not an ISMN static variables header (${STATIC_HEADER.join(';')};…)`);
  }
  const sourceAt = header.indexOf('quantity_source_name');
  const out: StaticVariable[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const f = line.split(';').map((s) => s.trim());
    if (f.length < STATIC_HEADER.length)
      throw new InputError(source, `line ${i + 2}: ${f.length} fields where the header has at least ${STATIC_HEADER.length}`);
    const depth = (s: string) => (s === '' ? null : DECIMAL.test(s) ? Number(s) : NaN);
    const [from, to] = [depth(f[2]), depth(f[3])];
    if (Number.isNaN(from) || Number.isNaN(to)) throw new InputError(source, `line ${i + 2}: depth "${f[2]}"/"${f[3]}" is not a number`);
    out.push({
      quantity: f[0],
      unit: f[1],
      depthFrom: from,
      depthTo: to,
      value: DECIMAL.test(f[4]) ? Number(f[4]) : f[4],
      source: sourceAt >= 0 ? (f[sourceAt] ?? '') : '',
    });
  });
  return out;
}

/** The bounding box and period of an ISMN download's Metadata.xml (ISO 19115); null parts when absent. */
export function parseMetadataXml(xml: string): NonNullable<IsmnDescription['metadata']> {
  const decimal = (tag: string) => {
    const m = new RegExp(`<gmd:${tag}>\\s*<gco:Decimal>\\s*([-+0-9.eE]+)\\s*</gco:Decimal>`).exec(xml);
    return m ? Number(m[1]) : NaN;
  };
  const [west, east, south, north] = ['westBoundLongitude', 'eastBoundLongitude', 'southBoundLatitude', 'northBoundLatitude'].map(decimal);
  const position = (tag: string) =>
    /^\d{4}-\d{2}-\d{2}/.exec(new RegExp(`<gml:${tag}>\\s*([^<]+)</gml:${tag}>`).exec(xml)?.[1] ?? '')?.[0] ?? null;
  const from = position('beginPosition');
  const to = position('endPosition');
  return {
    bbox: [west, south, east, north].every(Number.isFinite) ? { west, south, east, north } : null,
    period: from && to ? { from, to } : null,
  };
}

const LAYOUT_NAMES: Record<IsmnLayout, string> = {
  'header-values': 'header + values',
  'ceop-separate': 'CEOP formatted, separate files',
  ceop: 'CEOP Reference Data Format',
};

/** `smfuse info` lines for an ISMN description. */
export function formatIsmnDescription(d: IsmnDescription): string[] {
  const lines: string[] = [];
  const vars = Object.entries(d.variables)
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
  lines.push(
    `ISMN ${d.kind === 'folder' ? 'download folder' : `file (${LAYOUT_NAMES[d.sensors[0]?.layout ?? 'header-values']})`}: ${d.networks.join(', ')}; ${d.stations} station${d.stations === 1 ? '' : 's'}, ${d.sensors.length} sensor${d.sensors.length === 1 ? '' : 's'} (${vars})`,
  );
  if (d.metadata?.bbox)
    lines.push(
      `Metadata.xml extent: lon ${d.metadata.bbox.west}…${d.metadata.bbox.east}, lat ${d.metadata.bbox.south}…${d.metadata.bbox.north}`,
    );
  if (d.metadata?.period) lines.push(`Metadata.xml period: ${d.metadata.period.from} … ${d.metadata.period.to}`);
  lines.push('sensors:');
  for (const s of d.sensors) {
    const flags =
      Object.entries(s.flags)
        .sort((a, b) => b[1] - a[1])
        .map(([f, n]) => `${f} ${n}`)
        .join(', ') || 'none';
    const readings = Object.values(s.flags).reduce((a, b) => a + b, 0);
    lines.push(
      `  ${s.network}/${s.station}  lat ${s.lat} lon ${s.lon}  elevation ${s.elevation} m  depth ${s.depthFrom}–${s.depthTo} m  ${s.variable ?? 'variable unknown'}` +
        `${s.sensor ? `  sensor ${s.sensor}` : ''}`,
    );
    lines.push(
      `    ${s.firstDate ?? '–'} … ${s.lastDate ?? '–'}: ${readings} readings (${flags}), ${s.missing} missing${d.kind === 'folder' ? `  [${basename(s.file)}]` : ''}`,
    );
  }
  for (const st of d.staticVariables) {
    lines.push(
      `static variables ${basename(st.file)}: ${st.values.map((v) => `${v.quantity}${v.depthFrom !== null ? ` ${v.depthFrom}–${v.depthTo} m` : ''} = ${v.value}${v.unit ? ` ${v.unit}` : ''}`).join('; ')}`,
    );
  }
  return lines;
}
