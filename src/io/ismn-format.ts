/**
 * The text layouts of ISMN (International Soil Moisture Network) data files, as the ISMN
 * download service writes them (times in UTC; line endings CR, LF or CRLF, all seen in
 * real downloads):
 *
 * - "Header + values" (`Data_separate_files_header_…`): a header line `CSE Network Station
 *   Latitude Longitude Elevation Depth_from Depth_to [Sensor…]`, then rows
 *   `yyyy/mm/dd hh:mm value flag orig_flag`. The variable is only in the file name.
 * - "CEOP formatted" separate files (`Data_separate_files_…`): no header; every row is
 *   `date time date time CSE Network Station Latitude Longitude Elevation Depth_from
 *   Depth_to value flag [orig_flag]` (nominal, then actual UTC date and time).
 * - "CEOP Reference Data Format" (one file per station, name `CSE_NETWORK_STATION_START_END.stm`):
 *   rows of 16 fields `date time date time CSE Network Station Latitude Longitude Elevation
 *   Depth_from Depth_to ts ts_flag sm sm_flag`, every depth of the station in one file, soil
 *   temperature and soil moisture side by side (the column order the ISMN team's `ismn`
 *   package reads).
 *
 * This module only parses: it hands every reading to a sink, which selects and averages.
 */
import { basename } from 'node:path';
import { isIsoDate } from '../cube/dates.js';
import { InputError } from '../../core/errors.js';
import { DECIMAL } from './decimal.js';

export type IsmnLayout = 'header-values' | 'ceop-separate' | 'ceop';

/** One sensor: a variable at one depth interval of one station. */
export interface IsmnSensor {
  network: string;
  station: string;
  lat: number;
  lon: number;
  /** Metres above sea level. */
  elevation: number;
  /** Metres below the surface. */
  depthFrom: number;
  depthTo: number;
  /** ISMN variable code (`sm`, `ts`, `p`, …); null when neither the name nor the layout tells. */
  variable: string | null;
  sensor: string | null;
}

/** Receives what a file holds, in file order. */
export interface IsmnSink {
  /** A sensor seen for the first time; returns the index its readings will carry. */
  sensor(s: IsmnSensor): number;
  /** One reading: `value` is NaN when missing (NaN, -999.99, …). */
  reading(sensor: number, isoDate: string, value: number, flag: string, line: number): void;
}

const DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** CEOP's missing-value code is -999.99 (some files -9999); anything at or below -999 is missing. */
const MISSING_BELOW = -999;
/**
 * `CSE_NETWORK_STATION_VAR_FROM_TO_SENSOR…_START_END.stm`. Names in file names carry no
 * underscores (ISMN writes them as `-` or drops them), sensor names may (`Meter-5TM_1_1`).
 */
const DATA_FILE = /^([^_]+)_([^_]+)_([^_]+)_([A-Za-z][A-Za-z0-9]*)_(\d+(?:\.\d+)?)_(\d+(?:\.\d+)?)_(.+)_(\d{8})_(\d{8})\.stm$/i;
/** `CSE_NETWORK_STATION_START_END.stm`: a CEOP Reference Data Format file. */
const CEOP_FILE = /^([^_]+)_([^_]+)_([^_]+)_(\d{8})_(\d{8})\.stm$/i;

/** What an ISMN file name says; null when it does not follow the ISMN naming. */
export interface IsmnFileName {
  network: string;
  station: string;
  /** Null for a CEOP Reference Data Format file (soil moisture and temperature in one). */
  variable: string | null;
  sensor: string | null;
}

export function parseIsmnFileName(path: string): IsmnFileName | null {
  const name = basename(path);
  const d = DATA_FILE.exec(name);
  if (d) return { network: d[2], station: d[3], variable: d[4].toLowerCase(), sensor: d[7] };
  const c = CEOP_FILE.exec(name);
  if (c) return { network: c[2], station: c[3], variable: null, sensor: null };
  return null;
}

/** Lines of a text, whatever its line endings (CR, LF, CRLF); a leading BOM is dropped. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

function tokens(line: string): string[] {
  const s = line.trim();
  return s === '' ? [] : s.split(/\s+/);
}

function isDateTime(t: readonly string[], at: number): boolean {
  return DATE.test(t[at]) && TIME.test(t[at + 1]);
}

/** The ISMN layout of a file from its first non-empty line, or null when it is not ISMN. */
export function ismnLayout(firstLine: string): IsmnLayout | null {
  const t = tokens(firstLine);
  if ((t.length === 14 || t.length === 15) && isDateTime(t, 0) && isDateTime(t, 2)) return 'ceop-separate';
  if (t.length === 16 && isDateTime(t, 0) && isDateTime(t, 2)) return 'ceop';
  if (t.length >= 8 && !DATE.test(t[0]) && t.slice(3, 8).every((s) => DECIMAL.test(s))) return 'header-values';
  return null;
}

const CEOP_FIELDS: Record<Exclude<IsmnLayout, 'header-values'>, string> = {
  'ceop-separate': '14 or 15',
  ceop: '16',
};

