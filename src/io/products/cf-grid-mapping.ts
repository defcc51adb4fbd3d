/**
 * The CRS of a CF grid (a `grid_mapping` variable, as Harmony, GDAL and most NetCDF
 * writers leave it) as an EPSG code smfuse can regrid from (src/grid/crs.ts): the
 * authority code of `crs_wkt` / `spatial_ref` when it has one, else the projection
 * parameters, read by proj4 from the WKT or a proj4 string, or from the CF attributes,
 * matched against the CRSs smfuse knows (geographic WGS 84 / CGCS2000, EASE-Grid 2.0 and
 * v1, UTM on WGS 84, Web Mercator).
 */
import proj4 from 'proj4';
import { InputError } from '../../../core/errors.js';
import { crsDefinition } from '../../grid/crs.js';
import { attrNumbers, attrString, type Attribute, type DataFile, type VariableInfo } from '../data-file.js';

type Attrs = Readonly<Record<string, Attribute>>;

/** What identifies a CRS among those smfuse knows. Angles in degrees. */
interface Projection {
  kind: 'longlat' | 'cea' | 'tmerc' | 'merc' | string;
  lon0: number;
  lat0: number;
  latTs: number;
  k0: number;
  x0: number;
  y0: number;
  /** Semi-major axis and eccentricity squared of the ellipsoid. */
  a: number;
  es: number;
}

const WGS84 = { a: 6378137, es: 0.00669437999014 };
const GRS80_ES = 0.0066943800229;
const EASE1_RADIUS = 6371228;
const DEG = 180 / Math.PI;

/** The grid-mapping variable a data variable names (searched in its group, then the root), or null. */
export function gridMappingOf(data: DataFile, v: VariableInfo): VariableInfo | null {
  const name = attrString(v.attrs, 'grid_mapping')?.trim();
  if (!name) return null;
  // CF 1.7 extended form "crs: x y" names the variable first
  const first = name.split(/[\s:]+/)[0];
  const found = siblingOrRoot(data, v.name, first);
  if (!found) throw new InputError(data.path, `${v.name}: grid_mapping "${name}" names no variable in the file`);
  return data.variable(found);
}

/** `name` in the group of `beside`, else at the root, else as given (NetCDF), or null. */
export function siblingOrRoot(data: DataFile, beside: string, name: string): string | null {
  if (name.startsWith('/')) return data.hasVariable(name) ? name : null;
  const group = beside.includes('/') ? beside.slice(0, beside.lastIndexOf('/')) : '';
  for (const candidate of [`${group}/${name}`, `/${name}`, name]) if (data.hasVariable(candidate)) return candidate;
  return null;
}

/** The EPSG code of a grid-mapping variable's CRS, or an InputError naming what it is. */
export function epsgOfGridMapping(file: string, gm: VariableInfo): number {
  const a = gm.attrs;
  const wkt = attrString(a, 'crs_wkt') ?? attrString(a, 'spatial_ref') ?? attrString(a, 'esri_pe_string');
  const code = epsgAttribute(a) ?? (wkt ? authorityCode(wkt) : null);
  if (code !== null && knownEpsg(code)) return code;
  const definitions = [
    wkt,
    attrString(a, 'proj4'),
    attrString(a, 'proj4text'),
    attrString(a, 'proj4_string'),
    attrString(a, 'proj4_params'),
  ].filter((s): s is string => !!s?.trim());
  for (const d of definitions) {
    const p = fromProj4(d);
    if (p) return epsgOf(file, gm.name, p);
  }
  const cf = fromCfAttributes(a);
  if (cf) return epsgOf(file, gm.name, cf);
  const what = code !== null ? `EPSG:${code}` : `grid_mapping_name "${attrString(a, 'grid_mapping_name') ?? ''}"`;
  throw new InputError(
    file,
    `${gm.name}: the CRS (${what}) is not one smfuse can regrid from; reproject the file (e.g. to EPSG:4326) first`,
  );
}

function knownEpsg(code: number): boolean {
  try {
    crsDefinition(code);
    return true;
  } catch {
    return false;
  }
}

function epsgAttribute(a: Attrs): number | null {
  const s = attrString(a, 'epsg_code') ?? attrString(a, 'EPSG');
  const n = attrNumbers(a, 'epsg_code')?.[0] ?? attrNumbers(a, 'EPSG')?.[0];
  const m = s ? /(\d{4,5})\s*$/.exec(s) : null;
  return m ? Number(m[1]) : n !== undefined && Number.isInteger(n) ? n : null;
}

