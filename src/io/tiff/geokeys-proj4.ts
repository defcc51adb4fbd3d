/**
 * A user-defined GeoTIFF CRS (ProjectedCSTypeGeoKey or GeographicTypeGeoKey = 32767) as a
 * proj4 definition, from its GeoKeys: the coordinate transformation (ProjCoordTransGeoKey)
 * with its parameters, and the ellipsoid or sphere. This is how AppEEARS and gdalwarp write
 * MODIS sinusoidal, and how GDAL writes any CRS without an EPSG code. Parameters are read
 * with the fallbacks GDAL's reader uses (e.g. a centre longitude where a natural origin is
 * absent). No datum shift is made: like PROJ's ballpark transformation.
 */
type Keys = Partial<Record<string, unknown>>;

const USER_DEFINED = 32767;
const LINEAR_METRE = 9001;
const ANGULAR_DEGREE = 9102;

/** GeographicTypeGeoKey codes → their ellipsoid (smfuse does not shift datums). */
const GEOGRAPHIC_ELLIPSOID: Record<number, string> = {
  4326: '+datum=WGS84',
  4269: '+ellps=GRS80',
  4258: '+ellps=GRS80',
  4490: '+ellps=GRS80',
  4283: '+ellps=GRS80',
  4612: '+ellps=GRS80',
  4674: '+ellps=GRS80',
  4047: '+R=6371007',
};

/** GeogEllipsoidGeoKey codes (EPSG ellipsoids). */
const ELLIPSOID: Record<number, string> = {
  7030: '+ellps=WGS84',
  7019: '+ellps=GRS80',
  7024: '+ellps=krass',
  7022: '+ellps=intl',
  7004: '+ellps=bessel',
  7008: '+ellps=clrk66',
  7043: '+ellps=WGS72',
  7048: '+R=6371007',
  7035: '+R=6371000',
  7047: '+R=6370997',
};

/** ProjCoordTransGeoKey codes (GeoTIFF spec, CT_*). */
const TRANSFORM_NAMES: Record<number, string> = {
  1: 'TransverseMercator',
  7: 'Mercator',
  8: 'LambertConfConic_2SP',
  9: 'LambertConfConic_1SP',
  10: 'LambertAzimEqualArea',
  11: 'AlbersEqualArea',
  15: 'PolarStereographic',
  17: 'Equirectangular',
  24: 'Sinusoidal',
  28: 'CylindricalEqualArea',
};

