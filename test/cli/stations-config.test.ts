import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeObsStationFlags, mergeStationFlags } from '../../src/cli/station-options.js';
import { parsePixelMethodConfig } from '../../src/config/pixel-method-config.js';
import { parseGrnnConfig } from '../../src/config/grnn-config.js';
import { ConfigError } from '../../core/errors.js';

const inputs = { ecv: 'ecv.tif', fy: 'fy.tif', lst: 'lst.tif', ndvi: 'ndvi.tif', albedo: 'albedo.tif', dem: 'dem.tif' };
const grnn = (stations: unknown) => parseGrnnConfig({ year: 2013, inputs, stations }, 'run.json', '/base');

describe('stations in a configuration', () => {
  it('takes a path or {path, depth, flags, networks, stations}, the path relative to the file', () => {
    expect(grnn('ismn').stations).toEqual({ path: '/base/ismn' });
    expect(grnn({ path: 'ismn', depth: [0, 0.1], flags: ['G', 'U', 'D01'], networks: ['MAQU'], stations: ['CST05'] }).stations).toEqual({
      path: '/base/ismn',
      depth: [0, 0.1],
      flags: ['G', 'U', 'D01'],
      networks: ['MAQU'],
      stations: ['CST05'],
    });
    expect(grnn(undefined).stations).toBeUndefined();
  });

  it.each([
    [{ path: 'x', depth: [0.1, 0] }, 'stations.depth: depth must be [from, to] with from ≤ to'],
    [{ path: 'x', depth: [-1, 0] }, 'stations.depth.0'],
    [{ path: 'x', flags: ['good'] }, 'stations.flags.0: an ISMN flag code'],
    [{ path: 'x', flags: [] }, 'stations.flags'],
    [{ path: 'x', networks: [''] }, 'stations.networks.0'],
    [{ path: 'x', depths: [0, 1] }, 'depths'],
    [{ flags: ['G'] }, 'stations'],
  ])('refuses %j', (stations, message) => {
    expect(() => grnn(stations)).toThrow(ConfigError);
    expect(() => grnn(stations)).toThrow(message);
  });

  it('is a BPANN/EnKF target as {stations: path} or {stations: {path, …}}', () => {
    const fusion = (obs: unknown) =>
      parsePixelMethodConfig({ year: 2013, inputs: { smap: 'smap.tif', clm: 'clm.tif', lst: 'lst.tif', obs } }, 'run.json', '/base').inputs
        .obs;
    expect(fusion({ stations: 'st.csv' })).toEqual({ stations: { path: '/base/st.csv' } });
    expect(fusion({ stations: { path: 'ismn', flags: ['*'] } })).toEqual({ stations: { path: '/base/ismn', flags: ['*'] } });
  });
});

describe('station flags over a configuration', () => {
  const flags = { stationDepth: [0, 0.1], stationFlags: ['G', 'U', 'D01'] };

  it('keep the configured path (relative to the file) and replace the keys they give', () => {
    expect(mergeStationFlags('ismn', flags)).toEqual({ path: 'ismn', depth: [0, 0.1], flags: ['G', 'U', 'D01'] });
    expect(mergeStationFlags({ path: 'ismn', flags: ['G'], networks: ['MAQU'] }, { stationFlags: ['U'] })).toEqual({
      path: 'ismn',
      flags: ['U'],
      networks: ['MAQU'],
    });
    expect(mergeStationFlags('ismn', {})).toBe('ismn');
  });

  it('--stations replaces the path (from the current folder) and keeps the configured selection', () => {
    expect(mergeStationFlags({ path: 'old', flags: ['U'] }, { stations: 'new' })).toEqual({
      path: join(process.cwd(), 'new'),
      flags: ['U'],
    });
  });

  it('need a station input', () => {
    expect(() => mergeStationFlags(undefined, flags)).toThrow('need a station input: give --stations FILE');
    expect(() => mergeObsStationFlags({ obs: 'obs.tif' }, flags)).toThrow('are for a station target');
    expect(mergeObsStationFlags({ smap: 's.tif', obs: { stations: 'st' } }, { stationNames: ['A'] })).toEqual({
      smap: 's.tif',
      obs: { stations: { path: 'st', stations: ['A'] } },
    });
  });
});
