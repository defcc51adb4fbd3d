/**
 * Which in-situ readings a run uses: depth range, ISMN quality flags, network and station
 * names, variable. The readers count what each criterion drops (SelectionTally), so the
 * user is always told what was left out.
 */
import type { StationSelection } from '../config/stations-config.js';

export const DEFAULT_DEPTH: readonly [number, number] = [0, 0.05];
/**
 * G passed every ISMN check; U was never checked (networks or periods the ISMN quality
 * control does not cover, such as the Maqu and Naqu files, which carry no G at all). C
 * (out of range) and D (dubious: frozen soil, spikes, jumps, rises without rain) are
 * dropped. With `G` alone a plateau network would keep nothing.
 */
export const DEFAULT_FLAGS: readonly string[] = ['G', 'U'];
export const DEFAULT_VARIABLE = 'sm';
/** Depth intervals are compared with this slack, since files print them to 2–6 decimals. */
const DEPTH_SLACK = 1e-9;

/** What selecting readings dropped, and why. */
export interface SelectionTally {
  /** Readings of the selected variable that carry a value. */
  readings: number;
  /** Readings without a value (NaN, -999.99), never used. */
  missing: number;
  kept: number;
  byName: number;
  byDepth: number;
  byFlag: number;
  /** Dropped flag field → readings. */
  droppedFlags: Map<string, number>;
  /** "network/station" of every station seen, of those the name filters dropped, of those with a kept reading. */
  stations: Set<string>;
  stationsByName: Set<string>;
  stationsKept: Set<string>;
  /** Sensors whose depth interval is outside the range. */
  sensorsByDepth: number;
}

export function emptyTally(): SelectionTally {
  return {
    readings: 0,
    missing: 0,
    kept: 0,
    byName: 0,
    byDepth: 0,
    byFlag: 0,
    droppedFlags: new Map(),
    stations: new Set(),
    stationsByName: new Set(),
    stationsKept: new Set(),
    sensorsByDepth: 0,
  };
}

/** Adds `b` into `a`. */
export function addTally(a: SelectionTally, b: SelectionTally): void {
  a.readings += b.readings;
  a.missing += b.missing;
  a.kept += b.kept;
  a.byName += b.byName;
  a.byDepth += b.byDepth;
  a.byFlag += b.byFlag;
  a.sensorsByDepth += b.sensorsByDepth;
  for (const [f, n] of b.droppedFlags) a.droppedFlags.set(f, (a.droppedFlags.get(f) ?? 0) + n);
  for (const s of b.stations) a.stations.add(s);
  for (const s of b.stationsByName) a.stationsByName.add(s);
  for (const s of b.stationsKept) a.stationsKept.add(s);
}

export function stationKey(network: string, station: string): string {
  return `${network}/${station}`;
}

const normalName = (s: string) => s.toLowerCase().replace(/[_\s]/g, '');

/** True when the network and station pass the name filters. */
export function namesSelected(sel: StationSelection, network: string, station: string): boolean {
  if (sel.networks && !sel.networks.some((n) => n.toLowerCase() === network.toLowerCase())) return false;
  if (sel.stations && !sel.stations.some((s) => normalName(s) === normalName(station))) return false;
  return true;
}

/** Filter names that match no station seen (a typo, or a network not in the file). */
export function unmatchedNames(sel: StationSelection, seen: Iterable<string>): string[] {
  const pairs = [...seen].map((k) => {
    const i = k.indexOf('/');
    return [k.slice(0, i), k.slice(i + 1)] as const;
  });
  const out: string[] = [];
  for (const n of sel.networks ?? []) if (!pairs.some(([nw]) => nw.toLowerCase() === n.toLowerCase())) out.push(`network ${n}`);
  for (const s of sel.stations ?? []) if (!pairs.some(([, st]) => normalName(st) === normalName(s))) out.push(`station ${s}`);
  return out;
}

export function depthSelected(sel: StationSelection, from: number, to: number): boolean {
  const [lo, hi] = sel.depth ?? DEFAULT_DEPTH;
  return from >= lo - DEPTH_SLACK && to <= hi + DEPTH_SLACK;
}

/** Tests flag fields against the selection's flags. */
export function flagFilter(sel: StationSelection): (flag: string) => boolean {
  const flags = sel.flags ?? DEFAULT_FLAGS;
  if (flags.includes('*')) return () => true;
  const keep = new Set(flags);
  return (flag) => keep.has(flag) || (flag.includes(',') && flag.split(',').every((code) => keep.has(code)));
}

/** How the selection reads in messages: `depth 0–0.05 m, flags G,U`. */
export function describeSelection(sel: StationSelection): string {
  const [lo, hi] = sel.depth ?? DEFAULT_DEPTH;
  const parts = [`depth ${lo}–${hi} m`, `flags ${(sel.flags ?? DEFAULT_FLAGS).join(',')}`];
  if (sel.networks) parts.push(`networks ${sel.networks.join(',')}`);
  if (sel.stations) parts.push(`stations ${sel.stations.join(',')}`);
  return parts.join(', ');
}
