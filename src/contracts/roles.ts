/**
 * Input contracts: the unit and physical range of every input role, and how values or a
 * unit attribute that break it are most likely explained (wrong units, raw counts, an
 * undeclared nodata value), with the configuration that fixes it.
 */

export type RoleName = 'sm' | 'lst' | 'ndvi' | 'albedo' | 'dem' | 'station_sm' | 'frozen';

export interface InputRole {
  readonly name: RoleName;
  /** What the values are, in words, as error messages say it (e.g. "LST in kelvin"). */
  readonly what: string;
  readonly unit: string;
  readonly lo: number;
  readonly hi: number;
  /** Unit attributes (normalised by normaliseUnits) that mean the role's unit. */
  readonly units: readonly string[];
  /** Unit attributes that contradict the role, each with its fix. */
  readonly wrongUnits: Readonly<Record<string, string>>;
  /** The likeliest explanation and fix of values outside [lo, hi] with this min and max. */
  explain(min: number, max: number): string | null;
  /** Why legal values with this min and max look wrong anyway, or null. */
  suspicious(min: number, max: number): string | null;
}

const SCALE_FIX = 'set `scale`/`offset` on this input to convert at load, or fix the file';
const DIMENSIONLESS = ['', '1', '-', 'none', 'dimensionless', 'unitless', 'fraction'];
const PERCENT = ['%', 'percent', 'percent (%)', 'pct'];

const percentFix = (what: string) => `${what} looks like percent: divide by 100, or set \`scale: 0.01\` on this input`;
const wrong = (keys: readonly string[], fix: string) => Object.fromEntries(keys.map((k) => [k, fix]));

const sm: InputRole = {
  name: 'sm',
  what: 'soil moisture in m³/m³',
  unit: 'm³/m³',
  lo: 0,
  hi: 1,
  units: ['m3/m3', 'm3 m-3', 'm3m-3', 'cm3/cm3', 'cm3 cm-3', 'mm3/mm3', 'mm3 mm-3', ...DIMENSIONLESS],
  wrongUnits: {
    ...wrong(PERCENT, percentFix('soil moisture')),
    '% saturation':
      'degree of saturation is not a volume fraction: it cannot be fused as soil moisture (use a volumetric product, e.g. ESA CCI COMBINED or PASSIVE)',
    'kg/m2': 'soil water in kg/m² is a mass per area: divide by (1000 kg/m³ × layer depth in m), e.g. `scale: 0.1` for a 0.01 m layer',
    'kg m-2': 'soil water in kg/m² is a mass per area: divide by (1000 kg/m³ × layer depth in m), e.g. `scale: 0.1` for a 0.01 m layer',
  },
  explain: (min, max) => (min >= 0 && max > 1 && max <= 100 ? percentFix('soil moisture') : null),
  suspicious: (_min, max) => (max < 0.02 ? `soil moisture never exceeds ${fmt(max)} m³/m³: percent divided by 100 twice?` : null),
};

const lst: InputRole = {
  name: 'lst',
  what: 'LST in kelvin',
  unit: 'K',
  lo: 150,
  hi: 350,
  units: ['k', 'kelvin', 'degk', 'deg k', 'degrees_kelvin', 'degree_kelvin'],
  wrongUnits: {
    ...wrong(
      ['degc', 'deg c', 'deg_c', '°c', 'c', 'celsius', 'degrees_celsius', 'degree_celsius'],
      'LST in °C: add 273.15 (`offset: 273.15`)',
    ),
    ...wrong(['degf', 'deg f', '°f', 'f', 'fahrenheit'], 'LST in °F: `scale: 0.5555556, offset: 255.372222` gives kelvin'),
  },
  explain(min, max) {
    if (min >= -100 && max <= 100) return 'LST looks like °C: add 273.15 (`offset: 273.15`)';
    if (min >= 7500 && max <= 65535) return 'LST looks like raw MODIS counts (×50): set `scale: 0.02`';
    return null;
  },
  suspicious: () => null,
};

const ndvi: InputRole = {
  name: 'ndvi',
  what: 'NDVI',
  unit: '1',
  lo: -1,
  hi: 1,
  units: [...DIMENSIONLESS, 'ndvi'],
  wrongUnits: wrong(PERCENT, 'NDVI in percent: set `scale: 0.01`'),
  explain: (min, max) =>
    min >= -10000 && max <= 10000 && max > 100 ? 'NDVI looks like raw MODIS counts (×10000): set `scale: 0.0001`' : null,
  suspicious: (min) => (min > 0.9 ? `NDVI is above ${fmt(min)} everywhere: raw values or a wrong band?` : null),
};

