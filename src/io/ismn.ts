/**
 * ISMN station data as the ISMN download service ships it: one `.stm` file per sensor (or
 * per station in the CEOP Reference Data Format), nested NETWORK/STATION/ in a download
 * folder, in any of the layouts of ismn-format.ts. Readings of the selected variable,
 * depth range, flags and names become daily means per sensor and UTC day; everything left
 * out is counted in a SelectionTally.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { StationSelection } from '../config/stations-config.js';
import { readCsvText } from './csv.js';
import { ismnLayout, parseIsmnFileName, parseIsmnText, splitLines, type IsmnSensor, type IsmnSink } from './ismn-format.js';
import {
  DEFAULT_VARIABLE,
  depthSelected,
  emptyTally,
  flagFilter,
  namesSelected,
  stationKey,
  type SelectionTally,
} from './station-selection.js';
import type { StationObservation } from '../cube/station-observation.js';

/** Enough for an ISMN first line (a CEOP row is about 140 bytes). */
const HEAD_BYTES = 4096;

/** Daily means and what selecting them dropped. */
export interface IsmnRead {
  observations: StationObservation[];
  tally: SelectionTally;
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
    const firstLine = splitLines(head.subarray(0, bytesRead).toString('utf8')).find((l) => l.trim() !== '');
    return firstLine !== undefined && ismnLayout(firstLine) !== null;
  } finally {
    await file.close();
  }
}

export async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** Daily means of an ISMN file, or of every file of the selected variable under a folder. */
export async function readIsmn(path: string, selection: StationSelection = {}): Promise<StationObservation[]> {
  return (await readIsmnCounted(path, selection)).observations;
}

/** As readIsmn, with the counts of what the selection dropped. */
export async function readIsmnCounted(path: string, selection: StationSelection = {}): Promise<IsmnRead> {
  if (!(await isFolder(path))) return readIsmnFile(path, selection);
  const files = await ismnFilesUnder(path, selection.variable ?? DEFAULT_VARIABLE);
  if (files.length === 0) {
    throw new InputError(
      path,
      `no ISMN ${selection.variable ?? DEFAULT_VARIABLE} files (*_${selection.variable ?? DEFAULT_VARIABLE}_FROM_TO_*.stm, or CEOP NETWORK_STATION files) under this folder`,
    );
  }
  const acc = new DailyMeans(selection);
  for (const f of files) parseIsmnText(await readStm(f), f, acc.forFile(f));
  return acc.result();
}

/** The files a station input is read from (for checksums): an ISMN folder's files of the variable, else the path. */
export async function stationInputFiles(path: string, variable = DEFAULT_VARIABLE): Promise<string[]> {
  return (await isFolder(path)) ? ismnFilesUnder(path, variable) : [path];
}

/**
 * Every `.stm` file under `folder` (at any depth, sorted) that holds `variable` (or every
 * `.stm` for `null`): the variable is only in the file name
 * (`CSE_NETWORK_STATION_VAR_FROM_TO_SENSOR_START_END.stm`); CEOP Reference Data Format files
 * (`CSE_NETWORK_STATION_START_END.stm`) hold soil moisture and temperature.
 */
export async function ismnFilesUnder(folder: string, variable: string | null): Promise<string[]> {
  return (await walk(folder)).filter((f) => {
    if (!/\.stm$/i.test(f)) return false;
    const name = parseIsmnFileName(f);
    if (!name) return false;
    if (variable === null) return true;
    return name.variable === null ? variable === 'sm' || variable === 'ts' : name.variable === variable;
  });
}

/** Every file under `folder`, sorted by path. */
export async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(folder, `cannot read station folder (${err.code ?? err.message})`);
  });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, e.name);
    if (e.isDirectory()) out.push(...(await walk(path)));
    else if (e.isFile()) out.push(path);
  }
  return out;
}

/** One sensor per file: even decades of hourly readings stay far below the CSV size limit. */
export function readStm(path: string): Promise<string> {
  return readCsvText(path, 'ISMN file');
}

