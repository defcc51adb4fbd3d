/**
 * A run's station input: a path (CSV, ISMN file or ISMN download folder) and a selection,
 * read with every reading and station it leaves out told as a coded warning.
 */
import type { Logger } from '../log.js';
import type { StationObservation } from '../cube/station-observation.js';
import { readStationsCounted } from './stations.js';
import type { StationInput } from '../config/stations-config.js';
import { describeSelection, unmatchedNames, type SelectionTally } from './station-selection.js';

/** Most station names a warning lists. */
const LISTED = 8;

/** Reads `input`; warns about what the selection dropped (STATION_READINGS_FILTERED, STATIONS_DROPPED, NO_STATIONS_LEFT, …). */
export async function loadStations(input: StationInput, log: Logger): Promise<StationObservation[]> {
  const { observations, tally, format } = await readStationsCounted(input.path, input);
  warnSelection(input, tally, format, log);
  return observations;
}

export function warnSelection(input: StationInput, tally: SelectionTally, format: 'ismn' | 'csv', log: Logger): void {
  const src = input.path;
  if (format === 'csv' && (input.depth || input.flags)) {
    log.warn(
      'STATION_FILTER_NOT_APPLICABLE',
      `${src}: a station CSV has no depths or quality flags: the depth and flag selection do not apply to it`,
    );
  }
  const unmatched = unmatchedNames(input, tally.stations);
  if (unmatched.length > 0) {
    log.warn(
      'STATION_NAMES_UNMATCHED',
      `${src}: ${unmatched.join(', ')} match${unmatched.length === 1 ? 'es' : ''} no station of this input`,
      unmatched.length,
    );
  }
  if (tally.byName > 0) {
    log.info(
      `${src}: ${tally.stationsByName.size} of ${tally.stations.size} stations left out by the network/station names asked for (${tally.byName} readings)`,
    );
  }
  const filtered = tally.byDepth + tally.byFlag;
  if (filtered > 0) {
    const parts: string[] = [];
    if (tally.byFlag > 0) parts.push(`${tally.byFlag} by quality flag (${flagList(tally.droppedFlags)})`);
    if (tally.byDepth > 0)
      parts.push(`${tally.byDepth} of ${tally.sensorsByDepth} sensor${tally.sensorsByDepth === 1 ? '' : 's'} outside the depth range`);
    log.warn(
      'STATION_READINGS_FILTERED',
      `${src}: kept ${tally.kept} of ${tally.readings} readings (${describeSelection(input)}); dropped ${parts.join(', ')}` +
        (tally.missing > 0 ? `; ${tally.missing} readings had no value` : ''),
      filtered,
    );
  }
  const dropped = [...tally.stations].filter((s) => !tally.stationsKept.has(s) && !tally.stationsByName.has(s));
  if (tally.kept === 0) {
    log.warn(
      'NO_STATIONS_LEFT',
      `${src}: no station reading is left (${describeSelection(input)}; ${tally.readings} readings with a value, ${tally.missing} without): ` +
        'widen --station-flags / --station-depth (config "stations": {"flags": …, "depth": …}) or check the names',
      Math.max(1, tally.stations.size),
    );
  } else if (dropped.length > 0) {
    log.warn(
      'STATIONS_DROPPED',
      `${src}: ${dropped.length} of ${tally.stations.size} stations have no reading left after the depth and flag selection: ${listed(dropped)}`,
      dropped.length,
    );
  }
}

function flagList(flags: ReadonlyMap<string, number>): string {
  return [...flags]
    .sort((a, b) => b[1] - a[1])
    .map(([f, n]) => `${f} ×${n}`)
    .join(', ');
}

/** The first few names, and how many more. */
export function listed(names: readonly string[]): string {
  return names.length <= LISTED ? names.join(', ') : `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
}

/** The station input a run.json's configuration recorded (a path, or the object form), or null. */
export function recordedStationInput(recorded: unknown): StationInput | null {
  if (typeof recorded === 'string') return { path: recorded };
  if (typeof recorded === 'object' && recorded !== null && typeof (recorded as { path?: unknown }).path === 'string')
    return recorded as StationInput;
  return null;
}