/**
 * Parses ISMN text of any layout into `sink`. `source` names the file in errors (and its
 * name gives the variable and sensor of the header+values and CEOP separate layouts).
 * Anything malformed is an InputError naming the line.
 */
export function parseIsmnText(text: string, source: string, sink: IsmnSink): IsmnLayout {
  const lines = splitLines(text);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new InputError(source, 'empty ISMN file');
  const layout = ismnLayout(lines[first]);
  if (!layout) {
    throw new InputError(
      source,
      `line ${first + 1}: not an ISMN header ("CSE Network Station Latitude Longitude Elevation Depth_from Depth_to …") nor a CEOP row (15 fields, or 16 in the CEOP Reference Data Format)`,
    );
  }
  const name = parseIsmnFileName(source);
  const p = new LineParser(source, sink);
  if (layout === 'header-values') {
    const t = tokens(lines[first]);
    const sensorName =
      t.length > 8
        ? t
            .slice(8)
            .join(' ')
            .replace(/^'(.*)'$/, '$1')
        : (name?.sensor ?? null);
    const sensor = p.sensor(t, 0, name?.variable ?? null, sensorName, first + 1);
    for (let i = first + 1; i < lines.length; i++) {
      const r = tokens(lines[i]);
      if (r.length === 0) continue;
      if (r.length < 4) throw new InputError(source, `line ${i + 1}: ${r.length} fields, expected "yyyy/mm/dd hh:mm value flag orig_flag"`);
      p.reading(sensor, r[0], r[1], r[2], r[3], i + 1);
    }
    return layout;
  }
  const width = tokens(lines[first]).length;
  for (let i = first; i < lines.length; i++) {
    const r = tokens(lines[i]);
    if (r.length === 0) continue;
    if (r.length !== width)
      throw new InputError(source, `line ${i + 1}: ${r.length} fields where this file's CEOP rows have ${width} (${CEOP_FIELDS[layout]})`);
    if (!DATE.test(r[2]) || !TIME.test(r[3]))
      throw new InputError(source, `line ${i + 1}: "${r[2]} ${r[3]}" is not the actual UTC date and time (yyyy/mm/dd hh:mm)`);
    if (layout === 'ceop-separate') {
      const sensor = p.sensor(r, 4, name?.variable ?? null, name?.sensor ?? null, i + 1);
      p.reading(sensor, r[0], r[1], r[12], r[13], i + 1);
    } else {
      p.reading(p.sensor(r, 4, 'ts', null, i + 1), r[0], r[1], r[12], r[13], i + 1);
      p.reading(p.sensor(r, 4, 'sm', null, i + 1), r[0], r[1], r[14], r[15], i + 1);
    }
  }
  return layout;
}

/** Checks fields and turns them into sensors and readings. */
class LineParser {
  private readonly known = new Map<string, number>();

  constructor(
    private readonly source: string,
    private readonly sink: IsmnSink,
  ) {}

  /** The sensor of `t[at…at+7]` (CSE, network, station, lat, lon, elevation, depth from, depth to). */
  sensor(t: readonly string[], at: number, variable: string | null, sensorName: string | null, line: number): number {
    const key = `${t[at + 1]}\u0000${t[at + 2]}\u0000${t[at + 6]}\u0000${t[at + 7]}\u0000${variable}`;
    const known = this.known.get(key);
    if (known !== undefined) return known;
    const num = (i: number, what: string) => {
      const s = t[at + i];
      if (!DECIMAL.test(s)) throw new InputError(this.source, `line ${line}: ${what} "${s}" is not a number`);
      return Number(s);
    };
    const lat = num(3, 'latitude');
    if (lat < -90 || lat > 90) throw new InputError(this.source, `line ${line}: latitude ${lat} is outside [-90, 90]`);
    const lon = num(4, 'longitude');
    if (lon < -180 || lon > 180) throw new InputError(this.source, `line ${line}: longitude ${lon} is outside [-180, 180]`);
    const elevation = num(5, 'elevation');
    const depthFrom = num(6, 'depth_from');
    const depthTo = num(7, 'depth_to');
    if (depthFrom > depthTo) throw new InputError(this.source, `line ${line}: depth_from ${depthFrom} m is below depth_to ${depthTo} m`);
    const index = this.sink.sensor({
      network: t[at + 1],
      station: t[at + 2],
      lat,
      lon,
      elevation,
      depthFrom,
      depthTo,
      variable,
      sensor: sensorName,
    });
    this.known.set(key, index);
    return index;
  }

  reading(sensor: number, date: string, time: string, value: string, flag: string, line: number): void {
    const m = DATE.exec(date);
    const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
    if (!m || !isIsoDate(iso)) throw new InputError(this.source, `line ${line}: "${date}" is not a calendar date written yyyy/mm/dd`);
    if (!TIME.test(time)) throw new InputError(this.source, `line ${line}: "${time}" is not a time written hh:mm`);
    let v = NaN;
    if (value.toLowerCase() !== 'nan') {
      if (!DECIMAL.test(value)) throw new InputError(this.source, `line ${line}: value "${value}" is not a number`);
      v = Number(value);
      if (v <= MISSING_BELOW) v = NaN;
    }
    this.sink.reading(sensor, iso, v, flag, line);
  }
}