export async function readIsmnFile(path: string, selection: StationSelection = {}): Promise<IsmnRead> {
  return parseIsmnCounted(await readStm(path), path, selection);
}

/** Parses ISMN text of any layout into daily means per sensor. */
export function parseIsmn(text: string, source: string, selection: StationSelection = {}): StationObservation[] {
  return parseIsmnCounted(text, source, selection).observations;
}

export function parseIsmnCounted(text: string, source: string, selection: StationSelection = {}): IsmnRead {
  const acc = new DailyMeans(selection);
  parseIsmnText(text, source, acc.forFile(source));
  return acc.result();
}

interface SensorDays {
  network: string;
  station: string;
  lat: number;
  lon: number;
  /** Why its readings are dropped, or null when they are candidates (flags decide). */
  dropped: 'variable' | 'name' | 'depth' | null;
  /** Per ISO day: sum and count of the kept readings. */
  days: Map<string, { sum: number; n: number }>;
}

/**
 * Collects readings per sensor (network, station, depth interval) and UTC day; a day's
 * value is the mean of its kept readings, whatever their number.
 */
class DailyMeans {
  private readonly sensors: SensorDays[] = [];
  private readonly tally = emptyTally();
  private readonly variable: string;
  private readonly keepFlag: (flag: string) => boolean;

  constructor(private readonly selection: StationSelection) {
    this.variable = selection.variable ?? DEFAULT_VARIABLE;
    this.keepFlag = flagFilter(selection);
  }

  /** A sink for the file `source` (sensor indices are per file in the parser, global here). */
  forFile(source: string): IsmnSink {
    const local: number[] = [];
    return {
      sensor: (s) => {
        local.push(this.addSensor(s));
        return local.length - 1;
      },
      reading: (i, date, value, flag, line) => this.reading(source, local[i], date, value, flag, line),
    };
  }

  private addSensor(s: IsmnSensor): number {
    // a file whose name does not tell the variable is read as the variable asked for
    const dropped =
      (s.variable ?? this.variable) !== this.variable
        ? 'variable'
        : !namesSelected(this.selection, s.network, s.station)
          ? 'name'
          : !depthSelected(this.selection, s.depthFrom, s.depthTo)
            ? 'depth'
            : null;
    const key = stationKey(s.network, s.station);
    if (dropped !== 'variable') this.tally.stations.add(key);
    if (dropped === 'name') this.tally.stationsByName.add(key);
    if (dropped === 'depth') this.tally.sensorsByDepth++;
    this.sensors.push({ network: s.network, station: s.station, lat: s.lat, lon: s.lon, dropped, days: new Map() });
    return this.sensors.length - 1;
  }

  private reading(source: string, i: number, date: string, value: number, flag: string, line: number): void {
    const s = this.sensors[i];
    const t = this.tally;
    if (s.dropped === 'variable') return;
    if (Number.isNaN(value)) {
      t.missing++;
      return;
    }
    t.readings++;
    if (s.dropped === 'name') t.byName++;
    else if (s.dropped === 'depth') t.byDepth++;
    else if (!this.keepFlag(flag)) {
      t.byFlag++;
      t.droppedFlags.set(flag, (t.droppedFlags.get(flag) ?? 0) + 1);
    } else {
      if (this.variable === 'sm' && (value < 0 || value > 1)) {
        const hint = value > 1 && value <= 100 ? ' (it looks like percent; ISMN stores m³/m³)' : '';
        throw new InputError(source, `line ${line}: soil moisture ${value} (flag ${flag}) is outside [0, 1] m³/m³${hint}`);
      }
      t.kept++;
      t.stationsKept.add(stationKey(s.network, s.station));
      const day = s.days.get(date);
      if (day) {
        day.sum += value;
        day.n++;
      } else s.days.set(date, { sum: value, n: 1 });
    }
  }

  result(): IsmnRead {
    const observations: StationObservation[] = [];
    for (const { network, station, lat, lon, days } of this.sensors) {
      for (const [date, { sum, n }] of days) observations.push({ network, station, lat, lon, date, sm: sum / n });
    }
    return { observations, tally: this.tally };
  }
}
