import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { FLAG_CODE } from '../config/stations-config.js';
import { ConfigError } from '../../core/errors.js';
import type { StationSelection } from '../config/stations-config.js';

function depthRange(value: string): [number, number] {
  const parts = value.split(',').map((s) => s.trim());
  const [from, to] = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !Number.isFinite(from) || !Number.isFinite(to) || from < 0 || from > to) {
    throw new InvalidArgumentError(`"${value}" is not FROM,TO in metres below the surface (0 ≤ FROM ≤ TO), e.g. 0,0.05`);
  }
  return [from, to];
}

function list(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InvalidArgumentError(`"${value}" has an empty item`);
  return items;
}

function flagList(value: string): string[] {
  const flags = list(value);
  const bad = flags.find((f) => !FLAG_CODE.test(f));
  if (bad !== undefined)
    throw new InvalidArgumentError(`"${bad}" is not an ISMN flag code (G, U, M, C01–C03, D01–D10, or * for every reading)`);
  return flags;
}

/** `--station-depth`, `--station-flags`, `--station-networks`, `--station-names`: which station readings count. */
export function addStationOptions(cmd: Command, prefix = ''): Command {
  return cmd
    .option('--station-depth <from,to>', `${prefix}ISMN sensors whose depth interval lies within FROM–TO m (default 0,0.05)`, depthRange)
    .option('--station-flags <list>', `${prefix}ISMN quality flags kept, comma-separated, or "*" for all (default G,U)`, flagList)
    .option('--station-networks <list>', `${prefix}only stations of these networks, comma-separated`, list)
    .option('--station-names <list>', `${prefix}only these stations, comma-separated`, list);
}

/** The selection the flags give (only the keys given: the rest keep their configured or default values). */
export function stationSelectionFromFlags(opts: Record<string, unknown>): StationSelection {
  const sel: { -readonly [K in keyof StationSelection]: StationSelection[K] } = {};
  if (opts.stationDepth !== undefined) sel.depth = opts.stationDepth as [number, number];
  if (opts.stationFlags !== undefined) sel.flags = opts.stationFlags as string[];
  if (opts.stationNetworks !== undefined) sel.networks = opts.stationNetworks as string[];
  if (opts.stationNames !== undefined) sel.stations = opts.stationNames as string[];
  return sel;
}

export function hasStationFlags(opts: Record<string, unknown>): boolean {
  return Object.keys(stationSelectionFromFlags(opts)).length > 0;
}

/**
 * A configuration's `stations` value with the flags on top: `--stations PATH` (relative to
 * the current folder) replaces the path and keeps the configured selection; the selection
 * flags replace their keys. Unchanged when no station flag is given.
 */
export function mergeStationFlags(configured: unknown, opts: Record<string, unknown>): unknown {
  const path = opts.stations !== undefined ? resolve(String(opts.stations)) : undefined;
  const sel = stationSelectionFromFlags(opts);
  if (path === undefined && Object.keys(sel).length === 0) return configured;
  const base =
    typeof configured === 'object' && configured !== null && !Array.isArray(configured)
      ? configured
      : configured === undefined
        ? {}
        : { path: configured };
  const merged: Record<string, unknown> = { ...base, ...(path !== undefined && { path }), ...sel };
  if (merged.path === undefined) {
    throw new ConfigError(
      '--station-depth/--station-flags/--station-networks/--station-names need a station input: give --stations FILE (or "stations" in the configuration)',
    );
  }
  return merged;
}

/**
 * A BPANN/EnKF configuration's `inputs` with the station flags on top: `--stations PATH`
 * makes the target a station input; the selection flags need a station target. Unchanged
 * when no station flag is given.
 */
export function mergeObsStationFlags(inputs: unknown, opts: Record<string, unknown>): unknown {
  if (opts.stations === undefined && !hasStationFlags(opts)) return inputs;
  const base = typeof inputs === 'object' && inputs !== null && !Array.isArray(inputs) ? (inputs as Record<string, unknown>) : {};
  const obs = base.obs;
  const configured = typeof obs === 'object' && obs !== null && 'stations' in obs ? (obs as { stations: unknown }).stations : undefined;
  if (configured === undefined && opts.stations === undefined) {
    throw new ConfigError(
      '--station-depth/--station-flags/--station-networks/--station-names are for a station target: set inputs.obs to {"stations": …} or give --stations PATH',
    );
  }
  return { ...base, obs: { stations: mergeStationFlags(configured, opts) } };
}
