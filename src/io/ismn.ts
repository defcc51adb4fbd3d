/**
 * ISMN (International Soil Moisture Network) soil-moisture files, as ISMN downloads
 * write them (`.stm`, one sensor per file, readings in m³/m³, times in UTC):
 *
 * - "Header + values": a header line `CSE_Identifier Network Station Latitude Longitude
 *   Elevation Depth_from Depth_to [Sensor…]`, then rows `yyyy/mm/dd hh:mm value flag orig_flag`.
 * - "CEOP formatted" (separate files): no header; every row is `date time date time
 *   CSE_Identifier Network Station Latitude Longitude Elevation Depth_from Depth_to value
 *   flag orig_flag` (nominal, then actual UTC date and time).
 *
 * Each sensor's readings become daily means (see IsmnAccumulator), so the result is one
 * StationObservation per sensor and UTC day.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isIsoDate } from '../cube/dates.js';
import { InputError } from '../errors.js';
import { readCsvText } from './csv.js';
import { DECIMAL } from './decimal.js';
import type { StationObservation } from './stations.js';

export interface IsmnOptions {
  /** Depth range (m, positive down) a sensor's interval must lie within; default [0, 0.05]. */
  depth?: readonly [number, number];
  /**
   * ISMN quality flags kept. A reading is kept when every code of its flag field (e.g.
   * `D02,D03`) is in this list; `*` keeps every reading. Default `['G']` (good).
   */
  flags?: readonly string[];
}

export type IsmnLayout = 'header-values' | 'ceop';

const DEFAULT_DEPTH: readonly [number, number] = [0, 0.05];
const DEFAULT_FLAGS: readonly string[] = ['G'];
const DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const CEOP_FIELDS = 15;
/** CEOP's missing-value code is -999.99; anything at or below -999 is read as missing. */
const MISSING_BELOW = -999;
/** Depth intervals are compared with this slack, since files print them to 4–6 decimals. */
const DEPTH_SLACK = 1e-9;
const SM_FILE = /_sm_\d+(\.\d+)?_\d+(\.\d+)?_.*\.stm$/i;
/** Enough for an ISMN first line (a CEOP row is about 140 bytes). */
const HEAD_BYTES = 4096;

/** The ISMN layout of a file from its first non-empty line, or null when it is not ISMN. */
export function ismnLayout(firstLine: string): IsmnLayout | null {
  const t = tokens(firstLine);
  if (t.length === CEOP_FIELDS && DATE.test(t[0]) && TIME.test(t[1]) && DATE.test(t[2]) && TIME.test(t[3])) return 'ceop';
  if (t.length >= 8 && !DATE.test(t[0]) && t.slice(3, 8).every((s) => DECIMAL.test(s))) return 'header-values';
  return null;
}

/**
 * True for a folder (an ISMN download) or a file whose first line is ISMN; false for
 * anything else, including a path that cannot be read (the CSV reader then says why).
 */
export async function isIsmnSource(path: string): Promise<boolean> {
  if (await isFolder(path)) return true;
  const file = await open(path, 'r').catch(() => null);
  if (!file) return false;
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(head, 0, HEAD_BYTES, 0);
    const firstLine = head.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/).find((l) => l.trim() !== '');
    return firstLine !== undefined && ismnLayout(firstLine) !== null;
  } finally {
    await file.close();
  }
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** Daily means of an ISMN file, or of every soil-moisture `.stm` file under a folder. */
export async function readIsmn(path: string, options: IsmnOptions = {}): Promise<StationObservation[]> {
  return (await isFolder(path)) ? readIsmnFolder(path, options) : readIsmnFile(path, options);
}

/** The files a station input is read from (for checksums): an ISMN folder's soil-moisture files, else the path. */
export async function stationInputFiles(path: string): Promise<string[]> {
  return (await isFolder(path)) ? ismnFilesUnder(path) : [path];
}

/**
 * Every soil-moisture `.stm` file under `folder` (recursively, sorted), as ISMN downloads
 * nest them by network and station. The variable is only in the name
 * (`NETWORK_NETWORK_STATION_sm_FROM_TO_SENSOR_START_END.stm`), so soil temperature
 * (`_ts_`), precipitation (`_p_`) and other files are told apart by it.
 */
export async function ismnFilesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(folder, `cannot read station folder (${err.code ?? err.message})`);
  });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, e.name);
    if (e.isDirectory()) out.push(...(await ismnFilesUnder(path)));
    else if (e.isFile() && SM_FILE.test(e.name)) out.push(path);
  }
  return out;
}

/** Daily means of every ISMN file under `folder`; an error when it holds none. */
export async function readIsmnFolder(folder: string, options: IsmnOptions = {}): Promise<StationObservation[]> {
  const files = await ismnFilesUnder(folder);
  if (files.length === 0) throw new InputError(folder, 'no ISMN soil-moisture files (*_sm_FROM_TO_*.stm) in this folder');
  const out: StationObservation[] = [];
  for (const f of files) for (const o of await readIsmnFile(f, options)) out.push(o);
  return out;
}

export async function readIsmnFile(path: string, options: IsmnOptions = {}): Promise<StationObservation[]> {
  // one sensor per file: even decades of hourly readings stay far below the CSV size limit
  return parseIsmn(await readCsvText(path, 'ISMN file'), path, options);
}

