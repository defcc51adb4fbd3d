import { isIsoDate } from '../cube/dates.js';
import type { StationObservation } from '../cube/station-observation.js';
import { InputError } from '../../core/errors.js';
import { formatCsv, readCsvText } from './csv.js';
import { DECIMAL } from './decimal.js';
import { isIsmnSource, readIsmnCounted, type IsmnRead } from './ismn.js';
import type { StationSelection } from '../config/stations-config.js';
import { emptyTally, namesSelected, stationKey } from './station-selection.js';

const COLUMNS = ['network', 'station', 'lat', 'lon', 'date', 'sm'] as const;
type Column = (typeof COLUMNS)[number];

/** SM cells that mean "no reading" (ISMN-style exports write NaN or NA as well as nothing). */
const MISSING_SM = new Set(['', 'nan', 'na']);

/** Station observations as CSV, header `network,station,lat,lon,date,sm`; numbers round-trip exactly. */
export function formatStationsCsv(obs: readonly StationObservation[]): string {
  return formatCsv(
    COLUMNS,
    obs.map((o) => [o.network, o.station, String(o.lat), String(o.lon), o.date, String(o.sm)]),
  );
}

/**
 * Reads station observations from a CSV file, an ISMN `.stm` file or a folder of ISMN
 * files (an ISMN download), told apart by content; ISMN readings become daily means.
 */
export async function readStations(path: string, selection: StationSelection = {}): Promise<StationObservation[]> {
  return (await readStationsCounted(path, selection)).observations;
}

/** As readStations, with the counts of what the selection dropped (a CSV has no depths or flags: only names select). */
export async function readStationsCounted(path: string, selection: StationSelection = {}): Promise<IsmnRead & { format: 'ismn' | 'csv' }> {
  if (await isIsmnSource(path)) return { ...(await readIsmnCounted(path, selection)), format: 'ismn' };
  const all = await readStationsCsv(path);
  const tally = emptyTally();
  const observations: StationObservation[] = [];
  for (const o of all) {
    const key = stationKey(o.network, o.station);
    tally.stations.add(key);
    tally.readings++;
    if (!namesSelected(selection, o.network, o.station)) {
      tally.byName++;
      tally.stationsByName.add(key);
      continue;
    }
    tally.kept++;
    tally.stationsKept.add(key);
    observations.push(o);
  }
  return { observations, tally, format: 'csv' };
}

/** Reads station observations from CSV (see parseStationsCsv). */
export async function readStationsCsv(path: string): Promise<StationObservation[]> {
  return parseStationsCsv(await readCsvText(path, 'station file'), path);
}

/**
 * Parses station CSV text. Columns network, station, lat, lon, date, sm are matched by
 * header name (any order and case; other columns are ignored). Rows with an empty (or
 * NaN/NA) sm are missing readings and skipped. Anything else wrong is an InputError
 * naming `source`, the line and the column.
 */
export function parseStationsCsv(text: string, source: string): StationObservation[] {
  const records = parseCsvRecords(text.replace(/^\uFEFF/, ''), source);
  if (records.length === 0) throw new InputError(source, 'no header line (expected network,station,lat,lon,date,sm)');
  const header = records[0].fields.map((h) => h.trim());
  const at = columnIndices(header, source, records[0].line);

  const out: StationObservation[] = [];
  for (const { line, fields } of records.slice(1)) {
    if (fields.length !== header.length) {
      throw new InputError(source, `line ${line}: ${fields.length} fields where the header has ${header.length}`);
    }
    const cell = (c: Column) => fields[at[c]].trim();
    const fail = (c: Column, problem: string) => new InputError(source, `line ${line}, column "${header[at[c]]}": ${problem}`);
    const number = (c: Column): number => {
      const s = cell(c);
      if (s === '') throw fail(c, 'empty value');
      if (!DECIMAL.test(s)) throw fail(c, `"${s}" is not a number`);
      return Number(s);
    };

    const smText = cell('sm');
    if (MISSING_SM.has(smText.toLowerCase())) continue;
    const network = cell('network');
    const station = cell('station');
    if (network === '') throw fail('network', 'empty network name');
    if (station === '') throw fail('station', 'empty station name');
    const lat = number('lat');
    if (lat < -90 || lat > 90) throw fail('lat', `latitude ${lat} is outside [-90, 90]`);
    const lon = number('lon');
    if (lon < -180 || lon > 180) throw fail('lon', `longitude ${lon} is outside [-180, 180]`);
    const date = cell('date');
    if (!isIsoDate(date)) throw fail('date', `"${date}" is not a calendar date written YYYY-MM-DD`);
    const sm = number('sm');
    if (sm < 0 || sm > 1) {
      const hint = sm > 1 && sm <= 100 ? ' (it looks like percent: divide by 100 to give m³/m³)' : '';
      throw fail('sm', `soil moisture ${sm} is outside [0, 1] m³/m³${hint}`);
    }
    out.push({ network, station, lat, lon, date, sm });
  }
  return out;
}

function columnIndices(header: readonly string[], source: string, line: number): Record<Column, number> {
  const lower = header.map((h) => h.toLowerCase());
  const at = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const c of COLUMNS) {
    const i = lower.indexOf(c);
    if (i < 0) missing.push(`"${c}"`);
    else if (lower.indexOf(c, i + 1) >= 0) throw new InputError(source, `line ${line}: column "${c}" appears twice`);
    at[c] = i;
  }
  if (missing.length > 0) {
    throw new InputError(
      source,
      `line ${line}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header: ${header.join(',')})`,
    );
  }
  return at;
}

interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

/** RFC 4180 records (quoted fields may hold commas, doubled quotes and line breaks); blank lines are dropped. */
function parseCsvRecords(text: string, source: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let start = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0].trim() !== '') records.push({ line: start, fields });
    fields = [];
    field = '';
    afterQuote = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
        afterQuote = true;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      afterQuote = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else if (ch === '"' && field.trim() === '' && !afterQuote) {
      quoted = true;
      field = '';
    } else if (afterQuote && ch !== ' ' && ch !== '\t') {
      throw new InputError(source, `line ${line}: unexpected "${ch}" after a closing quote`);
    } else if (!afterQuote) {
      field += ch;
    }
  }
  if (quoted) throw new InputError(source, `line ${start}: quoted field is not closed`);
  endRecord();
  return records;
}