const albedo: InputRole = {
  name: 'albedo',
  what: 'albedo (0–1)',
  unit: '1',
  lo: 0,
  hi: 1,
  units: [...DIMENSIONLESS, 'albedo'],
  wrongUnits: wrong(PERCENT, percentFix('albedo')),
  explain(min, max) {
    if (min < 0) return null;
    if (max <= 100) return `${percentFix('albedo')} (if it is MODIS counts ×1000, \`scale: 0.001\`)`;
    if (max <= 1000) return 'albedo looks like raw MODIS counts (×1000): set `scale: 0.001`';
    return null;
  },
  suspicious: (_min, max) => (max < 0.01 ? `albedo never exceeds ${fmt(max)}: percent divided by 100 twice?` : null),
};

const dem: InputRole = {
  name: 'dem',
  what: 'elevation in metres',
  unit: 'm',
  lo: -500,
  hi: 9000,
  units: ['m', 'metre', 'metres', 'meter', 'meters', 'm a.s.l.', 'masl'],
  wrongUnits: {
    ...wrong(['km', 'kilometre', 'kilometres', 'kilometer', 'kilometers'], 'elevation in km: set `scale: 1000`'),
    ...wrong(['ft', 'feet', 'foot', 'us_survey_foot'], 'elevation in feet: set `scale: 0.3048`'),
  },
  explain: (min, max) =>
    min >= -500 / 0.3048 && max > 9000 && max <= 9000 / 0.3048 ? 'elevation looks like feet: set `scale: 0.3048`' : null,
  suspicious: (min, max) => (min >= -0.5 && max < 10 ? `elevation never exceeds ${fmt(max)} m: in km? (\`scale: 1000\`)` : null),
};

/** A freeze/thaw mask (SMAP SPL3FTP): 1 frozen, 0 thawed; an area mean of it is the frozen fraction. */
const frozen: InputRole = {
  name: 'frozen',
  what: 'freeze/thaw state (1 frozen, 0 thawed, or the frozen fraction of a cell)',
  unit: '1',
  lo: 0,
  hi: 1,
  units: ['frozen (1) / thawed (0)', ...DIMENSIONLESS],
  wrongUnits: {},
  explain: () => 'a freeze/thaw input holds 0 (thawed) to 1 (frozen): give SMAP SPL3FTP `freeze_thaw`, or a 0/1 mask stack',
  suspicious: () => null,
};

/** Station readings are checked line by line as they are parsed (src/io/stations.ts): declared here for the table. */
const stationSm: InputRole = { ...sm, name: 'station_sm' };

export const ROLES: Readonly<Record<RoleName, InputRole>> = { sm, lst, ndvi, albedo, dem, station_sm: stationSm, frozen };

/** The role of each input key of `smfuse grnn` and of gridded `smfuse bpann|enkf`. */
export const INPUT_ROLES: Readonly<Record<string, RoleName>> = {
  ecv: 'sm',
  fy: 'sm',
  lst: 'lst',
  ndvi: 'ndvi',
  albedo: 'albedo',
  dem: 'dem',
  frozen: 'frozen',
  smap: 'sm',
  clm: 'sm',
  obs: 'sm',
  stations: 'station_sm',
};

/** Fill values that mean "missing" when the file does not declare them as nodata. */
const COMMON_FILLS = [-9999, -999, -32768, -32767, 32767, 65535, -3.4028234663852886e38, 3.4028234663852886e38];

/** Why `value` (outside the range) is there: an undeclared nodata value, or the role's explanation of min/max. */
export function explainOutOfRange(role: InputRole, min: number, max: number): string {
  const fill = COMMON_FILLS.find((f) => Math.fround(f) === Math.fround(min) || Math.fround(f) === Math.fround(max));
  if (fill !== undefined)
    return `${fmt(fill)} looks like a nodata value the file does not declare: declare it (e.g. \`gdal_edit.py -a_nodata ${fmt(fill)}\`)`;
  return role.explain(min, max) ?? `check its units and scale factor: ${SCALE_FIX}`;
}

/** A units attribute as compared with the role lists: trimmed, lower case, `**`/`^` dropped, spaces single. */
export function normaliseUnits(units: string): string {
  return units
    .trim()
    .toLowerCase()
    .replace(/\*\*|\^/g, '')
    .replace(/\s+/g, ' ');
}

/** Six significant digits: enough to recognise a value, without float32 noise. */
export function fmt(v: number): string {
  return String(Number(v.toPrecision(6)));
}
