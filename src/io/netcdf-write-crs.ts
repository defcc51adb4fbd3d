/**
 * The CF grid mapping of an output grid: the `crs` variable's attributes (CF parameters
 * for CF readers, `crs_wkt` / `spatial_ref` WKT 1 with the EPSG authority for GDAL) and the
 * names of the horizontal coordinates. Covers the CRSs smfuse regrids to (grid/crs.ts).
 */
import { ConfigError } from '../../core/errors.js';

export interface NetcdfGridMapping {
  /** lat/lon (degrees) for geographic CRSs, y/x (metres) for projected ones. */
  readonly geographic: boolean;
  /** Attributes of the `crs` variable. */
  readonly attrs: Readonly<Record<string, string | number>>;
}

const DEG = 'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]]';
const METRE = 'UNIT["metre",1,AUTHORITY["EPSG","9001"]]';
const GREENWICH = 'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]]';
const EN = 'AXIS["Easting",EAST],AXIS["Northing",NORTH]';
const WGS84_GEOGCS = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],${GREENWICH},${DEG},AUTHORITY["EPSG","4326"]]`;
const WGS84 = { semi_major_axis: 6378137, inverse_flattening: 298.257223563 };

function projected(name: string, geogcs: string, projection: string, params: Record<string, number>, epsg: number): string {
  const p = Object.entries(params)
    .map(([k, v]) => `PARAMETER["${k}",${v}]`)
    .join(',');
  return `PROJCS["${name}",${geogcs},PROJECTION["${projection}"],${p},${METRE},${EN},AUTHORITY["EPSG","${epsg}"]]`;
}

function geographic(wkt: string, ellipsoid: Record<string, number>): NetcdfGridMapping {
  return {
    geographic: true,
    attrs: { grid_mapping_name: 'latitude_longitude', longitude_of_prime_meridian: 0, ...ellipsoid, crs_wkt: wkt, spatial_ref: wkt },
  };
}

function projectedMapping(cf: Record<string, string | number>, wkt: string): NetcdfGridMapping {
  return { geographic: false, attrs: { ...cf, crs_wkt: wkt, spatial_ref: wkt } };
}

function easeGrid(epsg: 6933 | 3410): NetcdfGridMapping {
  const cea = { standard_parallel_1: 30, central_meridian: 0, false_easting: 0, false_northing: 0 };
  const cf = {
    grid_mapping_name: 'lambert_cylindrical_equal_area',
    standard_parallel: 30,
    longitude_of_central_meridian: 0,
    false_easting: 0,
    false_northing: 0,
  };
  if (epsg === 6933)
    return projectedMapping(
      { ...cf, ...WGS84 },
      projected('WGS 84 / NSIDC EASE-Grid 2.0 Global', WGS84_GEOGCS, 'Cylindrical_Equal_Area', cea, 6933),
    );
  const sphere = `GEOGCS["Unspecified datum based upon the International 1924 Authalic Sphere",DATUM["Not_specified_based_on_International_1924_Authalic_Sphere",SPHEROID["International 1924 Authalic Sphere",6371228,0,AUTHORITY["EPSG","7057"]],AUTHORITY["EPSG","6053"]],${GREENWICH},${DEG},AUTHORITY["EPSG","4053"]]`;
  return projectedMapping(
    { ...cf, earth_radius: 6371228 },
    projected('NSIDC EASE-Grid Global', sphere, 'Cylindrical_Equal_Area', cea, 3410),
  );
}

function utm(epsg: number): NetcdfGridMapping | null {
  const zone = epsg % 100;
  const hemisphere = Math.floor(epsg / 100);
  if (zone < 1 || zone > 60 || (hemisphere !== 326 && hemisphere !== 327)) return null;
  const south = hemisphere === 327;
  const lon0 = zone * 6 - 183;
  const falseNorthing = south ? 10000000 : 0;
  const wkt = projected(
    `WGS 84 / UTM zone ${zone}${south ? 'S' : 'N'}`,
    WGS84_GEOGCS,
    'Transverse_Mercator',
    { latitude_of_origin: 0, central_meridian: lon0, scale_factor: 0.9996, false_easting: 500000, false_northing: falseNorthing },
    epsg,
  );
  return projectedMapping(
    {
      grid_mapping_name: 'transverse_mercator',
      latitude_of_projection_origin: 0,
      longitude_of_central_meridian: lon0,
      scale_factor_at_central_meridian: 0.9996,
      false_easting: 500000,
      false_northing: falseNorthing,
      ...WGS84,
    },
    wkt,
  );
}

/** The grid mapping of EPSG `epsg`; a ConfigError for a CRS without one here (none of smfuse's target CRSs). */
export function netcdfGridMapping(epsg: number): NetcdfGridMapping {
  switch (epsg) {
    case 4326:
      return geographic(
        `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],${GREENWICH},${DEG},AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`,
        WGS84,
      );
    case 4490:
      return geographic(
        `GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],${GREENWICH},${DEG},AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4490"]]`,
        { semi_major_axis: 6378137, inverse_flattening: 298.257222101 },
      );
    case 6933:
    case 3410:
      return easeGrid(epsg);
    case 3857:
      return projectedMapping(
        {
          grid_mapping_name: 'mercator',
          longitude_of_projection_origin: 0,
          scale_factor_at_projection_origin: 1,
          false_easting: 0,
          false_northing: 0,
          semi_major_axis: 6378137,
          semi_minor_axis: 6378137,
        },
        `PROJCS["WGS 84 / Pseudo-Mercator",${WGS84_GEOGCS},PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],${METRE},${EN},EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"],AUTHORITY["EPSG","3857"]]`,
      );
  }
  const m = utm(epsg);
  if (!m) throw new ConfigError(`NetCDF output has no grid mapping for EPSG:${epsg}; use --format geotiff`);
  return m;
}