function num(keys: Keys, ...names: string[]): number | undefined {
  for (const n of names) {
    const v = keys[`${n}GeoKey`];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

/** The proj4 definition, or a sentence naming the GeoKey values smfuse cannot turn into one. */
export function proj4FromGeoKeys(keys: Keys): string | { error: string } {
  const angular = num(keys, 'GeogAngularUnits');
  if (angular !== undefined && angular !== ANGULAR_DEGREE)
    return { error: `GeogAngularUnitsGeoKey ${angular} (only degrees, 9102, are supported)` };
  const ellipsoid = ellipsoidOf(keys);
  if (typeof ellipsoid !== 'string') return ellipsoid;
  if (keys.GTModelTypeGeoKey === 2) return `+proj=longlat ${ellipsoid} +no_defs`;
  const linear = num(keys, 'ProjLinearUnits');
  if (linear !== undefined && linear !== LINEAR_METRE)
    return { error: `ProjLinearUnitsGeoKey ${linear} (only metres, 9001, are supported)` };
  const projection = num(keys, 'Projection');
  if (projection !== undefined && projection !== USER_DEFINED) {
    // EPSG conversion codes the GeoTIFF spec lists for UTM: 16001–16060 north, 16101–16160 south
    const zone = projection % 100;
    const south = Math.floor(projection / 100) === 161;
    if ((Math.floor(projection / 100) === 160 || south) && zone >= 1 && zone <= 60) {
      return `+proj=utm +zone=${zone}${south ? ' +south' : ''} ${ellipsoid} +units=m +no_defs`;
    }
    return { error: `ProjectionGeoKey ${projection} (an EPSG conversion other than UTM) is not supported` };
  }
  const ct = num(keys, 'ProjCoordTrans');
  if (ct === undefined) return { error: 'user-defined projected CRS without ProjCoordTransGeoKey' };
  const params = transformParams(ct, keys);
  if (params === null) {
    return {
      error: `ProjCoordTransGeoKey ${ct} is not supported (supported: ${Object.entries(TRANSFORM_NAMES)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')})`,
    };
  }
  return `${params} ${ellipsoid} +units=m +no_defs`;
}

function transformParams(ct: number, k: Keys): string | null {
  const lon0 = num(k, 'ProjNatOriginLong', 'ProjFalseOriginLong', 'ProjCenterLong', 'ProjStraightVertPoleLong') ?? 0;
  const lat0 = num(k, 'ProjNatOriginLat', 'ProjFalseOriginLat', 'ProjCenterLat') ?? 0;
  const centreLon = num(k, 'ProjCenterLong', 'ProjNatOriginLong', 'ProjFalseOriginLong') ?? 0;
  const centreLat = num(k, 'ProjCenterLat', 'ProjNatOriginLat', 'ProjFalseOriginLat') ?? 0;
  const falseOrigin = `+x_0=${num(k, 'ProjFalseEasting', 'ProjFalseOriginEasting', 'ProjCenterEasting') ?? 0} +y_0=${num(k, 'ProjFalseNorthing', 'ProjFalseOriginNorthing', 'ProjCenterNorthing') ?? 0}`;
  const scale = num(k, 'ProjScaleAtNatOrigin', 'ProjScaleAtCenter') ?? 1;
  const lcc2 = () => {
    const lon = num(k, 'ProjFalseOriginLong', 'ProjNatOriginLong', 'ProjCenterLong') ?? 0;
    const lat = num(k, 'ProjFalseOriginLat', 'ProjNatOriginLat', 'ProjCenterLat') ?? 0;
    return `+lat_1=${num(k, 'ProjStdParallel1') ?? 0} +lat_2=${num(k, 'ProjStdParallel2') ?? 0} +lat_0=${lat} +lon_0=${lon}`;
  };
  switch (ct) {
    case 1:
      return `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k=${scale} ${falseOrigin}`;
    case 7: {
      const ts = num(k, 'ProjStdParallel1');
      return `+proj=merc +lon_0=${lon0} ${ts !== undefined ? `+lat_ts=${ts}` : `+k=${scale}`} ${falseOrigin}`;
    }
    case 8:
      return `+proj=lcc ${lcc2()} ${falseOrigin}`;
    case 9:
      return `+proj=lcc +lat_1=${lat0} +lat_0=${lat0} +lon_0=${lon0} +k_0=${scale} ${falseOrigin}`;
    case 10:
      return `+proj=laea +lat_0=${centreLat} +lon_0=${centreLon} ${falseOrigin}`;
    case 11:
      return `+proj=aea ${lcc2()} ${falseOrigin}`;
    case 15: {
      // variant A names the pole and a scale; variant B a latitude of true scale
      const lon = num(k, 'ProjStraightVertPoleLong', 'ProjNatOriginLong') ?? 0;
      const lat = num(k, 'ProjNatOriginLat') ?? 90;
      return Math.abs(lat) === 90
        ? `+proj=stere +lat_0=${lat} +lon_0=${lon} +k=${scale} ${falseOrigin}`
        : `+proj=stere +lat_0=${lat < 0 ? -90 : 90} +lat_ts=${lat} +lon_0=${lon} ${falseOrigin}`;
    }
    case 17:
      return `+proj=eqc +lat_ts=${num(k, 'ProjStdParallel1') ?? 0} +lon_0=${centreLon} ${falseOrigin}`;
    case 24:
      return `+proj=sinu +lon_0=${centreLon} ${falseOrigin}`;
    case 28:
      return `+proj=cea +lat_ts=${num(k, 'ProjStdParallel1') ?? 0} +lon_0=${lon0} ${falseOrigin}`;
    default:
      return null;
  }
}

/** The ellipsoid as proj4 parameters: an EPSG geographic CRS's, else the semi-axes, else an EPSG ellipsoid's. */
function ellipsoidOf(k: Keys): string | { error: string } {
  const geographic = num(k, 'GeographicType');
  if (geographic !== undefined && geographic !== USER_DEFINED) {
    return (
      GEOGRAPHIC_ELLIPSOID[geographic] ?? {
        error: `GeographicTypeGeoKey ${geographic} is not a geographic CRS smfuse knows (${Object.keys(GEOGRAPHIC_ELLIPSOID).join(', ')})`,
      }
    );
  }
  const a = num(k, 'GeogSemiMajorAxis');
  if (a !== undefined && a > 0) {
    const b = num(k, 'GeogSemiMinorAxis');
    const rf = num(k, 'GeogInvFlattening');
    if (rf !== undefined && rf > 0) return `+a=${a} +rf=${rf}`;
    if (b !== undefined && b > 0 && b !== a) return `+a=${a} +b=${b}`;
    if (b === a || rf === 0) return `+R=${a}`;
  }
  const e = num(k, 'GeogEllipsoid');
  if (e !== undefined && ELLIPSOID[e] !== undefined) return ELLIPSOID[e];
  return { error: `no ellipsoid (GeogSemiMajorAxisGeoKey ${a ?? 'missing'}, GeogEllipsoidGeoKey ${e ?? 'missing'})` };
}