/** Parses ISMN text of either layout (told apart by the first line) into daily means per sensor. */
export function parseIsmn(text: string, source: string, options: IsmnOptions = {}): StationObservation[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new InputError(source, 'empty ISMN file');
  const layout = ismnLayout(lines[first]);
  if (!layout) {
    throw new InputError(source, `line ${first + 1}: not an ISMN header ("CSE Network Station Latitude Longitude Elevation Depth_from Depth_to …") nor a CEOP row of ${CEOP_FIELDS} fields`);
  }
  const acc = new IsmnAccumulator(source, options);
  if (layout === 'header-values') {
    const sensor = acc.sensor(tokens(lines[first]), 1, first + 1);
    for (let i = first + 1; i < lines.length; i++) {
      const t = tokens(lines[i]);
      if (t.length === 0) continue;
      if (t.length < 4) throw new InputError(source, `line ${i + 1}: ${t.length} fields, expected "yyyy/mm/dd hh:mm value flag orig_flag"`);
      acc.reading(sensor, t[0], t[1], t[2], t[3], i + 1);
    }
  } else {
    for (let i = first; i < lines.length; i++) {
      const t = tokens(lines[i]);
      if (t.length === 0) continue;
      if (t.length !== CEOP_FIELDS) throw new InputError(source, `line ${i + 1}: ${t.length} fields where a CEOP row has ${CEOP_FIELDS}`);
      const sensor = acc.sensor(t, 5, i + 1);
      acc.reading(sensor, t[0], t[1], t[12], t[13], i + 1);
    }
  }
  return acc.dailyMeans();
}

function tokens(line: string): string[] {
  const s = line.trim();
  return s === '' ? [] : s.split(/\s+/);
}

interface Sensor {
  network: string;
  station: string;
  lat: number;
  lon: number;
  /** False when its depth interval is outside the selection: its readings are dropped. */
  selected: boolean;
  /** Per ISO day: sum and count of the kept readings. */
  days: Map<string, { sum: number; n: number }>;
}

/**
 * Collects one file's readings per sensor (network, station, depth interval) and UTC
 * day; a day's value is the mean of its kept readings, whatever their number.
 */
class IsmnAccumulator {
  private readonly sensors = new Map<string, Sensor>();
  private readonly depth: readonly [number, number];
  private readonly keep: ReadonlySet<string> | null;

  constructor(
    private readonly source: string,
    options: IsmnOptions,
  ) {
    this.depth = options.depth ?? DEFAULT_DEPTH;
    const flags = options.flags ?? DEFAULT_FLAGS;
    this.keep = flags.includes('*') ? null : new Set(flags);
  }

  /** The sensor described by `t[at…at+6]` (network, station, lat, lon, elevation, depth from, depth to). */
  sensor(t: readonly string[], at: number, line: number): Sensor {
    const key = `${t[at]}\u0000${t[at + 1]}\u0000${t[at + 5]}\u0000${t[at + 6]}`;
    const known = this.sensors.get(key);
    if (known) return known;
    const num = (i: number, what: string) => {
      const s = t[at + i];
      if (!DECIMAL.test(s)) throw new InputError(this.source, `line ${line}: ${what} "${s}" is not a number`);
      return Number(s);
    };
    const lat = num(2, 'latitude');
    if (lat < -90 || lat > 90) throw new InputError(this.source, `line ${line}: latitude ${lat} is outside [-90, 90]`);
    const lon = num(3, 'longitude');
    if (lon < -180 || lon > 180) throw new InputError(this.source, `line ${line}: longitude ${lon} is outside [-180, 180]`);
    num(4, 'elevation');
    const from = num(5, 'depth_from');
    const to = num(6, 'depth_to');
    if (from > to) throw new InputError(this.source, `line ${line}: depth_from ${from} m is below depth_to ${to} m`);
    const selected = from >= this.depth[0] - DEPTH_SLACK && to <= this.depth[1] + DEPTH_SLACK;
    const sensor: Sensor = { network: t[at], station: t[at + 1], lat, lon, selected, days: new Map() };
    this.sensors.set(key, sensor);
    return sensor;
  }

  reading(sensor: Sensor, date: string, time: string, value: string, flag: string, line: number): void {
    const m = DATE.exec(date);
    const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
    if (!m || !isIsoDate(iso)) throw new InputError(this.source, `line ${line}: "${date}" is not a calendar date written yyyy/mm/dd`);
    if (!TIME.test(time)) throw new InputError(this.source, `line ${line}: "${time}" is not a time written hh:mm`);
    if (!sensor.selected || !this.kept(flag)) return;
    if (value.toLowerCase() === 'nan') return;
    if (!DECIMAL.test(value)) throw new InputError(this.source, `line ${line}: soil moisture "${value}" is not a number`);
    const sm = Number(value);
    if (sm <= MISSING_BELOW) return;
    if (sm < 0 || sm > 1) {
      const hint = sm > 1 && sm <= 100 ? ' (it looks like percent; ISMN stores m³/m³)' : '';
      throw new InputError(this.source, `line ${line}: soil moisture ${sm} (flag ${flag}) is outside [0, 1] m³/m³${hint}`);
    }
    const day = sensor.days.get(iso);
    if (day) {
      day.sum += sm;
      day.n++;
    } else sensor.days.set(iso, { sum: sm, n: 1 });
  }

  private kept(flag: string): boolean {
    if (this.keep === null || this.keep.has(flag)) return true;
    return flag.includes(',') && flag.split(',').every((code) => this.keep!.has(code));
  }

  dailyMeans(): StationObservation[] {
    const out: StationObservation[] = [];
    for (const { network, station, lat, lon, days } of this.sensors.values()) {
      for (const [date, { sum, n }] of days) out.push({ network, station, lat, lon, date, sm: sum / n });
    }
    return out;
  }
}