/** The outermost authority code of a WKT: WKT1 `AUTHORITY["EPSG","32645"]` or WKT2 `ID["EPSG",32645]`, the last in the text. */
export function authorityCode(wkt: string): number | null {
  const all = [...wkt.matchAll(/(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  // a WKT whose last bracket closes right after the authority: that authority is the CRS's own
  const last = all.at(-1);
  if (!last || !/^\s*\]*\s*$/.test(wkt.slice((last.index ?? 0) + last[0].length))) return null;
  return Number(last[1]);
}

function fromProj4(definition: string): Projection | null {
  let d: Record<string, unknown>;
  try {
    d = proj4.Proj(definition) as unknown as Record<string, unknown>;
  } catch {
    return null;
  }
  const num = (k: string, fallback = 0) => (typeof d[k] === 'number' && Number.isFinite(d[k]) ? (d[k] as number) : fallback);
  const name = String(d.projName ?? '').toLowerCase();
  return {
    kind:
      name === 'utm' || name === 'transverse_mercator'
        ? 'tmerc'
        : name === 'mercator' || name === 'popular visualisation pseudo mercator'
          ? 'merc'
          : name,
    lon0: num('long0') * DEG,
    lat0: num('lat0') * DEG,
    latTs: num('lat_ts') * DEG,
    k0: name === 'cea' ? 1 : num('k0', 1),
    x0: num('x0'),
    y0: num('y0'),
    a: num('a'),
    es: num('es'),
  };
}

/** CF Appendix F attributes. */
function fromCfAttributes(a: Attrs): Projection | null {
  const name = attrString(a, 'grid_mapping_name');
  if (!name) return null;
  const n = (k: string, fallback = 0) => attrNumbers(a, k)?.[0] ?? fallback;
  const major = n('semi_major_axis', n('earth_radius', WGS84.a));
  const invF = n('inverse_flattening', attrNumbers(a, 'earth_radius') ? 0 : 298.257223563);
  const minor = n('semi_minor_axis', invF > 0 ? major * (1 - 1 / invF) : major);
  const kinds: Record<string, string> = {
    latitude_longitude: 'longlat',
    lambert_cylindrical_equal_area: 'cea',
    transverse_mercator: 'tmerc',
    mercator: 'merc',
  };
  return {
    kind: kinds[name] ?? name,
    lon0: n('longitude_of_central_meridian', n('longitude_of_projection_origin')),
    lat0: n('latitude_of_projection_origin'),
    latTs: n('standard_parallel'),
    k0: n('scale_factor_at_central_meridian', n('scale_factor_at_projection_origin', 1)),
    x0: n('false_easting'),
    y0: n('false_northing'),
    a: major,
    es: 1 - (minor * minor) / (major * major),
  };
}

function near(x: number, y: number, tol = 1e-6): boolean {
  return Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
}

function epsgOf(file: string, where: string, p: Projection): number {
  const wgs84 = near(p.a, WGS84.a) && near(p.es, WGS84.es, 1e-9);
  const grs80 = near(p.a, WGS84.a) && near(p.es, GRS80_ES, 1e-9);
  const sphere = p.es === 0;
  const origin = near(p.x0, 0) && near(p.y0, 0) && near(p.lon0, 0);
  if (p.kind === 'longlat' && wgs84) return 4326;
  if (p.kind === 'longlat' && grs80) return 4490;
  if (p.kind === 'cea' && origin && near(p.latTs, 30)) {
    if (wgs84) return 6933;
    if (sphere && near(p.a, EASE1_RADIUS)) return 3410;
  }
  if (p.kind === 'tmerc' && wgs84 && near(p.k0, 0.9996) && near(p.x0, 500000) && near(p.lat0, 0)) {
    const zone = (p.lon0 + 183) / 6;
    if (Number.isInteger(Math.round(zone * 1e6) / 1e6) && zone >= 1 && zone <= 60) {
      if (near(p.y0, 0)) return 32600 + Math.round(zone);
      if (near(p.y0, 10000000)) return 32700 + Math.round(zone);
    }
  }
  if (p.kind === 'merc' && sphere && near(p.a, WGS84.a) && origin && near(p.latTs, 0)) return 3857;
  throw new InputError(
    file,
    `${where}: the CRS (${p.kind}, central meridian ${p.lon0}°, ellipsoid a=${p.a}) is not one smfuse can regrid from (geographic WGS 84, EASE-Grid 2.0/v1, UTM on WGS 84, Web Mercator); reproject the file first`,
  );
}
